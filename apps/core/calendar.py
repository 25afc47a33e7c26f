"""Which calendar a factory's dates belong to.

The rule: every date Factory Pulse derives from "now" — a project's actual delivery date, the
month in a project code (P-YYMM…), "today" for a form that refuses a date in the past, the last
day of a delegation — is a date of the factory's own calendar, the tenant's timezone
(`organizations.timezone`). A factory in Ho Chi Minh City that ships at 00:30 local time ships on
its own date, whatever the server's zone (UTC) or the zone of the person who clicked.

Times shown to a person stay in that person's timezone (the users app's preferences middleware
activates it); only dates that belong to the factory follow this module. Instants ("overdue" means
a `due_at` in the past) need no calendar: an instant is the same everywhere.

This module knows zones by name only; `apps.organizations.calendar` gives a tenant's zone.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone


def zone_named(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone called `name`, or the site's zone when the name is empty or unknown, so a bad
    value in the tenant's row never turns a page into a 500."""
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def date_in_zone(moment: datetime.datetime, zone_name: str | None) -> datetime.date:
    """The calendar date `moment` falls on in the zone called `zone_name`."""
    return timezone.localtime(moment, zone_named(zone_name)).date()


def today_in_zone(zone_name: str | None, now: datetime.datetime | None = None) -> datetime.date:
    """Today's date in the zone called `zone_name` (at `now`, default the current instant)."""
    return date_in_zone(now or timezone.now(), zone_name)


def end_of_day_in_zone(day: datetime.date, zone_name: str | None) -> datetime.datetime:
    """The last second of `day` in the zone called `zone_name`, as an aware datetime."""
    last_second = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    return timezone.make_aware(last_second, zone_named(zone_name))
