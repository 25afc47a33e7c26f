"""How dates and numbers read in Vietnamese (FORMAT_MODULE_PATH): day/month/year as written in
Vietnam, a dot between thousands and a comma before decimals ("1.628.500 ₫"). Django's own
Vietnamese date ("Ngày 18 tháng 4 năm 2027") is too long for tables."""

DATE_FORMAT = "d/m/Y"  # 18/04/2027
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y H:i"  # 18/04/2027 14:30
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
