"""Hot queries at the SQL level: as the app role under row-level security (inside
`tenant_context`, like a request) and as the owner without it, with the same statement and the
same tenant settings, so the difference is what the policies cost.

The two modes alternate in rounds, so a burst of load from elsewhere on the machine hits both
alike.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from apps.benchmark.bench.context import BenchContext
from apps.benchmark.bench.queries import HotQuery
from apps.benchmark.bench.timing import summarize
from apps.core.tenancy import tenant_context

ROUNDS = 5
RLS_OVERHEAD_TARGET_PCT = 10.0


@dataclass
class QueryResult:
    name: str
    seed_claim_ms: str
    rows: int | None = None
    app_role: dict = field(default_factory=dict)
    owner: dict = field(default_factory=dict)
    target_ms: float | None = None
    status: str = "ok"
    detail: str = ""

    @property
    def rls_overhead_pct(self) -> float | None:
        if self.status != "ok":
            return None
        return round((self.app_role["p50_ms"] / self.owner["p50_ms"] - 1) * 100, 1)

    @property
    def rls_overhead_ms(self) -> float | None:
        """The same overhead in milliseconds: for sub-millisecond queries the policies' fixed
        cost per statement (a few hundredths of a millisecond) is a large share."""
        if self.status != "ok":
            return None
        return round(self.app_role["p50_ms"] - self.owner["p50_ms"], 3)

    @property
    def meets_target(self) -> bool | None:
        if self.target_ms is None or self.status != "ok":
            return None
        return self.app_role["p95_ms"] <= self.target_ms

    def as_dict(self) -> dict:
        return {
            **self.__dict__,
            "rls_overhead_pct": self.rls_overhead_pct,
            "rls_overhead_ms": self.rls_overhead_ms,
            "meets_target": self.meets_target,
        }


def _timed_batch(query: HotQuery, ctx: BenchContext, first: int, count: int) -> list[float]:
    samples = []
    with connection.cursor() as cursor:
        for iteration in range(first, first + count):
            params = query.params(ctx, iteration)
            started = time.perf_counter()
            cursor.execute(query.sql, params)
            cursor.fetchall()
            samples.append(time.perf_counter() - started)
    return samples


@contextmanager
def as_owner(ctx: BenchContext) -> Iterator[None]:
    """A transaction as the connection's own (owner) role with the tenant settings set, so
    functions and views that read them answer the same; the owner is not subject to RLS."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.organization_id', %s, true), "
            "set_config('app.user_id', %s, true)",
            [str(ctx.organization.pk), str(ctx.user.pk)],
        )
        yield


def measure_query(
    query: HotQuery, ctx: BenchContext, *, iterations: int, warmup: int
) -> QueryResult:
    if not query.available():
        return QueryResult(
            query.name, query.seed_claim_ms, status="not available",
            detail=f"{query.requires} does not exist yet",
        )  # fmt: skip
    per_round = max(1, iterations // ROUNDS)
    app_samples: list[float] = []
    owner_samples: list[float] = []
    with tenant_context(ctx.organization, ctx.user):
        _timed_batch(query, ctx, 0, warmup)
    with as_owner(ctx):
        _timed_batch(query, ctx, 0, warmup)
    for round_number in range(ROUNDS):
        first = round_number * per_round
        with tenant_context(ctx.organization, ctx.user):
            app_samples += _timed_batch(query, ctx, first, per_round)
        with as_owner(ctx):
            owner_samples += _timed_batch(query, ctx, first, per_round)
    with tenant_context(ctx.organization, ctx.user), connection.cursor() as cursor:
        cursor.execute(query.sql, query.params(ctx, 0))
        rows = len(cursor.fetchall())
    return QueryResult(
        name=query.name,
        seed_claim_ms=query.seed_claim_ms,
        rows=rows,
        app_role=summarize(app_samples).as_dict(),
        owner=summarize(owner_samples).as_dict(),
        target_ms=query.target_ms,
    )
