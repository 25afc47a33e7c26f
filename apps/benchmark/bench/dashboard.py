"""The dashboard's figures from the materialized views vs. the same figures aggregated live from
the base tables, both as the benchmark user inside `tenant_context`, alternating in rounds."""

from __future__ import annotations

import importlib
import time

from apps.benchmark.bench.context import BenchContext
from apps.benchmark.bench.timing import summarize
from apps.core.tenancy import tenant_context

SPEEDUP_TARGET = 20.0
ROUNDS = 5
SELECTORS = "apps.dashboard.selectors"


def _selectors():
    """(from_views, live), or None while the dashboard app does not provide them."""
    try:
        module = importlib.import_module(SELECTORS)
    except ImportError:
        return None
    from_views = getattr(module, "dashboard_summary_from_views", None)
    live = getattr(module, "dashboard_summary_live", None)
    if from_views is None or live is None:
        return None
    return from_views, live


def _timed(function, ctx: BenchContext, count: int) -> list[float]:
    samples = []
    with tenant_context(ctx.organization, ctx.user):
        for _ in range(count):
            started = time.perf_counter()
            function()
            samples.append(time.perf_counter() - started)
    return samples


def measure_dashboard_ratio(ctx: BenchContext, *, iterations: int, warmup: int) -> dict:
    selectors = _selectors()
    if selectors is None:
        return {
            "status": "not available",
            "detail": f"{SELECTORS}.dashboard_summary_from_views/_live do not exist yet",
            "target_speedup": SPEEDUP_TARGET,
        }
    from_views, live = selectors
    _timed(from_views, ctx, warmup)
    _timed(live, ctx, warmup)
    per_round = max(1, iterations // ROUNDS)
    view_samples: list[float] = []
    live_samples: list[float] = []
    for _ in range(ROUNDS):
        view_samples += _timed(from_views, ctx, per_round)
        live_samples += _timed(live, ctx, per_round)
    views, computed = summarize(view_samples), summarize(live_samples)
    speedup = round(computed.p50_ms / views.p50_ms, 1)
    return {
        "status": "ok",
        "from_views": views.as_dict(),
        "live": computed.as_dict(),
        "speedup": speedup,
        "target_speedup": SPEEDUP_TARGET,
        "meets_target": speedup >= SPEEDUP_TARGET,
    }
