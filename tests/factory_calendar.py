"""Instants on both sides of midnight in UTC and in UTC+7, the factory's date at each, and ways to
put a factory and a viewer in given zones: shared by the tests of the factory calendar
(apps.core.calendar)."""

import datetime

from apps.organizations.models import Organization

UTC = datetime.UTC
HO_CHI_MINH = "Asia/Ho_Chi_Minh"
CHICAGO = "America/Chicago"
# Where the person acting reads the clock: never the factory's zone in these tests.
VIEWER_ZONE = {HO_CHI_MINH: CHICAGO, CHICAGO: HO_CHI_MINH}

# (instant in UTC, the factory's zone, the factory's date at that instant)
AROUND_MIDNIGHT = [
    (datetime.datetime(2026, 12, 5, 16, 59, tzinfo=UTC), HO_CHI_MINH, datetime.date(2026, 12, 5)),
    (datetime.datetime(2026, 12, 5, 17, 1, tzinfo=UTC), HO_CHI_MINH, datetime.date(2026, 12, 6)),
    (datetime.datetime(2026, 12, 5, 23, 30, tzinfo=UTC), HO_CHI_MINH, datetime.date(2026, 12, 6)),
    (datetime.datetime(2026, 12, 6, 0, 30, tzinfo=UTC), HO_CHI_MINH, datetime.date(2026, 12, 6)),
    (datetime.datetime(2026, 12, 5, 16, 59, tzinfo=UTC), CHICAGO, datetime.date(2026, 12, 5)),
    (datetime.datetime(2026, 12, 5, 17, 1, tzinfo=UTC), CHICAGO, datetime.date(2026, 12, 5)),
    (datetime.datetime(2026, 12, 5, 23, 30, tzinfo=UTC), CHICAGO, datetime.date(2026, 12, 5)),
    (datetime.datetime(2026, 12, 6, 0, 30, tzinfo=UTC), CHICAGO, datetime.date(2026, 12, 5)),
]


def factory_in(tenant, zone: str) -> None:
    Organization.objects.filter(pk=tenant.pk).update(timezone=zone)


def with_viewer_zone(user, zone: str):
    user.preferences = {**(user.preferences or {}), "timezone": zone}
    user.save(update_fields=["preferences"])
    return user
