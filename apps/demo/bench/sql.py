"""Hot queries at the SQL level: as the app role under row-level security (inside
`tenant_context`, like a request) and as the owner without it, with the same statement and the
same tenant settings, so the difference is what the policies cost.

The two modes alternate in rounds (`timing.alternate`), so a burst of load from elsewhere on the
machine hits both alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from apps.core.tenancy import tenant_context
from apps.demo.bench.context import BenchContext
from apps.demo.bench.queries import HotQuery
from apps.demo.bench.timing import Batch, alternate, overhead_pct, summarize, time_each

RLS_OVERHEAD_TARGET_PCT = 10.0

Mode = Callable[[BenchContext], AbstractContextManager]


@dataclass
class QueryResult:
    name: str
    seed_claim_ms: str
    rows: int
    app_role: dict = field(default_factory=dict)
    owner: dict = field(default_factory=dict)
    target_ms: float | None = None

    @property
    def rls_overhead_pct(self) -> float:
        return overhead_pct(self.app_role["p50_ms"], self.owner["p50_ms"])

    @property
    def rls_overhead_ms(self) -> float:
        """The same overhead in milliseconds: for sub-millisecond queries the policies' fixed
        cost per statement (a few hundredths of a millisecond) is a large share."""
        return round(self.app_role["p50_ms"] - self.owner["p50_ms"], 3)

    @property
    def meets_target(self) -> bool | None:
        if self.target_ms is None:
            return None
        return self.app_role["p95_ms"] <= self.target_ms

    def as_dict(self) -> dict:
        return {
            **self.__dict__,
            "rls_overhead_pct": self.rls_overhead_pct,
            "rls_overhead_ms": self.rls_overhead_ms,
            "meets_target": self.meets_target,
        }


def as_app_role(ctx: BenchContext) -> AbstractContextManager:
    """A transaction as the request would run it: the app role, under RLS."""
    return tenant_context(ctx.organization, ctx.user)


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


def query_batch(query: HotQuery, ctx: BenchContext, mode: Mode) -> Batch:
    """The query once per iteration (each with that iteration's parameters) in one `mode`
    transaction."""

    def batch(iterations: range) -> list[float]:
        with mode(ctx), connection.cursor() as cursor:

            def run(iteration: int) -> None:
                cursor.execute(query.sql, query.params(ctx, iteration))
                cursor.fetchall()

            return time_each(iterations, run)

    return batch


def measure_query(
    query: HotQuery, ctx: BenchContext, *, iterations: int, warmup: int
) -> QueryResult:
    app_samples, owner_samples = alternate(
        query_batch(query, ctx, as_app_role),
        query_batch(query, ctx, as_owner),
        iterations=iterations,
        warmup=warmup,
    )
    with as_app_role(ctx), connection.cursor() as cursor:
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
