"""The hot queries use indexes, as the app role under RLS, on a dataset big enough for the
planner to prefer them (the "small" scale: eight tenants, 4,000 projects, 120,000 progress
rows, VACUUM ANALYZEd): no sequential scan of projects, progress, approvals or notifications.

Besides the hand-written hot queries (the seed's six and the pages' main reads), every SELECT
each page really runs is captured through the test client and EXPLAINed the same way, so a
page's own query shape is covered too.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.tenancy import tenant_context
from apps.demo.bench.context import bench_context
from apps.demo.bench.pages import PAGES, signed_in_client
from apps.demo.bench.queries import HOT_QUERIES
from apps.demo.bench.replay import tenant_selects
from apps.demo.loadgen.loader import generate_load_data
from apps.demo.loadgen.scale import LoadScale

BIG_TABLES = {"projects", "project_sub_stage_progress", "approvals", "notifications"}
SCALE = LoadScale.named("small", seed=31)


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        generate_load_data(SCALE, as_of=datetime.date.today())
        yield
        call_command("flush", interactive=False, verbosity=0)


def seq_scans(plan: dict) -> list[str]:
    """Relations of the big tables read by a sequential scan anywhere in the plan."""
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in BIG_TABLES:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += seq_scans(child)
    return found


def explain(sql: str, params=None) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return cursor.fetchone()[0][0]["Plan"]


@pytest.mark.parametrize("query", HOT_QUERIES, ids=[query.name for query in HOT_QUERIES])
def test_hot_query_uses_indexes_under_rls(dataset, db, query):
    ctx = bench_context()
    with tenant_context(ctx.organization, ctx.user):
        plan = explain(query.sql, query.params(ctx, 0))
    assert seq_scans(plan) == [], f"{query.name}: {plan}"


@pytest.mark.parametrize("spec", PAGES, ids=[spec.name for spec in PAGES])
def test_page_queries_use_indexes_under_rls(dataset, db, spec):
    ctx = bench_context()
    client = signed_in_client(ctx)
    with CaptureQueriesContext(connection) as captured:
        for path, headers in spec.requests(ctx, 0):
            assert client.get(path, headers=headers, secure=True).status_code == 200, path
    statements = tenant_selects(captured.captured_queries)
    assert statements
    with tenant_context(ctx.organization, ctx.user):
        for sql in statements:
            assert seq_scans(explain(sql)) == [], f"{spec.name}: {sql}"


def test_the_check_sees_a_sequential_scan(dataset, db):
    """A filter no index serves must be caught, or the tests above prove nothing. (As the owner:
    under RLS the tenant filter alone already leads to an index.)"""
    plan = explain("SELECT count(*) FROM projects WHERE notes LIKE %s", ["%urgent%"])
    assert seq_scans(plan) == ["projects"]
