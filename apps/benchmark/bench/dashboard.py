"""What the dashboard's materialized views buy: the figures the page shows, read from the views
as its panels read them, against the same figures aggregated live from the base tables, and
against the seed's live SQL function. All as the benchmark user inside `tenant_context`, taking
turns in rounds (`timing.alternate`).

* from the views: `dashboard_kpis_from_views()`, `dashboard_charts_from_views()` and
  `dashboard_efficiency_from_views()` together, the reads of the KPI, chart and efficiency panels
  (eight queries through the tenant views, plus the roll-up in Python);
* live: `dashboard_summary_live()`, every one of those figures from the base tables now (the ORM
  reference the views are tested against);
* `get_dashboard_summary()`: the seed's SQL function, computing only the headline KPIs live.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection

from apps.benchmark.bench.context import BenchContext
from apps.benchmark.bench.sql import as_app_role
from apps.benchmark.bench.timing import Batch, alternate, summarize, time_each
from apps.dashboard.selectors import (
    dashboard_charts_from_views,
    dashboard_efficiency_from_views,
    dashboard_kpis_from_views,
    dashboard_summary_live,
)

SPEEDUP_TARGET = 20.0


def page_figures_from_views() -> None:
    dashboard_kpis_from_views()
    dashboard_charts_from_views()
    dashboard_efficiency_from_views()


def get_dashboard_summary() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT get_dashboard_summary()")
        cursor.fetchone()


def _batch(function: Callable[[], object], ctx: BenchContext) -> Batch:
    def batch(iterations: range) -> list[float]:
        with as_app_role(ctx):
            return time_each(iterations, lambda iteration: function())

    return batch


def measure_dashboard_ratio(ctx: BenchContext, *, iterations: int, warmup: int) -> dict:
    from_views, live, function = (
        summarize(samples)
        for samples in alternate(
            _batch(page_figures_from_views, ctx),
            _batch(dashboard_summary_live, ctx),
            _batch(get_dashboard_summary, ctx),
            iterations=iterations,
            warmup=warmup,
        )
    )
    speedup = round(live.p50_ms / from_views.p50_ms, 1)
    function_speedup = round(function.p50_ms / from_views.p50_ms, 1)
    return {
        "from_views": from_views.as_dict(),
        "live": live.as_dict(),
        "get_dashboard_summary": function.as_dict(),
        "speedup": speedup,
        "speedup_vs_get_dashboard_summary": function_speedup,
        "target_speedup": SPEEDUP_TARGET,
        "meets_target": min(speedup, function_speedup) >= SPEEDUP_TARGET,
    }
