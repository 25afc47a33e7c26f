"""Refreshing the dashboard's materialized views: the only writer of their data and of the log.

A refresh runs as the owner of the views (on `apps.core.owner.owner_alias()`'s connection: the
login role of a Celery worker, a management command or `migrate`, or in a hardened deployment the
owner's own connection), never as the app role and never inside a tenant context: the
app role has no access to the `analytics` schema, and a tenant context would mean someone called
this from a request by mistake.

Only one refresh runs at a time: the first statement takes a transaction-level advisory lock with
`pg_try_advisory_xact_lock`; a caller that does not get it returns at once and says so (the
running refresh produces the same data). `REFRESH ... CONCURRENTLY` keeps the views readable
while they are rebuilt. All four are refreshed in one transaction, so the log rows and the views
change together, and the lock is released by the commit.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import gettext_noop

from apps.core.owner import owner_alias
from apps.core.tenancy import app_role, current_tenant
from apps.dashboard.analytics import ANALYTICS_SCHEMA, MATERIALIZED_VIEWS
from apps.dashboard.models import DashboardRefreshLog

logger = logging.getLogger(__name__)

# pg_advisory locks take a bigint; any fixed number unique to this purpose will do.
REFRESH_LOCK_KEY = 0x46505F44415348  # "FP_DASH"

# Plain text for the logs; the page translates it (`gettext(SKIPPED_MESSAGE)`).
SKIPPED_MESSAGE = gettext_noop(
    "Another refresh of the dashboard data is running; this one was skipped."
)


class RefreshNotAllowed(RuntimeError):
    """The refresh was called where it must not run (as the app role or for a tenant)."""


@dataclass(frozen=True)
class ViewRefresh:
    view_name: str
    duration_ms: float
    row_count: int


@dataclass(frozen=True)
class RefreshOutcome:
    """A refresh that ran (`views` says what it did) or was skipped (no views)."""

    refreshed: bool
    views: list[ViewRefresh] = field(default_factory=list)

    @property
    def total_ms(self) -> float:
        return round(sum(view.duration_ms for view in self.views), 1)

    @property
    def message(self) -> str:
        if not self.refreshed:
            return SKIPPED_MESSAGE
        return f"Refreshed {len(self.views)} dashboard views in {self.total_ms:.0f} ms."


def _assert_runs_as_owner(connection) -> None:
    if current_tenant() is not None:
        raise RefreshNotAllowed(
            "The dashboard refresh runs as the database owner, outside any tenant context; "
            "enqueue it (apps.dashboard.tasks.refresh_dashboard_views) instead."
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user::text")
        (role,) = cursor.fetchone()
    if role == app_role():
        raise RefreshNotAllowed(
            f"The dashboard refresh cannot run as the app role {role}: it owns no view."
        )


def dashboard_refresh_views(*, using: str | None = None) -> RefreshOutcome:
    """Refresh all four materialized views unless another refresh holds the lock (on the owner's
    connection unless `using` names one)."""
    using = using or owner_alias()
    connection = connections[using]
    _assert_runs_as_owner(connection)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s), now()", [REFRESH_LOCK_KEY])
        acquired, refreshed_at = cursor.fetchone()
        if not acquired:
            logger.info(SKIPPED_MESSAGE)
            return RefreshOutcome(refreshed=False)
        views = []
        for view in MATERIALIZED_VIEWS:
            started = time.perf_counter()
            cursor.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {view.qualified_name}")
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            cursor.execute(f"SELECT count(*) FROM {view.qualified_name}")
            views.append(ViewRefresh(view.name, duration_ms, cursor.fetchone()[0]))
        DashboardRefreshLog.objects.using(using).bulk_create(
            [
                DashboardRefreshLog(
                    view_name=view.view_name,
                    refreshed_at=refreshed_at,
                    duration_ms=view.duration_ms,
                    row_count=view.row_count,
                )
                for view in views
            ],
            update_conflicts=True,
            unique_fields=["view_name"],
            update_fields=["refreshed_at", "duration_ms", "row_count"],
        )
    outcome = RefreshOutcome(refreshed=True, views=views)
    logger.info(outcome.message)
    return outcome


def dashboard_refresh_if_never_refreshed(*, using: str = DEFAULT_DB_ALIAS) -> RefreshOutcome | None:
    """The first refresh of a new install (called after `migrate`): only when some view has no
    log row yet, and only once the views exist (a partial or backwards migrate has none)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass('public.dashboard_refresh_log') IS NOT NULL "
            "AND to_regclass(%s) IS NOT NULL",
            [f"{ANALYTICS_SCHEMA}.{MATERIALIZED_VIEWS[-1].name}"],
        )
        (installed,) = cursor.fetchone()
    if not installed:
        return None
    logged = DashboardRefreshLog.objects.using(using).count()
    if logged == len(MATERIALIZED_VIEWS):
        return None
    return dashboard_refresh_views(using=using)


def dashboard_refresh_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """`post_migrate` receiver (connected in `DashboardConfig.ready`): a brand-new install (or one
    whose log was emptied) gets its first refresh from `migrate`, so the dashboard has data and
    `/health/` is green before beat's first run."""
    dashboard_refresh_if_never_refreshed(using=using)
