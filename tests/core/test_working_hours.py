"""Estimated hours are spent in working time (Monday-Friday, 08:00-12:00 and 13:00-17:00) of the
factory's zone (apps.core.working_hours)."""

import datetime
import zoneinfo

import pytest

from apps.core.working_hours import add_working_hours
from tests.factory_calendar import CHICAGO, HO_CHI_MINH

UTC = datetime.UTC
HCM = zoneinfo.ZoneInfo(HO_CHI_MINH)


def local(zone: str, *args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone))


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        # Inside a morning: the clock runs. (2026-12-07 is a Monday.)
        (local(HO_CHI_MINH, 2026, 12, 7, 9, 0), 2, local(HO_CHI_MINH, 2026, 12, 7, 11, 0)),
        # Across lunch.
        (local(HO_CHI_MINH, 2026, 12, 7, 11, 0), 2, local(HO_CHI_MINH, 2026, 12, 7, 14, 0)),
        # Hours that run out at the end of a period are due then.
        (local(HO_CHI_MINH, 2026, 12, 7, 8, 0), 8, local(HO_CHI_MINH, 2026, 12, 7, 17, 0)),
        (local(HO_CHI_MINH, 2026, 12, 7, 10, 0), 2, local(HO_CHI_MINH, 2026, 12, 7, 12, 0)),
        # At lunch, the hours start at 13:00; in the evening, the next morning.
        (local(HO_CHI_MINH, 2026, 12, 7, 12, 30), 1, local(HO_CHI_MINH, 2026, 12, 7, 14, 0)),
        (local(HO_CHI_MINH, 2026, 12, 7, 19, 0), 2, local(HO_CHI_MINH, 2026, 12, 8, 10, 0)),
        # Friday evening and the weekend go to Monday.
        (local(HO_CHI_MINH, 2026, 12, 4, 18, 0), 2, local(HO_CHI_MINH, 2026, 12, 7, 10, 0)),
        (local(HO_CHI_MINH, 2026, 12, 4, 16, 0), 3, local(HO_CHI_MINH, 2026, 12, 7, 10, 0)),
        (local(HO_CHI_MINH, 2026, 12, 5, 10, 0), 4, local(HO_CHI_MINH, 2026, 12, 7, 12, 0)),
        (local(HO_CHI_MINH, 2026, 12, 6, 23, 59), 8, local(HO_CHI_MINH, 2026, 12, 7, 17, 0)),
        # Weeks: 40 h from Monday 08:00 is Friday 17:00; 41 h is the next Monday 09:00.
        (local(HO_CHI_MINH, 2026, 12, 7, 8, 0), 40, local(HO_CHI_MINH, 2026, 12, 11, 17, 0)),
        (local(HO_CHI_MINH, 2026, 12, 7, 8, 0), 41, local(HO_CHI_MINH, 2026, 12, 14, 9, 0)),
        (local(HO_CHI_MINH, 2026, 12, 5, 8, 0), 200, local(HO_CHI_MINH, 2027, 1, 8, 17, 0)),
        # No hours: the start itself.
        (local(HO_CHI_MINH, 2026, 12, 6, 3, 0), 0, local(HO_CHI_MINH, 2026, 12, 6, 3, 0)),
    ],
)
def test_hours_are_spent_in_working_time(start, hours, due):
    assert add_working_hours(start, hours, HO_CHI_MINH) == due


@pytest.mark.parametrize(
    ("start", "zone", "due"),
    [
        # Friday 23:59 in Ho Chi Minh City (16:59 UTC): the weekend, then Monday 08:00-10:00.
        (datetime.datetime(2026, 12, 4, 16, 59, tzinfo=UTC), HO_CHI_MINH,
         local(HO_CHI_MINH, 2026, 12, 7, 10, 0)),
        # Saturday 00:01 there (17:01 UTC on Friday): Monday too.
        (datetime.datetime(2026, 12, 4, 17, 1, tzinfo=UTC), HO_CHI_MINH,
         local(HO_CHI_MINH, 2026, 12, 7, 10, 0)),
        # Monday 00:30 UTC is 07:30 there: the day starts at 08:00.
        (datetime.datetime(2026, 12, 7, 0, 30, tzinfo=UTC), HO_CHI_MINH,
         local(HO_CHI_MINH, 2026, 12, 7, 10, 0)),
        # Sunday 23:30 UTC is Monday 06:30 there.
        (datetime.datetime(2026, 12, 6, 23, 30, tzinfo=UTC), HO_CHI_MINH,
         local(HO_CHI_MINH, 2026, 12, 7, 10, 0)),
        # The same instants in Chicago (UTC-6): Friday 10:59 and 11:01 are working time there.
        (datetime.datetime(2026, 12, 4, 16, 59, tzinfo=UTC), CHICAGO,
         local(CHICAGO, 2026, 12, 4, 13, 59)),
        (datetime.datetime(2026, 12, 4, 17, 1, tzinfo=UTC), CHICAGO,
         local(CHICAGO, 2026, 12, 4, 14, 1)),
        # Monday 00:30 UTC is Sunday 18:30 in Chicago.
        (datetime.datetime(2026, 12, 7, 0, 30, tzinfo=UTC), CHICAGO,
         local(CHICAGO, 2026, 12, 7, 10, 0)),
    ],
)  # fmt: skip
def test_working_time_is_the_factorys_around_midnight(start, zone, due):
    assert add_working_hours(start, 2, zone) == due


def test_an_unknown_zone_is_the_sites():
    start = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    assert add_working_hours(start, 1, "Not/A_Zone") == start + datetime.timedelta(hours=1)
