"""Every paginated list reads its page number through `core.pagination.page_number`."""

import pytest

from apps.core.pagination import MAX_PAGE_NUMBER, page_number


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        (" 3 ", 3),
        ("0003", 3),
        ("0", 1),
        ("-2", 1),
        ("2.5", 1),
        ("٣", 1),  # a digit, but not an ASCII one
        ("10000", MAX_PAGE_NUMBER),
        ("10001", MAX_PAGE_NUMBER),
        ("9223372036854775807", MAX_PAGE_NUMBER),
        ("9" * 5000, MAX_PAGE_NUMBER),
    ],
)
def test_page_number_is_a_whole_number_from_one_to_the_limit(value, number):
    assert page_number(value) == number
