"""A tenant's calendar: the dates of a factory follow its own timezone (the rule is written in
`apps.core.calendar`). Services and forms of the apps above ask here for "today" and for the date
of an instant, given the tenant's id."""

from __future__ import annotations

import datetime

from apps.core.calendar import date_in_zone, today_in_zone
from apps.organizations.models import Organization


def tenant_zone_name(organization_id) -> str:
    """The tenant's timezone name (`organizations.timezone`); empty when the row is not visible,
    which `apps.core.calendar` reads as the site's zone."""
    return (
        Organization.objects.filter(pk=organization_id).values_list("timezone", flat=True).first()
        or ""
    )


def tenant_today(organization_id, now: datetime.datetime | None = None) -> datetime.date:
    """Today in the factory's calendar (at `now`, default the current instant)."""
    return today_in_zone(tenant_zone_name(organization_id), now)


def tenant_date(organization_id, moment: datetime.datetime) -> datetime.date:
    """The date `moment` falls on in the factory's calendar."""
    return date_in_zone(moment, tenant_zone_name(organization_id))
