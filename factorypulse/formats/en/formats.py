"""How dates and numbers read in English (FORMAT_MODULE_PATH). One date and one date-time format
for every page; what is not set here is Django's own English format. Times are 24-hour: shifts
are planned that way on the factory floor."""

DATE_FORMAT = "j M Y"  # 18 Apr 2027
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"  # 18 Apr 2027, 14:30
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
