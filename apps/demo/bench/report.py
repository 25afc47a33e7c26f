"""The benchmark report as JSON (for machines and diffs) and Markdown (for docs/)."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from apps.demo.bench.sql import RLS_OVERHEAD_TARGET_PCT
from apps.demo.bench.timing import ROUNDS


def _ms(value) -> str:
    return "-" if value is None else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def _verdict(ok) -> str:
    return {True: "yes", False: "**no**", None: "-"}[ok]


def render_markdown(report: dict) -> str:
    machine, data = report["machine"], report["dataset"]
    lines = [
        "# Factory Pulse benchmark",
        "",
        f"Measured {report['measured_at']} in {report['seconds']:.0f} s. Each figure is over "
        f"exactly {report['iterations']} timed runs: of each page; of each hot query as the app "
        "role and as the owner; of each side of the dashboard comparison. Modes compared with "
        f"each other take turns in up to {ROUNDS} rounds. {report['warmup']} untimed warm-up "
        "runs of each come first (the pages' replayed SQL runs right after its page, without).",
        "",
        f"- Machine: {machine['cpu_cores']} cores, {machine['platform']}; load average "
        f"{' / '.join(map(str, machine['load_average']))} at start, "
        f"{' / '.join(map(str, report['load_average_end']))} at the end (shared machine).",
        f"- PostgreSQL {machine['postgresql']} (shared_buffers {machine['shared_buffers']}, "
        f"work_mem {machine['work_mem']}); Python {machine['python']}, Django "
        f"{machine['django']}, DEBUG={machine['debug']}; code at {machine['code'] or 'unknown'}.",
        f"- Dataset: {data['tenants']} tenants; signed in as {data['benchmark_user']['email']} "
        f"({data['benchmark_user']['role']}) of {data['benchmark_tenant']['name']}.",
        "",
        "## Pages (server time through the full middleware stack, ms)",
        "",
        "| page | p50 | p95 | p99 | SQL queries | its SQL p50, RLS / owner | target | meets |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for page in report["pages"]:
        if page["status"] != "ok":
            lines.append(f"| {page['name']} | {page['status']}: {page['detail']} |" + " |" * 7)
            continue
        sql = page["sql"]
        replay = (
            f"{_ms(sql['app_role']['p50_ms'])} / {_ms(sql['owner']['p50_ms'])} "
            f"({sql['rls_overhead_pct']:+.0f} %)"
            if sql
            else "-"
        )
        timings = page["timings"]
        target = ", ".join(
            part
            for part in (
                f"p95 ≤ {page['target_ms']:.0f} ms" if page["target_ms"] else "",
                f"≤ {page['target_queries']} queries" if page["target_queries"] else "",
            )
            if part
        )
        lines.append(
            f"| {page['name']} | {_ms(timings['p50_ms'])} | {_ms(timings['p95_ms'])} | "
            f"{_ms(timings['p99_ms'])} | {page['queries']} | {replay} | {target} | "
            f"{_verdict(page['meets_target'])} |"
        )
    lines += [
        "",
        "## Hot queries (SQL level, ms)",
        "",
        "As the app role under RLS inside `tenant_context` vs. the same statement as the owner.",
        "",
        "| query | seed claim | rows | RLS p50 | RLS p95 | RLS p99 | owner p50 | RLS overhead |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for query in report["queries"]:
        app, owner = query["app_role"], query["owner"]
        lines.append(
            f"| {query['name']} | {query['seed_claim_ms'] or '-'} | {query['rows']} | "
            f"{_ms(app['p50_ms'])} | {_ms(app['p95_ms'])} | {_ms(app['p99_ms'])} | "
            f"{_ms(owner['p50_ms'])} | {query['rls_overhead_pct']:+.1f} % "
            f"({query['rls_overhead_ms']:+.2f} ms) |"
        )
    ratio = report["dashboard_ratio"]
    lines += ["", "## Ratios", ""]
    overheads = [q["rls_overhead_pct"] for q in report["queries"]]
    page_overheads = [page["sql"]["rls_overhead_pct"] for page in report["pages"] if page["sql"]]
    lines.append(
        f"- RLS overhead of the {len(overheads)} hot queries above (each one's p50, app role vs. "
        f"owner): median {report['rls_overhead_median_pct']:+.1f} %, worst "
        f"{max(overheads):+.1f} % (target ≤ {RLS_OVERHEAD_TARGET_PCT:.0f} %)."
    )
    lines.append(
        "- In time: median "
        f"{report['rls_overhead_median_ms']:+.2f} ms per statement (sub-millisecond statements "
        "pay the policies' fixed cost; see docs/performance.md for the worst)."
    )
    if page_overheads:
        lines.append(
            f"- RLS overhead of the {len(page_overheads)} pages' own SQL (all their SELECTs "
            f"replayed): median {statistics.median(page_overheads):+.1f} %, worst "
            f"{max(page_overheads):+.1f} %."
        )
    lines.append(
        "- Dashboard, every figure the page shows: read from the materialized views as the KPI, "
        "chart and efficiency panels read them (`dashboard_kpis_from_views()` + "
        "`dashboard_charts_from_views()` + `dashboard_efficiency_from_views()`), p50 "
        f"{_ms(ratio['from_views']['p50_ms'])} ms, vs. aggregated live from the base tables "
        f"(`dashboard_summary_live()`), {_ms(ratio['live']['p50_ms'])} ms: "
        f"**{ratio['speedup']}x**."
    )
    lines.append(
        "- Dashboard, the headline KPIs alone: the KPI panel's read from the views "
        f"(`dashboard_kpis_from_views()`), p50 {_ms(ratio['kpis_from_views']['p50_ms'])} ms, vs. "
        "the seed's live SQL function `get_dashboard_summary()`, "
        f"{_ms(ratio['get_dashboard_summary']['p50_ms'])} ms: **{ratio['kpi_speedup']}x**."
    )
    lines.append(
        f"- Target ≥ {ratio['target_speedup']:.0f}x in both: {_verdict(ratio['meets_target'])}."
    )
    lines += ["", "## Dataset (rows)", "", "| table | all tenants | benchmark tenant |",
              "| --- | ---: | ---: |"]  # fmt: skip
    tenant_rows = data["benchmark_tenant"]["rows"]
    for table, count in data["tables"].items():
        mine = tenant_rows.get(table)
        lines.append(f"| {table} | {count:,} | {'' if mine is None else f'{mine:,}'} |")
    return "\n".join(lines) + "\n"


def write_report(report: dict, output: str) -> tuple[Path, Path]:
    """`output` without suffix: writes `<output>.json` and `<output>.md`."""
    base = Path(output)
    if base.suffix in (".json", ".md"):
        base = base.with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    json_path, md_path = base.with_suffix(".json"), base.with_suffix(".md")
    json_path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    md_path.write_text(render_markdown(report))
    return json_path, md_path
