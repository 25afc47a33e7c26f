"""manage.py benchmark at tiny scale: a JSON and Markdown report with every page and query."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.demo.bench.context import bench_context
from apps.demo.bench.pages import PAGES, measure_page, signed_in_client
from apps.demo.bench.profiles import OTHER, kind_of, profile_pages
from apps.demo.bench.queries import HOT_QUERIES
from apps.demo.bench.timing import ROUNDS, alternate, percentile, rounds, summarize
from apps.demo.loadgen.loader import generate_load_data
from apps.demo.loadgen.scale import LoadScale
from apps.projects.models import Project


@pytest.fixture
def tiny_dataset(transactional_db):
    """Committed, so each request runs in its own transaction as in production (inside a test
    transaction the nested tenant context adds queries of its own)."""
    return generate_load_data(
        LoadScale(tenants=2, users=24, projects=30, seed=5), as_of=datetime.date(2026, 3, 2)
    )


def test_report_has_every_page_and_query(tiny_dataset, tmp_path):
    call_command(
        "benchmark", iterations=2, warmup=1, output=str(tmp_path / "report"), stdout=io.StringIO()
    )

    report = json.loads((tmp_path / "report.json").read_text())
    assert [page["name"] for page in report["pages"]] == [spec.name for spec in PAGES]
    assert [query["name"] for query in report["queries"]] == [q.name for q in HOT_QUERIES]
    for page in report["pages"]:
        # Every page exists now: each answered (with timings) within the query target.
        assert page["status"] == "ok", page
        assert page["http_status"] == 200 and page["queries"] > 0
        assert page["timings"]["runs"] == 2
        assert page["target_queries"] is None or page["queries"] <= page["target_queries"], page
    replayed = [page for page in report["pages"] if page["sql"]]
    assert all(page["sql"]["statements"] > 0 for page in replayed)
    assert {page["name"] for page in replayed} >= {"project list", "board", "approvals queue"}
    for query in report["queries"]:
        assert query["app_role"]["runs"] == 2 and query["owner"]["runs"] == 2, query
    ratio = report["dashboard_ratio"]
    for side in ("from_views", "live", "kpis_from_views", "get_dashboard_summary"):
        assert ratio[side]["runs"] == 2, side
    assert ratio["speedup"] > 0 and ratio["kpi_speedup"] > 0
    assert report["dataset"]["tables"]["projects"] == 30
    assert report["dataset"]["benchmark_user"]["email"].startswith("benchmark@")
    assert report["machine"]["cpu_cores"] >= 1 and report["machine"]["postgresql"]
    markdown = (tmp_path / "report.md").read_text()
    assert "| page | p50 | p95 | p99 |" in markdown
    assert all(spec.name in markdown for spec in PAGES)


def test_profile_splits_each_pages_time_by_kind_of_code(tiny_dataset, tmp_path):
    call_command(
        "benchmark", profile=True, iterations=3, output=str(tmp_path / "profiles"),
        stdout=io.StringIO(),
    )  # fmt: skip

    markdown = (tmp_path / "profiles.md").read_text()
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and " % |" in line]
    profiled = [spec for spec in PAGES if not spec.revalidate and not spec.panels]
    assert [row.split(" | ")[0][2:] for row in rows] == [spec.name for spec in profiled]
    assert "### project list" in markdown and "ms: `" in markdown
    (board,) = profile_pages(views=3, pages=[spec for spec in PAGES if spec.name == "board"])[
        "pages"
    ]
    assert 99.5 <= sum(board.by_kind.values()) <= 100.5  # every sample has a kind
    assert board.by_kind["templates"] > 0 and board.by_kind["SQL (driver and wait)"] > 0
    assert board.top and all(ms > 0 for _, ms in board.top)


def test_a_frame_is_the_kind_of_its_file():
    assert kind_of("/x/site-packages/psycopg/cursor.py") == "SQL (driver and wait)"
    assert kind_of("/x/site-packages/django/template/base.py") == "templates"
    assert kind_of("/x/site-packages/django/db/models/query.py") == "ORM"
    assert kind_of("/work/main/apps/projects/selectors/list.py") == "our code"
    assert kind_of("/x/site-packages/django/core/handlers/base.py") == (
        "Django: requests, middleware, utilities"
    )
    assert kind_of("/x/site-packages/redis/client.py") == OTHER


def page_query_counts() -> dict[str, int]:
    """Each page's SQL count (all its requests) for the largest tenant's benchmark user."""
    ctx = bench_context()
    client = signed_in_client(ctx)
    counts = {}
    for spec in PAGES:
        result = measure_page(client, spec, ctx, iterations=1, warmup=0)
        assert result.status == "ok", result
        counts[spec.name] = result.queries
    return counts


def test_every_page_runs_as_many_queries_for_a_tenant_27_times_larger(tiny_dataset):
    """The small tenant fits on one page of every list (22 projects); the large one fills every
    page, column and panel (600 projects, 18,000 progress rows)."""
    assert Project.objects.filter(organization=bench_context().organization).count() == 22
    assert bench_context().deep_list_page == 1  # everything on the first page
    small = page_query_counts()
    generate_load_data(
        LoadScale(tenants=1, users=40, projects=600, seed=6),
        append=True,
        as_of=datetime.date(2026, 3, 2),
    )
    ctx = bench_context()
    assert Project.objects.filter(organization=ctx.organization).count() == 600
    # The project list's deep page is a real one here (its last, by a cursor; page 1 before).
    assert ctx.deep_list_page > 10 and ctx.deep_list_cursor

    assert page_query_counts() == small


def test_refuses_an_empty_database(db, tmp_path):
    with pytest.raises(CommandError, match="generate_load_data"):
        call_command("benchmark", iterations=1, output=str(tmp_path / "r"), stdout=io.StringIO())


def test_percentiles_interpolate_between_ranks():
    values = [float(v) for v in range(1, 101)]  # 1..100 ms
    assert percentile(values, 0.5) == pytest.approx(50.5)
    assert percentile(values, 0.95) == pytest.approx(95.05)
    timings = summarize([v / 1000 for v in values])
    assert timings.p99_ms == pytest.approx(99.01) and timings.max_ms == 100.0


@pytest.mark.parametrize("iterations", [1, 2, ROUNDS, 33, 40])
def test_alternate_takes_exactly_iterations_samples_of_each_in_turns(iterations):
    calls = []

    def batch(name):
        def run(iteration_range):
            calls.append((name, list(iteration_range)))
            return [0.001 for _ in iteration_range]

        return run

    first, second = alternate(batch("a"), batch("b"), iterations=iterations, warmup=3)

    assert len(first) == len(second) == iterations
    assert calls[:2] == [("a", [0, 1, 2]), ("b", [0, 1, 2])]  # warm-up, discarded
    timed = calls[2:]
    assert [name for name, _ in timed] == ["a", "b"] * min(ROUNDS, iterations)
    assert [i for name, chunk in timed if name == "a" for i in chunk] == list(range(iterations))
    assert len(rounds(iterations)) == min(ROUNDS, iterations)
