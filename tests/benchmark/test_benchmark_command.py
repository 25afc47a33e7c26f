"""manage.py benchmark at tiny scale: a JSON and Markdown report with every page and query."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.benchmark.bench.context import bench_context
from apps.benchmark.bench.pages import PAGES, PageSpec, measure_page, signed_in_client
from apps.benchmark.bench.queries import HOT_QUERIES
from apps.benchmark.bench.timing import percentile, summarize
from apps.benchmark.loadgen.loader import generate_load_data
from apps.benchmark.loadgen.scale import LoadScale


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
        assert query["status"] == "ok", query
        assert query["app_role"]["runs"] >= 2 and query["owner"]["runs"] >= 2
    assert report["dashboard_ratio"]["status"] == "ok"
    assert report["dataset"]["tables"]["projects"] == 30
    assert report["dataset"]["benchmark_user"]["email"].startswith("benchmark@")
    assert report["machine"]["cpu_cores"] >= 1 and report["machine"]["postgresql"]
    markdown = (tmp_path / "report.md").read_text()
    assert "| page | p50 | p95 | p99 |" in markdown
    assert all(spec.name in markdown for spec in PAGES)


def test_a_page_without_a_url_is_not_available_not_faked(tiny_dataset):
    ctx = bench_context()
    spec = PageSpec("future page", "nowhere:page")

    result = measure_page(signed_in_client(ctx), spec, ctx, iterations=2, warmup=0)

    assert result.status == "not available" and result.timings == {} and result.queries is None


def test_refuses_an_empty_database(db, tmp_path):
    with pytest.raises(CommandError, match="generate_load_data"):
        call_command("benchmark", iterations=1, output=str(tmp_path / "r"), stdout=io.StringIO())


def test_percentiles_interpolate_between_ranks():
    values = [float(v) for v in range(1, 101)]  # 1..100 ms
    assert percentile(values, 0.5) == pytest.approx(50.5)
    assert percentile(values, 0.95) == pytest.approx(95.05)
    timings = summarize([v / 1000 for v in values])
    assert timings.p99_ms == pytest.approx(99.01) and timings.max_ms == 100.0
