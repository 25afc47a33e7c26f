"""Every read the dashboard needs. Figures come from the materialized views through the tenant
views; "my work" and the live reference come from the base tables."""

from apps.dashboard.selectors.freshness import dashboard_freshness
from apps.dashboard.selectors.jobs import dashboard_job_rows
from apps.dashboard.selectors.my_work import my_work
from apps.dashboard.selectors.summary import (
    dashboard_charts_from_views,
    dashboard_efficiency_from_views,
    dashboard_kpis_from_views,
    dashboard_summary_from_views,
    dashboard_summary_live,
)

__all__ = [
    "dashboard_charts_from_views",
    "dashboard_efficiency_from_views",
    "dashboard_freshness",
    "dashboard_job_rows",
    "dashboard_kpis_from_views",
    "dashboard_summary_from_views",
    "dashboard_summary_live",
    "my_work",
]
