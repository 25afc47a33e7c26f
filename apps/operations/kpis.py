"""Seed 1 section 9's KPIs, each judged OK / WARNING / CRITICAL against the seed's thresholds.

One list of definitions (`KPI_DEFINITIONS`: key, label, unit, the rule as text and the rule as a
function), read by the operators' page, `manage.py ops_report`, its JSON and `/metrics`. The
figures come from `apps.operations.kpi_sources`; informational KPIs (INFO) have no threshold.

Installation-wide: every KPI sums all tenants, so only installation operators see them.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.jobs import job_problems, job_statuses
from apps.core.owner import owner_rights
from apps.operations import kpi_sources

logger = logging.getLogger(__name__)

OK, WARNING, CRITICAL, INFO = "OK", "WARNING", "CRITICAL", "INFO"
SEVERITY = {INFO: 0, OK: 0, WARNING: 1, CRITICAL: 2}  # also ops_report's exit status


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: float | None
    unit: str
    threshold: str
    status: str
    note: str = ""
    trend: list[tuple[str, float | None]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "key": self.key, "label": str(self.label), "value": self.value, "unit": self.unit,
            "threshold": str(self.threshold), "status": self.status, "note": self.note,
        }  # fmt: skip


def above(warning: float | None = None, critical: float | None = None) -> Callable:
    """Worse when higher: CRITICAL past `critical`, WARNING past `warning` (strictly above)."""

    def judge(value: float | None) -> str:
        if value is None:
            return OK
        if critical is not None and value > critical:
            return CRITICAL
        if warning is not None and value > warning:
            return WARNING
        return OK

    return judge


def below(warning: float) -> Callable:
    """Worse when lower: WARNING under `warning`."""

    def judge(value: float | None) -> str:
        return OK if value is None or value >= warning else WARNING

    return judge


def informational(value: float | None) -> str:
    return INFO


@dataclass(frozen=True)
class KpiDefinition:
    key: str
    label: str
    unit: str
    threshold: str
    judge: Callable[[float | None], str]
    read: Callable[[datetime.datetime], float | None]


def _data_age_limit() -> int:
    return 3 * settings.DASHBOARD_REFRESH_SECONDS


def _judge_data_age(value: float | None) -> str:
    # Never refreshed is as bad as too old: the dashboard has no data to show.
    return CRITICAL if value is None or value > _data_age_limit() else OK


def _judge_backup_age(value: float | None) -> str:
    if value is None:
        return CRITICAL if settings.BACKUP_REQUIRED else OK
    return CRITICAL if value > settings.BACKUP_MAX_AGE_HOURS else OK


KPI_DEFINITIONS = (
    KpiDefinition("dashboard_p95_ms", _("Dashboard query time (p95, last hour)"), "ms",
                  _("> 200 ms WARNING, > 500 ms CRITICAL"), above(200, 500),
                  kpi_sources.dashboard_p95_ms),
    KpiDefinition("db_connections", _("Database connections"), "",
                  _("> 12 WARNING"), above(warning=12), kpi_sources.database_connections),
    KpiDefinition("pool_utilisation_pct", _("Connection pool utilisation"), "%",
                  _("> 80 % CRITICAL"), above(critical=80), kpi_sources.pool_utilisation_pct),
    KpiDefinition("auth_failure_pct",
                  _("Authentication failures (share of sign-ins, last hour)"), "%",
                  _("> 5 % CRITICAL"), above(critical=5),
                  kpi_sources.auth_failure_pct),
    KpiDefinition("errors_per_minute", _("Application errors (per minute, last 5 min)"), "/min",
                  _("> 10 per minute CRITICAL"), above(critical=10),
                  kpi_sources.errors_per_minute),
    KpiDefinition("mv_refresh_seconds", _("Materialized view refresh time"), "s",
                  _("> 30 s WARNING"), above(warning=30), kpi_sources.mv_refresh_seconds),
    KpiDefinition("dashboard_data_age_seconds", _("Dashboard data age"), "s",
                  _("older than three refresh intervals CRITICAL"), _judge_data_age,
                  kpi_sources.dashboard_data_age_seconds),
    KpiDefinition("cache_hit_pct", _("Cache hit rate (PostgreSQL buffers)"), "%",
                  _("< 70 % WARNING"), below(70), kpi_sources.cache_hit_pct),
    KpiDefinition("backup_age_hours", _("Last good backup's age"), "h",
                  _("older than BACKUP_MAX_AGE_HOURS CRITICAL"), _judge_backup_age,
                  kpi_sources.backup_age_hours),
    KpiDefinition("active_users_24h", _("Active users (24 h)"), "", "", informational,
                  kpi_sources.active_users_24h),
    KpiDefinition("projects_completed_7d", _("Projects completed (7 days)"), "", "",
                  informational, kpi_sources.projects_completed_7d),
    KpiDefinition("stage_changes_per_hour", _("Stage changes (last hour)"), "/h", "",
                  informational, kpi_sources.stage_changes_last_hour),
    KpiDefinition("database_size_bytes", _("Database size"), "B", "", informational,
                  kpi_sources.database_size_bytes),
    KpiDefinition("database_growth_bytes_7d", _("Database growth (7 days)"), "B", "",
                  informational, kpi_sources.database_growth_bytes_7d),
)  # fmt: skip


def _evaluate(definition: KpiDefinition, now: datetime.datetime, using: str) -> Kpi:
    try:
        with transaction.atomic(
            using=using
        ):  # a failed read must not spoil the caller's transaction
            value = definition.read(now)
        status, note = definition.judge(value), ""
    except (DatabaseError, redis.RedisError, OSError) as error:
        logger.warning("KPI %s could not be read: %s", definition.key, error)
        value, note = None, f"{type(error).__name__}: {error}"[:200]
        status = INFO if definition.judge is informational else CRITICAL
    if value is not None:
        value = round(value, 2)
    return Kpi(definition.key, definition.label, value, definition.unit, definition.threshold,
               status, note)  # fmt: skip


def _job_kpis(now: datetime.datetime) -> list[Kpi]:
    """One KPI per beat job: seconds since its last success; CRITICAL when `/health/` would call
    it failing or late (its last run failed, or no success for three of its intervals)."""
    try:
        statuses = job_statuses()
        since = kpi_sources.beat_started_at()
    except redis.RedisError as error:
        note = f"job records unreadable: {error}"[:200]
        return [Kpi("jobs", _("Scheduled jobs"), None, "s", "", CRITICAL, note)]
    kpis = []
    for status in statuses:
        problems = job_problems([status], since=since, now=now)
        succeeded = status.run.succeeded_at if status.run else None
        age = (now - succeeded).total_seconds() if succeeded else None
        every = int(status.job.interval.total_seconds())
        kpis.append(
            Kpi(
                key=f"job:{status.job.name}",
                label=_("Last success of %(job)s") % {"job": status.job.name},
                value=round(age, 1) if age is not None else None,
                unit="s",
                threshold=_("failed, or no success in 3 intervals of %(every)s s: CRITICAL")
                % {"every": every},
                status=CRITICAL if problems else OK,
                note="; ".join(problems)[:300],
            )
        )
    return kpis


def kpis_evaluate(*, now: datetime.datetime | None = None) -> list[Kpi]:
    """Every KPI now. Reads all tenants' figures with the owner's rights (`owner_rights`: inside
    a request, whose transaction runs as the app role, the login role for the length of the reads,
    or the owner's connection of a hardened deployment)."""
    now = now or timezone.now()
    with owner_rights() as using:
        kpis = [_evaluate(definition, now, using) for definition in KPI_DEFINITIONS]
    return kpis + _job_kpis(now)


def overall_status(kpis: list[Kpi]) -> str:
    worst = max((SEVERITY[kpi.status] for kpi in kpis), default=0)
    return {0: OK, 1: WARNING, 2: CRITICAL}[worst]
