"""The SQL a page really runs, captured from one request and replayed: as the app role under
row-level security (inside `tenant_context`, as the request ran it) and as the owner without it.
The difference is what RLS costs that page, whatever its selectors look like.

Only the SELECTs of the tenant transaction are replayed: the session and user lookups before it
run as the login role anyway, and writes must not be repeated.
"""

from __future__ import annotations

import re
import time

from django.db import connection

from apps.benchmark.bench.context import BenchContext
from apps.benchmark.bench.sql import ROUNDS, as_owner
from apps.benchmark.bench.timing import summarize
from apps.core.tenancy import tenant_context

_CURSOR_PREFIX = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR (?:WITH HOLD )?FOR ', re.I)
_OUTSIDE_TENANT = ("django_session", "auth_user_by_id", "set_config(")


def tenant_selects(captured: list[dict]) -> list[str]:
    """The SELECT statements a request ran inside its tenant transaction."""
    statements = []
    for query in captured:
        sql = _CURSOR_PREFIX.sub("", query["sql"].strip())
        if sql[:6].upper() != "SELECT" or any(mark in sql for mark in _OUTSIDE_TENANT):
            continue
        statements.append(sql)
    return statements


def _run_all(statements: list[str], count: int) -> list[float]:
    samples = []
    with connection.cursor() as cursor:
        for _ in range(count):
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            samples.append(time.perf_counter() - started)
    return samples


def measure_replay(statements: list[str], ctx: BenchContext, *, iterations: int) -> dict:
    """Timings of the page's whole SQL (all its SELECTs, in order) in both modes."""
    if not statements:
        return {}
    per_round = max(1, iterations // ROUNDS)
    app: list[float] = []
    owner: list[float] = []
    for _ in range(ROUNDS):
        with tenant_context(ctx.organization, ctx.user):
            app += _run_all(statements, per_round)
        with as_owner(ctx):
            owner += _run_all(statements, per_round)
    app_timings, owner_timings = summarize(app), summarize(owner)
    return {
        "statements": len(statements),
        "app_role": app_timings.as_dict(),
        "owner": owner_timings.as_dict(),
        "rls_overhead_pct": round((app_timings.p50_ms / owner_timings.p50_ms - 1) * 100, 1),
    }
