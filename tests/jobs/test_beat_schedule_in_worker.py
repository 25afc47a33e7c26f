"""Every entry of the beat schedule, sent through Redis as beat sends it and run by a real worker
against the test database, does its work (`beat_effects`), and fails loudly when it does not."""

from __future__ import annotations

import pytest
from celery import current_app
from django.conf import settings
from django.utils import timezone

from apps.core import jobs
from tests.jobs.beat_effects import BEAT_EFFECTS, BeatJob
from tests.workers import eventually

pytestmark = pytest.mark.django_db(transaction=True)


def finished_since(task: str, sent_at) -> bool:
    """The job and every tenant's part of it recorded a success after `sent_at`; a failure
    after it ends the wait with the recorded error."""
    (status,) = [s for s in jobs.job_statuses() if s.job.task == task]
    runs = [status.run, *status.tenant_runs]
    for run in runs:
        if run is not None and run.failed_at and run.failed_at >= sent_at:
            where = f" for tenant {run.organization_id}" if run.organization_id else ""
            raise AssertionError(f"{run.task}{where} failed in the worker: {run.error}")
    return all(run and run.succeeded_at and run.succeeded_at > sent_at for run in runs)


def send_as_beat_does(name: str) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE[name]
    sent_at = timezone.now()
    current_app.send_task(entry["task"], **entry.get("options", {}))
    eventually(lambda: finished_since(entry["task"], sent_at), f"{name} ran in the worker")


def test_every_beat_entry_has_an_effect_check():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled - set(BEAT_EFFECTS) == set(), "add its effect check to beat_effects.py"
    assert set(BEAT_EFFECTS) - scheduled == set(), "a check for a task beat no longer runs"


@pytest.mark.parametrize("name", list(settings.CELERY_BEAT_SCHEDULE))
def test_the_beat_entry_does_its_work_in_a_real_worker(
    name, celery_worker, mail_dir, no_job_records
):
    check = BEAT_EFFECTS[settings.CELERY_BEAT_SCHEDULE[name]["task"]]

    check(BeatJob(run=lambda: send_as_beat_does(name), mail_dir=mail_dir))
