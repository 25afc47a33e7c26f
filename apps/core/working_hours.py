"""Working hours: how estimated durations in hours turn into due instants.

A sub-stage estimated at 8 hours takes a working day, not 8 hours of the clock: a project created
at 22:00 on a Friday is not due at 06:00 on Saturday. The factory's working time is Monday to
Friday, 08:00-12:00 and 13:00-17:00 (8 hours with an hour for lunch), in the factory's own zone
(`apps.core.calendar`). Hours are spent only inside that time, starting from the given instant (or
the next working minute after it), and the due instant is the moment they run out: 2 hours from
Monday 11:00 is Monday 14:00; hours that run out exactly at 12:00 or 17:00 are due then, not at the
next start. Public holidays are not known here.
"""

from __future__ import annotations

import datetime

from apps.core.calendar import zone_named

WORKING_PERIODS = (
    (datetime.time(8, 0), datetime.time(12, 0)),
    (datetime.time(13, 0), datetime.time(17, 0)),
)
WORKING_WEEKDAYS = frozenset(range(5))  # Monday (0) to Friday (4)
WORKING_HOURS_PER_DAY = 8


def add_working_hours(
    start: datetime.datetime, hours: float, zone_name: str | None
) -> datetime.datetime:
    """The instant at which `hours` of working time from `start` have run out, in the factory
    zone called `zone_name`. No hours: `start` itself."""
    remaining = datetime.timedelta(hours=hours)
    if remaining <= datetime.timedelta(0):
        return start
    zone = zone_named(zone_name)
    cursor = start.astimezone(zone)
    day = cursor.date()
    # Whole weeks first, so a long estimate does not walk every day.
    week = datetime.timedelta(hours=WORKING_HOURS_PER_DAY * len(WORKING_WEEKDAYS))
    while True:
        if day.weekday() in WORKING_WEEKDAYS:
            for opens, closes in WORKING_PERIODS:
                period_start = max(datetime.datetime.combine(day, opens, tzinfo=zone), cursor)
                period_end = datetime.datetime.combine(day, closes, tzinfo=zone)
                if period_start >= period_end:
                    continue
                if remaining <= period_end - period_start:
                    return period_start + remaining
                remaining -= period_end - period_start
        day += datetime.timedelta(days=1)
        if day.weekday() == 0 and remaining > week:
            whole_weeks = (remaining - datetime.timedelta(microseconds=1)) // week
            day += datetime.timedelta(weeks=whole_weeks)
            remaining -= week * whole_weeks
