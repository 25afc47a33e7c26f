"""Where each KPI's figure comes from. Each function takes `now` and returns a number or None
(nothing to measure yet); it may raise a database or Redis error, which the KPI reports.

They run with the owner's rights (`kpis.kpis_evaluate`, `apps.core.owner`): the activity, projects
and lockout figures sum every tenant, which the app role cannot see (row-level security; axes'
tables are revoked from it).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Sum

from apps.activity.models import ActivityAction, ActivityLog
from apps.core import jobs
from apps.core.owner import owner_cursor
from apps.core.request_stats import request_window
from apps.dashboard.models import DashboardRefreshLog
from apps.dashboard.selectors import dashboard_freshness
from apps.operations.backup_sets import manifest_finished_at, newest_intact_set
from apps.operations.models import KpiSample
from apps.projects.models import Project, ProjectStatus

HOUR = datetime.timedelta(hours=1)
ERROR_WINDOW_MINUTES = 5
STAGE_CHANGES = (ActivityAction.STAGE_ADVANCED, ActivityAction.STAGE_REVERTED)


def _one(sql: str, params: list | None = None):
    with owner_cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()


def dashboard_p95_ms(now: datetime.datetime) -> float | None:
    """p95 server time of the dashboard's pages over the last hour of real requests."""
    p95 = request_window(60, now=now).dashboard_quantile(0.95)
    return None if p95 is None else p95 * 1000


def errors_per_minute(now: datetime.datetime) -> float:
    """5xx answers per minute, over the last five complete minutes."""
    return request_window(ERROR_WINDOW_MINUTES, now=now, include_current=False).errors_per_minute


def _fresh_statistics() -> None:
    """PostgreSQL reads its statistics views once per transaction and keeps that snapshot; the
    KPIs run inside a request's transaction and must see the present."""
    _one("SELECT pg_stat_clear_snapshot()")


def database_connections(now: datetime.datetime) -> float:
    """Connections to this database (every web and worker process, psql sessions too)."""
    _fresh_statistics()
    return _one("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")[0]


def connection_limit() -> int:
    """DATABASE_CONNECTION_LIMIT, or what the server allows non-superusers."""
    if settings.DATABASE_CONNECTION_LIMIT:
        return settings.DATABASE_CONNECTION_LIMIT
    return _one(
        "SELECT current_setting('max_connections')::int "
        "- current_setting('superuser_reserved_connections')::int"
    )[0]


def pool_utilisation_pct(now: datetime.datetime) -> float:
    return 100.0 * database_connections(now) / connection_limit()


def auth_failure_pct(now: datetime.datetime) -> float | None:
    """Failed sign-ins over all sign-ins in the last hour, from axes' records (failures in the
    failure log, successes in the access log); None without any attempt."""
    since = now - HOUR
    failures, successes = _one(
        "SELECT (SELECT count(*) FROM axes_accessfailurelog WHERE attempt_time > %s), "
        "(SELECT count(*) FROM axes_accesslog WHERE attempt_time > %s)",
        [since, since],
    )
    attempts = failures + successes
    return None if attempts == 0 else 100.0 * failures / attempts


def mv_refresh_seconds(now: datetime.datetime) -> float | None:
    """The last refresh's time: all four views are refreshed in one transaction."""
    total = DashboardRefreshLog.objects.aggregate(total=Sum("duration_ms"))["total"]
    return None if total is None else total / 1000


def dashboard_data_age_seconds(now: datetime.datetime) -> float | None:
    return dashboard_freshness().age_seconds(now)


def cache_hit_pct(now: datetime.datetime) -> float | None:
    """Share of block reads served from PostgreSQL's buffers since its statistics were reset."""
    _fresh_statistics()
    hits, reads = _one(
        "SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()"
    )
    return None if hits + reads == 0 else 100.0 * hits / (hits + reads)


def backup_age_hours(now: datetime.datetime) -> float | None:
    newest = newest_intact_set(Path(settings.BACKUP_DIR))
    if newest is None:
        return None
    finished = manifest_finished_at(newest[1])
    return max(0.0, (now - finished).total_seconds() / 3600)


def active_users_24h(now: datetime.datetime) -> float:
    recent = ActivityLog.objects.filter(created_at__gt=now - 24 * HOUR, user__isnull=False)
    return recent.values("user_id").distinct().count()


def projects_completed_7d(now: datetime.datetime) -> float:
    return Project.objects.filter(
        status=ProjectStatus.COMPLETED, updated_at__gt=now - datetime.timedelta(days=7)
    ).count()


def stage_changes_last_hour(now: datetime.datetime) -> float:
    return ActivityLog.objects.filter(created_at__gt=now - HOUR, action__in=STAGE_CHANGES).count()


def database_size_bytes(now: datetime.datetime) -> float:
    return _one("SELECT pg_database_size(current_database())")[0]


def database_growth_bytes_7d(now: datetime.datetime) -> float | None:
    """Size now less the oldest sampled size of the last seven days; None before any sample."""
    oldest = (
        KpiSample.objects.filter(
            kpi="database_size_bytes",
            taken_at__gte=now - datetime.timedelta(days=7),
            value__isnull=False,
        )
        .order_by("taken_at")
        .first()
    )
    return None if oldest is None else database_size_bytes(now) - oldest.value


def beat_started_at() -> datetime.datetime | None:
    return jobs.beat_started_at()
