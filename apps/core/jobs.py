"""The last start, success and error of every scheduled job, for `/health/` and the dashboard.

The worker records them through Celery's task signals (`apps.core.tasks`): the beat task itself,
and, for a job that fans out, each tenant's task (`queue_for_each_tenant` notes which task the
job fanned out to and for which tenants, so a tenant that left is no longer expected to run).

Stored in Redis hashes, not in a table: the figures must be recordable exactly when the
database is what fails (a job's error is most often a database error), writing them costs no
transaction in the job's own, and they are operational state that may be lost with Redis (the
broker holding the jobs is lost then too). A job with no record is judged from the moment beat
started, so a fresh Redis never reports a job as late before it was due.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import redis
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from apps.core.health import CheckResult, redis_client

logger = logging.getLogger(__name__)

RUN_KEY_PREFIX = "factorypulse:job-run:"
FAN_OUT_KEY = "factorypulse:job-fan-out"  # child task name -> the beat task that queues it
FAN_OUT_TENANTS_PREFIX = "factorypulse:job-fan-out-tenants:"  # child -> the tenants of its job
BEAT_STARTED_KEY = "factorypulse:beat-started"
# A job is late once it has not succeeded for more than this many of its intervals.
LATE_AFTER_INTERVALS = 3
ERROR_LENGTH = 300


@dataclass(frozen=True)
class ScheduledJob:
    """One entry of `CELERY_BEAT_SCHEDULE`."""

    name: str
    task: str
    interval: datetime.timedelta


@dataclass(frozen=True)
class JobRun:
    """What the worker recorded of one task (for one tenant when `organization_id` is set)."""

    task: str
    organization_id: str | None
    started_at: datetime.datetime | None
    succeeded_at: datetime.datetime | None
    failed_at: datetime.datetime | None
    error: str

    @property
    def failed_last(self) -> bool:
        return self.failed_at is not None and (
            self.succeeded_at is None or self.failed_at >= self.succeeded_at
        )


def schedule_interval(schedule) -> datetime.timedelta:
    """The time between two runs of a beat entry's `schedule` (seconds, a timedelta, a
    `celery.schedules.schedule`; a crontab counts as daily, the longest common one)."""
    if isinstance(schedule, int | float):
        return datetime.timedelta(seconds=schedule)
    if isinstance(schedule, datetime.timedelta):
        return schedule
    if isinstance(schedule, crontab):
        return datetime.timedelta(days=1)
    return schedule.run_every


def scheduled_jobs() -> list[ScheduledJob]:
    return [
        ScheduledJob(name=name, task=entry["task"], interval=schedule_interval(entry["schedule"]))
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    ]


def scheduled_task_names() -> set[str]:
    return {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def _run_key(task: str, organization_id: object | None) -> str:
    return f"{RUN_KEY_PREFIX}{task}" + (f":{organization_id}" if organization_id else "")


def _stamp(now: datetime.datetime | None) -> str:
    return (now or timezone.now()).isoformat()


def _write(task: str, organization_id: object | None, fields: dict[str, str]) -> None:
    """Recording never breaks the job: with Redis unreachable the worker has no jobs anyway."""
    try:
        redis_client().hset(_run_key(task, organization_id), mapping=fields)
    except redis.RedisError as error:
        logger.warning("Could not record the run of %s: %s", task, error)


def job_started(task: str, organization_id=None, *, now=None) -> None:
    _write(task, organization_id, {"started_at": _stamp(now)})


def job_succeeded(task: str, organization_id=None, *, now=None) -> None:
    _write(task, organization_id, {"succeeded_at": _stamp(now)})


def job_failed(task: str, organization_id=None, *, error: str, now=None) -> None:
    _write(task, organization_id, {"failed_at": _stamp(now), "error": error[:ERROR_LENGTH]})


def job_fanned_out(*, job_task: str, tenant_task: str, organization_ids: Iterable) -> None:
    """`job_task` queued `tenant_task` for these tenants (all its tenants, this run)."""
    try:
        client = redis_client()
        client.hset(FAN_OUT_KEY, tenant_task, job_task)
        client.set(
            FAN_OUT_TENANTS_PREFIX + tenant_task, json.dumps([str(i) for i in organization_ids])
        )
    except redis.RedisError as error:
        logger.warning("Could not record the fan-out of %s: %s", job_task, error)


def record_beat_started(*, now=None) -> None:
    _write_plain(BEAT_STARTED_KEY, _stamp(now))


def _write_plain(key: str, value: str) -> None:
    try:
        redis_client().set(key, value)
    except redis.RedisError as error:
        logger.warning("Could not record %s: %s", key, error)


def _time(raw: bytes | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(raw.decode()) if raw else None


def _run_from(task: str, organization_id: str | None, fields: dict) -> JobRun:
    return JobRun(
        task=task,
        organization_id=organization_id,
        started_at=_time(fields.get(b"started_at")),
        succeeded_at=_time(fields.get(b"succeeded_at")),
        failed_at=_time(fields.get(b"failed_at")),
        error=fields.get(b"error", b"").decode(),
    )


@dataclass(frozen=True)
class JobStatus:
    """A scheduled job with its own run and its tenants' runs (when it fans out)."""

    job: ScheduledJob
    run: JobRun | None
    tenant_runs: list[JobRun]


def job_statuses(*, organization_id=None) -> list[JobStatus]:
    """Every scheduled job and what was recorded of it; the tenants' runs of all tenants, or of
    `organization_id` only. Raises redis.RedisError when Redis cannot be read."""
    client = redis_client()
    fan_out = {parent.decode(): child.decode()
               for child, parent in client.hgetall(FAN_OUT_KEY).items()}  # fmt: skip
    statuses = []
    for job in scheduled_jobs():
        fields = client.hgetall(_run_key(job.task, None))
        run = _run_from(job.task, None, fields) if fields else None
        tenant_runs = []
        tenant_task = fan_out.get(job.task)
        if tenant_task:
            tenants = json.loads(client.get(FAN_OUT_TENANTS_PREFIX + tenant_task) or "[]")
            if organization_id is not None:
                tenants = [t for t in tenants if t == str(organization_id)]
            for tenant in tenants:
                tenant_fields = client.hgetall(_run_key(tenant_task, tenant))
                tenant_runs.append(_run_from(tenant_task, tenant, tenant_fields))
        statuses.append(JobStatus(job=job, run=run, tenant_runs=tenant_runs))
    return statuses


def run_problem(
    run: JobRun | None, interval: datetime.timedelta, since: datetime.datetime | None, now
) -> str | None:
    """Why this run is unhealthy, or None: it failed on its last run, or it has not succeeded
    for more than three intervals (counted from beat's start when it never succeeded)."""
    if run is not None and run.failed_last:
        return f"failed on its last run: {run.error}"
    last_success = (run.succeeded_at if run else None) or since
    if last_success is None:
        return None  # beat never started: the beat check reports that
    if now - last_success > LATE_AFTER_INTERVALS * interval:
        age = int((now - last_success).total_seconds())
        every = int(interval.total_seconds())
        if run is None or run.succeeded_at is None:
            return f"has not succeeded since beat started {age} s ago (runs every {every} s)"
        return f"last succeeded {age} s ago (runs every {every} s)"
    return None


def job_problems(statuses: list[JobStatus], *, since=None, now=None) -> list[str]:
    """One line per job (and tenant) that is unhealthy, naming it."""
    now = now or timezone.now()
    problems = []
    for status in statuses:
        problem = run_problem(status.run, status.job.interval, since, now)
        if problem:
            problems.append(f"{status.job.name}: {problem}")
        for tenant_run in status.tenant_runs:
            problem = run_problem(tenant_run, status.job.interval, since, now)
            if problem:
                problems.append(
                    f"{status.job.name} for tenant {tenant_run.organization_id}: {problem}"
                )
    return problems


def beat_started_at() -> datetime.datetime | None:
    return _time(redis_client().get(BEAT_STARTED_KEY))


def check_scheduled_jobs() -> CheckResult:
    """`/health/`: unhealthy when a scheduled job (or one tenant's part of it) failed on its last
    run or has not succeeded for more than three of its intervals."""
    problems = job_problems(job_statuses(), since=beat_started_at())
    result: CheckResult = {"ok": not problems, "jobs": len(settings.CELERY_BEAT_SCHEDULE)}
    if problems:
        result["error"] = "; ".join(problems)
        result["problems"] = problems
    return result
