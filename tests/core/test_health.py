import datetime
import json
import re

import pytest
from django.utils import timezone

from apps.core import health
from apps.dashboard.models import DashboardRefreshLog
from apps.dashboard.services import dashboard_refresh_views


@pytest.fixture
def fresh_heartbeat():
    health.record_heartbeat()
    yield
    health.redis_client().delete(health.HEARTBEAT_KEY)


@pytest.fixture
def fresh_dashboard(db):
    dashboard_refresh_views()


HEALTH_TOKEN = "monitoring-token-for-tests"


@pytest.fixture(autouse=True)
def health_token(settings):
    settings.HEALTH_TOKEN = HEALTH_TOKEN


def get_health(client):
    """The detailed answer, as the monitoring sees it (`test_health_access` covers who may)."""
    response = client.get("/health/", HTTP_AUTHORIZATION=f"Bearer {HEALTH_TOKEN}")
    return response, json.loads(response.content)


def test_health_is_200_when_database_redis_worker_and_beat_are_up(
    client, db, celery_worker, fresh_heartbeat, fresh_dashboard, no_job_records
):
    response, body = get_health(client)

    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {
        "database",
        "redis",
        "celery",
        "beat",
        "jobs",
        "dashboard",
        "backup",
    }
    assert body["checks"]["dashboard"]["age_seconds"] < 60
    assert body["checks"]["celery"]["workers"]
    # The first answer ends the ping; it does not wait out its 1 s timeout for more workers.
    assert body["checks"]["celery"]["ms"] < 1000
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


def test_health_is_503_when_the_dashboard_data_is_older_than_three_intervals(
    client, db, fresh_dashboard, settings
):
    settings.DASHBOARD_REFRESH_SECONDS = 60
    DashboardRefreshLog.objects.filter(view_name="mv_user_workload").update(
        refreshed_at=timezone.now() - datetime.timedelta(seconds=181)
    )

    response, body = get_health(client)

    assert response.status_code == 503
    dashboard = body["checks"]["dashboard"]
    assert dashboard["ok"] is False and dashboard["age_seconds"] >= 181
    assert re.fullmatch(
        r"dashboard data is 18\d s old \(refreshed every 60 s\)", dashboard["error"]
    )


def test_dashboard_data_within_three_intervals_is_healthy(db, fresh_dashboard, settings):
    settings.DASHBOARD_REFRESH_SECONDS = 60
    DashboardRefreshLog.objects.update(
        refreshed_at=timezone.now() - datetime.timedelta(seconds=170)
    )

    assert health.run_check("dashboard")["ok"] is True


def test_dashboard_data_never_refreshed_is_unhealthy(client, db):
    DashboardRefreshLog.objects.all().delete()

    response, body = get_health(client)

    assert response.status_code == 503
    assert body["checks"]["dashboard"] == {
        "ok": False,
        "error": "the dashboard data has never been refreshed",
        "ms": body["checks"]["dashboard"]["ms"],
    }
