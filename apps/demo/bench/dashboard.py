"""What the dashboard's materialized views buy, in two like-for-like comparisons, all as the
benchmark user inside `tenant_context`, taking turns in rounds (`timing.alternate`):

* every figure the page shows: the reads of its KPI, chart and efficiency panels from the views
  (`dashboard_kpis_from_views()`, `dashboard_charts_from_views()` and
  `dashboard_efficiency_from_views()` one after another: eight queries through the tenant views
  and the roll-up in Python) vs. the same figures aggregated live from the base tables by
  `dashboard_summary_live()` (the ORM reference the views are tested against);
* the headline KPIs alone: the KPI panel's read from the views (`dashboard_kpis_from_views()`)
  vs. the seed's live SQL function `get_dashboard_summary()`, which computes only those.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection

from apps.dashboard.selectors import (
    dashboard_charts_from_views,
    dashboard_efficiency_from_views,
    dashboard_kpis_from_views,
    dashboard_summary_live,
)
from apps.demo.bench.context import BenchContext
from apps.demo.bench.sql import as_app_role
from apps.demo.bench.timing import Batch, alternate, summarize, time_each

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
    page, live, kpis, function = (
        summarize(samples)
        for samples in alternate(
            _batch(page_figures_from_views, ctx),
            _batch(dashboard_summary_live, ctx),
            _batch(dashboard_kpis_from_views, ctx),
            _batch(get_dashboard_summary, ctx),
            iterations=iterations,
            warmup=warmup,
        )
    )
    speedup = round(live.p50_ms / page.p50_ms, 1)
    kpi_speedup = round(function.p50_ms / kpis.p50_ms, 1)
    return {
        "from_views": page.as_dict(),
        "live": live.as_dict(),
        "speedup": speedup,
        "kpis_from_views": kpis.as_dict(),
        "get_dashboard_summary": function.as_dict(),
        "kpi_speedup": kpi_speedup,
        "target_speedup": SPEEDUP_TARGET,
        "meets_target": min(speedup, kpi_speedup) >= SPEEDUP_TARGET,
    }
