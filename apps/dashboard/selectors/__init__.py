"""Every read the dashboard needs. Figures come from the materialized views through the tenant
views; "my work" and the live reference come from the base tables."""

from apps.dashboard.selectors.freshness import Freshness, dashboard_freshness
from apps.dashboard.selectors.my_work import MY_WORK_LIMIT, MyWork, my_work
from apps.dashboard.selectors.summary import (
    WORKLOAD_LIMIT,
    ChartFigures,
    DashboardSummary,
    EfficiencyTables,
    KpiFigures,
    Kpis,
    dashboard_charts_from_views,
    dashboard_efficiency_from_views,
    dashboard_kpis_from_views,
    dashboard_summary_from_views,
    dashboard_summary_live,
)

__all__ = [
    "MY_WORK_LIMIT",
    "WORKLOAD_LIMIT",
    "ChartFigures",
    "DashboardSummary",
    "EfficiencyTables",
    "Freshness",
    "KpiFigures",
    "Kpis",
    "MyWork",
    "dashboard_charts_from_views",
    "dashboard_efficiency_from_views",
    "dashboard_freshness",
    "dashboard_kpis_from_views",
    "dashboard_summary_from_views",
    "dashboard_summary_live",
    "my_work",
]
