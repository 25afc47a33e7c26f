"""`/health/` sees the scheduled jobs: each job's (and each tenant's) last start, success and
error are recorded as the task runs, and the `jobs` check turns unhealthy, naming the job and the
tenant, when one failed on its last run or has not succeeded for more than three intervals.
(The recording in a real worker is proven in `tests/jobs`.)"""

import datetime

import pytest
import time_machine

from apps.approvals import tasks as approvals_tasks
from apps.core import jobs

pytestmark = pytest.mark.django_db

SWEEP = "apps.approvals.tasks.approvals_sweep_all_tenants"
SWEEP_TENANT = "apps.approvals.tasks.approvals_sweep_tenant"
HEARTBEAT = "apps.core.tasks.record_heartbeat"


@pytest.fixture
def sweep_fanned_out(tenant, other_tenant, monkeypatch, no_job_records):
    """The approvals sweep ran (its tenants' tasks held back: they run below, eagerly)."""
    monkeypatch.setattr(approvals_tasks.approvals_sweep_tenant, "delay", lambda **kwargs: None)
    approvals_tasks.approvals_sweep_all_tenants.apply()


def run_tenant_sweep(tenant):
    return approvals_tasks.approvals_sweep_tenant.apply(kwargs={"organization_id": str(tenant.pk)})


def test_a_job_and_each_tenants_part_record_their_runs(sweep_fanned_out, tenant, other_tenant):
    run_tenant_sweep(tenant)

    (status,) = [s for s in jobs.job_statuses() if s.job.task == SWEEP]
    assert status.run.started_at <= status.run.succeeded_at and status.run.error == ""
    runs = {run.organization_id: run for run in status.tenant_runs}
    assert set(runs) == {str(tenant.pk), str(other_tenant.pk)}
    assert runs[str(tenant.pk)].succeeded_at is not None
    assert runs[str(other_tenant.pk)].started_at is None  # queued, not run yet
    assert jobs.check_scheduled_jobs()["ok"] is True


def broken(**kwargs):
    raise RuntimeError("approver table unreadable")


def test_a_tenant_whose_part_failed_makes_health_name_the_job_and_the_tenant(
    sweep_fanned_out, tenant, monkeypatch
):
    monkeypatch.setattr(approvals_tasks, "approvals_escalate_overdue", broken)
    run_tenant_sweep(tenant)

    result = jobs.check_scheduled_jobs()

    assert result["ok"] is False
    assert result["problems"] == [
        f"approvals-sweep for tenant {tenant.pk}: failed on its last run: "
        "RuntimeError: approver table unreadable"
    ]


def test_a_success_after_a_failure_is_healthy_again(sweep_fanned_out, tenant, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(approvals_tasks, "approvals_escalate_overdue", broken)
        run_tenant_sweep(tenant)
        assert jobs.check_scheduled_jobs()["ok"] is False
    run_tenant_sweep(tenant)

    assert jobs.check_scheduled_jobs()["ok"] is True


def test_the_job_itself_failing_is_named(no_job_records, monkeypatch):
    monkeypatch.setattr(approvals_tasks, "active_tenant_ids", lambda: 1 / 0)

    approvals_tasks.approvals_sweep_all_tenants.apply()

    assert jobs.check_scheduled_jobs()["problems"] == [
        "approvals-sweep: failed on its last run: ZeroDivisionError: division by zero"
    ]


# Interval rules use the clock: frozen at instants around midnight UTC and UTC+7 (17:00 UTC).
INSTANTS = [
    datetime.datetime(2026, 12, 5, 16, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 5, 17, 1, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 5, 23, 59, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 6, 0, 0, 30, tzinfo=datetime.UTC),
]


def heartbeat_problems(now, *, succeeded_ago=None, beat_started_ago=None):
    interval = datetime.timedelta(seconds=60)
    (status,) = [s for s in jobs.job_statuses() if s.job.task == HEARTBEAT]
    run = None
    if succeeded_ago is not None:
        run = jobs.JobRun(HEARTBEAT, None, now - succeeded_ago, now - succeeded_ago, None, "")
    since = now - beat_started_ago if beat_started_ago is not None else None
    status = jobs.JobStatus(job=status.job, run=run, tenant_runs=[])
    assert status.job.interval == interval
    return jobs.job_problems([status], since=since, now=now)


@pytest.mark.parametrize("instant", INSTANTS)
def test_a_job_is_late_after_more_than_three_intervals_without_success(
    no_job_records, settings, instant
):
    settings.CELERY_BEAT_SCHEDULE = {
        "record-heartbeat": {"task": HEARTBEAT, "schedule": 60, "options": {"expires": 60}}
    }
    with time_machine.travel(instant, tick=False):
        now = datetime.datetime.now(datetime.UTC)
        jobs.job_succeeded(HEARTBEAT, now=now - datetime.timedelta(seconds=181))

        assert jobs.check_scheduled_jobs()["problems"] == [
            "record-heartbeat: last succeeded 181 s ago (runs every 60 s)"
        ]
        assert heartbeat_problems(now, succeeded_ago=datetime.timedelta(seconds=180)) == []
        assert heartbeat_problems(now, beat_started_ago=datetime.timedelta(seconds=179)) == []
        assert heartbeat_problems(now, beat_started_ago=datetime.timedelta(seconds=200)) == [
            "record-heartbeat: has not succeeded since beat started 200 s ago (runs every 60 s)"
        ]
        assert heartbeat_problems(now) == []  # beat never started: the beat check says so


def test_intervals_are_read_from_the_schedule():
    from celery.schedules import crontab, schedule

    assert jobs.schedule_interval(300) == datetime.timedelta(minutes=5)
    assert jobs.schedule_interval(datetime.timedelta(hours=6)) == datetime.timedelta(hours=6)
    assert jobs.schedule_interval(schedule(90)) == datetime.timedelta(seconds=90)
    assert jobs.schedule_interval(crontab(hour=2, minute=0)) == datetime.timedelta(days=1)
