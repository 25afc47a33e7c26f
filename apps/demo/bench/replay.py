"""The SQL a page really runs, captured from one request and replayed: as the app role under
row-level security (inside `tenant_context`, as the request ran it) and as the owner without it.
The difference is what RLS costs that page, whatever its selectors look like.

Only the SELECTs of the tenant transaction are replayed: the session and user lookups before it
run as the login role anyway, and writes must not be repeated.
"""

from __future__ import annotations

import re

from django.db import connection

from apps.demo.bench.context import BenchContext
from apps.demo.bench.sql import Mode, as_app_role, as_owner
from apps.demo.bench.timing import Batch, alternate, overhead_pct, summarize, time_each

_CURSOR_PREFIX = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR (?:WITH HOLD )?FOR ', re.I)
_OUTSIDE_TENANT = ("session_data_for_key(", "auth_user_by_id", "set_config(")


def tenant_selects(captured: list[dict]) -> list[str]:
    """The SELECT statements a request ran inside its tenant transaction."""
    statements = []
    for query in captured:
        sql = _CURSOR_PREFIX.sub("", query["sql"].strip())
        if sql[:6].upper() != "SELECT" or any(mark in sql for mark in _OUTSIDE_TENANT):
            continue
        statements.append(sql)
    return statements


def replay_batch(statements: list[str], ctx: BenchContext, mode: Mode) -> Batch:
    """All the statements, in order, once per iteration, in one `mode` transaction."""

    def batch(iterations: range) -> list[float]:
        with mode(ctx), connection.cursor() as cursor:

            def run(iteration: int) -> None:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

            return time_each(iterations, run)

    return batch


def measure_replay(statements: list[str], ctx: BenchContext, *, iterations: int) -> dict:
    """Timings of the page's whole SQL (all its SELECTs, in order) in both modes."""
    if not statements:
        return {}
    app, owner = alternate(
        replay_batch(statements, ctx, as_app_role),
        replay_batch(statements, ctx, as_owner),
        iterations=iterations,
    )
    app_timings, owner_timings = summarize(app), summarize(owner)
    return {
        "statements": len(statements),
        "app_role": app_timings.as_dict(),
        "owner": owner_timings.as_dict(),
        "rls_overhead_pct": overhead_pct(app_timings.p50_ms, owner_timings.p50_ms),
    }
