"""The dashboard's part of `/health/`: how old its materialized views are. Registered with core's
health-check registry in `DashboardConfig.ready()`."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from apps.core.health import CheckResult
from apps.dashboard.selectors import dashboard_freshness


def check_dashboard_data() -> CheckResult:
    """Age of the dashboard's materialized views (their oldest refresh). Unhealthy past three
    refresh intervals, or when they were never refreshed (a new install refreshes once during
    `migrate` and again in `first_run`, so this means refreshes are not running)."""
    interval = settings.DASHBOARD_REFRESH_SECONDS
    with transaction.atomic():  # a failure must not spoil the request's transaction
        freshness = dashboard_freshness()
    age = freshness.age_seconds()
    if age is None:
        return {"ok": False, "error": "the dashboard data has never been refreshed"}
    ok = age <= 3 * interval
    result = {"ok": ok, "age_seconds": round(age, 1), "as_of": freshness.data_as_of.isoformat()}
    if not ok:
        result["error"] = f"dashboard data is {age:.0f} s old (refreshed every {interval} s)"
    return result
