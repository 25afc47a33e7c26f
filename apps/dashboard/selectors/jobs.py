"""The scheduled jobs as a tenant's managers see them on the freshness panel: for each job, its
own last run, or this tenant's part of it when it runs per tenant (from `apps.core.jobs`)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

import redis
from django.utils import timezone

from apps.core import jobs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobRow:
    name: str
    every: datetime.timedelta
    started_at: datetime.datetime | None
    succeeded_at: datetime.datetime | None
    failed_at: datetime.datetime | None
    error: str
    problem: str | None


def dashboard_job_rows(*, organization_id) -> list[JobRow] | None:
    """One row per scheduled job; None when Redis, which holds the figures, cannot be read (the
    panel says so and still renders)."""
    try:
        statuses = jobs.job_statuses(organization_id=organization_id)
        since = jobs.beat_started_at()
    except redis.RedisError as error:
        logger.warning("Scheduled jobs' runs unreadable: %s", error)
        return None
    now = timezone.now()
    rows = []
    for status in statuses:
        run = status.tenant_runs[0] if status.tenant_runs else status.run
        problem = jobs.run_problem(run, status.job.interval, since, now)
        rows.append(
            JobRow(
                name=status.job.name,
                every=status.job.interval,
                started_at=run.started_at if run else None,
                succeeded_at=run.succeeded_at if run else None,
                failed_at=run.failed_at if run else None,
                error=run.error if run and run.failed_last else "",
                problem=problem,
            )
        )
    return rows
