"""A job that fails in a real worker turns `/health/` to 503 naming it; its next successful run
turns it healthy again (the runs are recorded by the worker, read by the web process)."""

import json

import pytest
from celery import current_app

from tests.workers import eventually

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "monitoring-token-for-worker-tests"
SWEEP = "approvals-sweep"


def jobs_check(client) -> tuple[int, dict]:
    response = client.get("/health/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    return response.status_code, json.loads(response.content)["checks"]["jobs"]


def test_a_job_failing_in_the_worker_makes_health_name_it_until_it_succeeds(
    client, settings, tenant, celery_worker, no_job_records
):
    settings.HEALTH_TOKEN = TOKEN
    entry = settings.CELERY_BEAT_SCHEDULE[SWEEP]

    current_app.send_task(entry["task"], kwargs={"an_argument_it_does_not_take": 1})
    status, check = eventually(
        lambda: (result := jobs_check(client))[1]["ok"] is False and result,
        "the failed run reached /health/",
    )

    assert status == 503
    assert check["error"].startswith(f"{SWEEP}: failed on its last run: TypeError")

    current_app.send_task(entry["task"], **entry.get("options", {}))
    eventually(lambda: jobs_check(client)[1]["ok"], "the next run succeeded")
