"""The factory calendar's helpers (apps.core.calendar) at frozen instants on both sides of
midnight in UTC and in UTC+7: the date is the zone's, never the machine's or the active one's."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from apps.core.calendar import date_in_zone, end_of_day_in_zone, today_in_zone
from tests.factory_calendar import CHICAGO, HO_CHI_MINH

UTC = datetime.UTC

# (instant in UTC, zone, the zone's date at that instant)
AROUND_MIDNIGHT = [
    (datetime.datetime(2026, 12, 5, 16, 59, tzinfo=UTC), HO_CHI_MINH, datetime.date(2026, 12, 5)),
    (datetime.datetime(2026, 12, 5, 17, 1, tzinfo=UTC), HO_CHI_MINH, datetime.date(2026, 12, 6)),
    (datetime.datetime(2026, 12, 5, 23, 30, tzinfo=UTC), HO_CHI_MINH, datetime.date(2026, 12, 6)),
    (datetime.datetime(2026, 12, 6, 0, 30, tzinfo=UTC), HO_CHI_MINH, datetime.date(2026, 12, 6)),
    (datetime.datetime(2026, 12, 5, 16, 59, tzinfo=UTC), CHICAGO, datetime.date(2026, 12, 5)),
    (datetime.datetime(2026, 12, 5, 23, 30, tzinfo=UTC), CHICAGO, datetime.date(2026, 12, 5)),
    (datetime.datetime(2026, 12, 6, 0, 30, tzinfo=UTC), CHICAGO, datetime.date(2026, 12, 5)),
    (datetime.datetime(2026, 12, 6, 6, 1, tzinfo=UTC), CHICAGO, datetime.date(2026, 12, 6)),
    (datetime.datetime(2026, 12, 5, 23, 30, tzinfo=UTC), "UTC", datetime.date(2026, 12, 5)),
    (datetime.datetime(2026, 12, 6, 0, 30, tzinfo=UTC), "UTC", datetime.date(2026, 12, 6)),
]


@pytest.mark.parametrize(("instant", "zone", "expected"), AROUND_MIDNIGHT)
def test_today_is_the_zones_date_whatever_zone_is_active(instant, zone, expected):
    with time_machine.travel(instant, tick=False), timezone.override("Pacific/Kiritimati"):
        assert today_in_zone(zone) == expected
        assert date_in_zone(timezone.now(), zone) == expected


def test_an_unknown_or_empty_zone_name_falls_back_to_the_sites_zone():
    instant = datetime.datetime(2026, 12, 5, 23, 30, tzinfo=UTC)
    assert today_in_zone("Mars/Olympus_Mons", instant) == datetime.date(2026, 12, 5)
    assert today_in_zone("", instant) == datetime.date(2026, 12, 5)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (HO_CHI_MINH, datetime.datetime(2026, 12, 6, 16, 59, 59, tzinfo=UTC)),
        (CHICAGO, datetime.datetime(2026, 12, 7, 5, 59, 59, tzinfo=UTC)),
    ],
)
def test_the_end_of_a_day_is_its_last_second_in_the_zone(zone, expected):
    assert end_of_day_in_zone(datetime.date(2026, 12, 6), zone) == expected
