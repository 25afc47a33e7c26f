"""One benchmark run: pages, hot queries, ratios, machine and dataset, as one report dict."""

from __future__ import annotations

import datetime
import os
import statistics
import time
from collections.abc import Callable

from apps.demo.bench.context import BenchContext, bench_context
from apps.demo.bench.dashboard import measure_dashboard_ratio
from apps.demo.bench.environment import dataset, machine
from apps.demo.bench.pages import PAGES, PageSpec, measure_page, signed_in_client
from apps.demo.bench.queries import HOT_QUERIES, HotQuery
from apps.demo.bench.sql import measure_query


def run_benchmark(
    *,
    iterations: int,
    warmup: int,
    tenant_slug: str = "",
    user_email: str = "",
    pages: tuple[PageSpec, ...] = PAGES,
    queries: tuple[HotQuery, ...] = HOT_QUERIES,
    say: Callable[[str], None] = lambda line: None,
) -> dict:
    started = time.monotonic()
    ctx: BenchContext = bench_context(tenant_slug=tenant_slug, user_email=user_email)
    report = {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "iterations": iterations,
        "warmup": warmup,
        "machine": machine(),
        "dataset": dataset(ctx),
    }
    client = signed_in_client(ctx)
    report["pages"] = []
    for spec in pages:
        result = measure_page(client, spec, ctx, iterations=iterations, warmup=warmup)
        say(f"page  {spec.name}: {result.status} {result.timings.get('p95_ms', '')}")
        report["pages"].append(result.as_dict())
    report["queries"] = []
    for query in queries:
        result = measure_query(query, ctx, iterations=iterations, warmup=warmup)
        say(f"query {query.name}: p50 {result.app_role['p50_ms']} ms")
        report["queries"].append(result.as_dict())
    # Over every hot query measured (the seed's six and the pages' own), the median of each
    # query's p50 overhead.
    report["rls_overhead_median_pct"] = round(
        statistics.median(q["rls_overhead_pct"] for q in report["queries"]), 1
    )
    # Below a millisecond the policies' fixed cost per statement dominates the percentage.
    report["rls_overhead_median_ms"] = round(
        statistics.median(q["rls_overhead_ms"] for q in report["queries"]), 3
    )
    report["dashboard_ratio"] = measure_dashboard_ratio(ctx, iterations=iterations, warmup=warmup)
    say(f"dashboard, views vs. live: {report['dashboard_ratio']['speedup']}x")
    report["load_average_end"] = [round(value, 2) for value in os.getloadavg()]
    report["seconds"] = round(time.monotonic() - started, 1)
    return report
