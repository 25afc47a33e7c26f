"""The page number a list was asked for, the one way every paginated list reads it.

The number comes from the query string. Anything that is not a whole number of at least 1 is
page 1; anything past `MAX_PAGE_NUMBER` is that page, which every list then treats like any page
past its end. Without the bound, `?page=99999999999999999999` reached PostgreSQL as an OFFSET
beyond bigint and failed the request.
"""

from __future__ import annotations

# Far beyond the last page of any list people page through (10,000 pages of 50 rows is half a
# million rows), and small enough that the offset it makes is an ordinary number.
MAX_PAGE_NUMBER = 10_000


def page_number(value: object) -> int:
    """`value` (a query-string value, or None) as a page number from 1 to MAX_PAGE_NUMBER."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()):
        return 1
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(MAX_PAGE_NUMBER)):  # int() of a few thousand digits would fail
        return MAX_PAGE_NUMBER
    return min(max(int(digits), 1), MAX_PAGE_NUMBER)
