"""How old the dashboard data is: read from the refresh log (a global table the app role reads)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from apps.dashboard.analytics import MATERIALIZED_VIEWS
from apps.dashboard.models import DashboardRefreshLog


@dataclass(frozen=True)
class Freshness:
    """`data_as_of` is the oldest view's refresh time, or None while any view was never
    refreshed (then the dashboard has nothing to say "as of")."""

    refreshes: list[DashboardRefreshLog]

    @property
    def data_as_of(self) -> datetime.datetime | None:
        if len(self.refreshes) < len(MATERIALIZED_VIEWS):
            return None
        return min(refresh.refreshed_at for refresh in self.refreshes)

    def age_seconds(self, now: datetime.datetime | None = None) -> float | None:
        as_of = self.data_as_of
        if as_of is None:
            return None
        return max(0.0, ((now or timezone.now()) - as_of).total_seconds())


def dashboard_freshness() -> Freshness:
    """One query; works with or without a tenant (the log is not tenant data)."""
    names = [view.name for view in MATERIALIZED_VIEWS]
    return Freshness(list(DashboardRefreshLog.objects.filter(view_name__in=names)))
