import json
import os
import subprocess
import sys
import time

import pytest

from apps.core import health
from factorypulse.celery import app as celery_app


@pytest.fixture
def celery_worker():
    """A real Celery worker process consuming from the real Redis broker."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factorypulse",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--hostname",
            f"health-test-{os.getpid()}@%h",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "factorypulse.settings.test"},
    )
    deadline = time.monotonic() + 30
    while not celery_app.control.ping(timeout=0.5):
        assert process.poll() is None, "the Celery worker exited during start-up"
        assert time.monotonic() < deadline, "the Celery worker did not answer within 30 s"
    yield process
    process.terminate()
    process.wait(15)


@pytest.fixture
def fresh_heartbeat():
    health.record_heartbeat()
    yield
    health.redis_client().delete(health.HEARTBEAT_KEY)


def get_health(client):
    response = client.get("/health/")
    return response, json.loads(response.content)


def test_health_is_200_when_database_redis_worker_and_beat_are_up(
    client, db, celery_worker, fresh_heartbeat
):
    response, body = get_health(client)

    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "celery", "beat"}
    assert body["checks"]["celery"]["workers"]
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_and_names_the_worker_when_no_worker_answers(client, db, fresh_heartbeat):
    response, body = get_health(client)

    assert response.status_code == 503
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["celery"]["ok"] is False
    assert "worker" in body["checks"]["celery"]["error"]


def test_health_reports_a_stale_beat_heartbeat(client, db, celery_worker, settings):
    health.redis_client().set(health.HEARTBEAT_KEY, "0")  # 1970: long dead
    response, body = get_health(client)

    assert response.status_code == 503
    assert body["checks"]["beat"]["ok"] is False
    assert "last heartbeat" in body["checks"]["beat"]["error"]
    health.redis_client().delete(health.HEARTBEAT_KEY)


def test_health_is_503_not_500_when_redis_is_unreachable(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response, body = get_health(client)

    assert response.status_code == 503
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["celery"]["error"] == "broker (Redis) unreachable"


def test_heartbeat_task_records_a_fresh_heartbeat(db):
    from apps.core.tasks import record_heartbeat

    health.redis_client().delete(health.HEARTBEAT_KEY)
    record_heartbeat.apply()

    assert health.check_beat_heartbeat()["ok"] is True
