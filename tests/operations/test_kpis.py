"""Each KPI's status flips at the seed's thresholds, with the data made for it."""

from __future__ import annotations

import datetime
import time

import psycopg
import pytest
import redis
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.core import jobs, request_stats
from apps.core.health import redis_client
from apps.dashboard.models import DashboardRefreshLog
from apps.operations import kpi_sources
from apps.operations.kpis import (
    CRITICAL,
    INFO,
    OK,
    WARNING,
    Kpi,
    above,
    below,
    kpis_evaluate,
    overall_status,
)
from apps.operations.models import KpiSample
from tests.operations.fake_sets import write_fake_set
from tests.workers import worker_database_url


def kpi(key: str, **kwargs):
    return next(k for k in kpis_evaluate(**kwargs) if k.key == key)


@pytest.fixture
def no_request_stats():
    client = redis_client()
    client.delete(*client.keys(request_stats.KEY_PREFIX + "*") or ["-"])
    yield
    client.delete(*client.keys(request_stats.KEY_PREFIX + "*") or ["-"])


def record(view: str, seconds: float, count: int, *, status: int = 200, now=None) -> None:
    for _ in range(count):
        request_stats.record_request(view_name=view, status=status, seconds=seconds, now=now)


@pytest.mark.parametrize(
    ("value", "status"),
    [(None, OK), (200, OK), (200.01, WARNING), (500, WARNING), (500.01, CRITICAL)],
)
def test_higher_is_worse_flips_strictly_above_each_threshold(value, status):
    assert above(200, 500)(value) == status


@pytest.mark.parametrize(("value", "status"), [(None, OK), (70, OK), (69.99, WARNING)])
def test_lower_is_worse_flips_strictly_below_the_threshold(value, status):
    assert below(70)(value) == status


def test_dashboard_p95_flips_at_200_and_500_ms_from_real_requests(db, no_request_stats):
    record("home", 0.05, 100)
    assert kpi("dashboard_p95_ms").status == OK

    record("dashboard:kpis", 0.3, 20)  # 20 of 120 slower than 200 ms: p95 is past it
    assert kpi("dashboard_p95_ms").status == WARNING

    record("dashboard:charts", 0.7, 40)  # 40 of 160 past 500 ms
    measured = kpi("dashboard_p95_ms")
    assert measured.status == CRITICAL
    assert 500 < measured.value <= 750


def test_dashboard_p95_counts_only_dashboard_pages_of_the_last_hour(db, no_request_stats):
    record("projects:list", 2.0, 50)  # not a dashboard page
    record("dashboard:refresh", 2.0, 50)  # the refresh action, not a page
    record("home", 2.0, 50, now=timezone.now() - datetime.timedelta(minutes=61))
    record("home", 0.04, 10)

    measured = kpi("dashboard_p95_ms")

    assert measured.status == OK
    assert measured.value <= 50


def test_errors_flip_past_ten_per_minute_over_the_last_five_minutes(db, no_request_stats):
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    record("projects:list", 0.01, 50, status=500, now=a_minute_ago)  # exactly 10 per minute
    record("projects:list", 0.01, 500, status=200, now=a_minute_ago)
    assert kpi("errors_per_minute").value == 10
    assert kpi("errors_per_minute").status == OK

    record("projects:list", 0.01, 1, status=502, now=a_minute_ago)
    assert kpi("errors_per_minute").status == CRITICAL


def test_a_real_500_answer_is_counted_as_an_error(client, db, no_request_stats, settings):
    settings.ROOT_URLCONF = "tests.core.failing_views_urls"
    client.raise_request_exception = False

    response = client.get("/write-then-raise/")

    assert response.status_code == 500
    assert request_stats.request_window(1).errors == 1


def test_auth_failures_flip_past_five_percent_of_the_last_hours_attempts(
    client, sales_user, password
):
    login = reverse("login")
    for _ in range(19):
        client.post(login, {"username": sales_user.email, "password": password})
        client.logout()
    client.post(login, {"username": sales_user.email, "password": "wrong"})
    assert kpi("auth_failure_pct").value == 5.0  # 1 of 20
    assert kpi("auth_failure_pct").status == OK

    client.post(login, {"username": sales_user.email, "password": "wrong again"})
    assert kpi("auth_failure_pct").status == CRITICAL  # 2 of 21

    an_hour_later = timezone.now() + datetime.timedelta(hours=1, minutes=1)
    assert kpi("auth_failure_pct", now=an_hour_later).value is None


def connect_patiently(url: str) -> psycopg.Connection:
    """The server is shared: wait for a free slot rather than fail on a busy moment."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return psycopg.connect(url)
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_database_connections_warn_past_twelve_and_utilisation_past_80_percent(db, settings):
    settings.DATABASE_CONNECTION_LIMIT = 15
    url = worker_database_url()
    opened = []
    try:
        while kpi_sources.database_connections(timezone.now()) < 12:
            assert len(opened) < 12, "the count does not follow the connections opened"
            opened.append(connect_patiently(url))
        assert kpi("db_connections").status == OK
        assert kpi("pool_utilisation_pct").value == 80.0
        assert kpi("pool_utilisation_pct").status == OK

        opened.append(connect_patiently(url))
        assert kpi("db_connections").status == WARNING
        assert kpi("pool_utilisation_pct").status == CRITICAL  # 13 of 15
    finally:
        for extra in opened:
            extra.close()


def _log_refresh(*, seconds_ago: float, duration_ms: float) -> None:
    refreshed_at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    DashboardRefreshLog.objects.update(refreshed_at=refreshed_at, duration_ms=duration_ms)


def test_mv_refresh_warns_past_30_seconds(db):
    views = DashboardRefreshLog.objects.count()
    _log_refresh(seconds_ago=0, duration_ms=30_000 / views)
    assert kpi("mv_refresh_seconds").status == OK

    _log_refresh(seconds_ago=0, duration_ms=31_000 / views)
    assert kpi("mv_refresh_seconds").status == WARNING


def test_dashboard_data_is_critical_once_older_than_three_intervals(db, settings):
    settings.DASHBOARD_REFRESH_SECONDS = 300
    _log_refresh(seconds_ago=880, duration_ms=5)
    assert kpi("dashboard_data_age_seconds").status == OK

    _log_refresh(seconds_ago=910, duration_ms=5)
    assert kpi("dashboard_data_age_seconds").status == CRITICAL

    DashboardRefreshLog.objects.all().delete()
    assert kpi("dashboard_data_age_seconds").status == CRITICAL  # never refreshed


def test_cache_hit_rate_is_read_from_postgresql_and_warns_below_70_percent(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM projects")  # some buffer traffic to measure
    measured = kpi("cache_hit_pct")

    assert 0 < measured.value <= 100
    assert measured.status == below(70)(measured.value)


def test_backup_age_is_critical_past_the_limit(db, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_MAX_AGE_HOURS = 26
    assert kpi("backup_age_hours").status == OK  # none yet, not required
    settings.BACKUP_REQUIRED = True
    assert kpi("backup_age_hours").status == CRITICAL

    write_fake_set(tmp_path, timezone.now() - datetime.timedelta(hours=25.9))
    assert kpi("backup_age_hours").status == OK
    write_fake_set(tmp_path, timezone.now() - datetime.timedelta(hours=27))
    assert kpi("backup_age_hours").value == 25.9  # the newest good set counts

    settings.BACKUP_MAX_AGE_HOURS = 25
    assert kpi("backup_age_hours").status == CRITICAL


def test_a_beat_job_is_critical_when_it_failed_or_is_three_intervals_late(db, no_job_records):
    now = timezone.now()
    jobs.record_beat_started(now=now - datetime.timedelta(hours=1))
    jobs.job_succeeded(
        "apps.core.tasks.record_heartbeat", now=now - datetime.timedelta(seconds=170)
    )
    assert kpi("job:record-heartbeat", now=now).status == OK
    assert kpi("job:record-heartbeat", now=now).value == 170

    late = now + datetime.timedelta(seconds=20)  # 190 s > 3 x 60 s
    assert kpi("job:record-heartbeat", now=late).status == CRITICAL

    jobs.job_failed("apps.core.tasks.record_heartbeat", error="boom", now=now)
    failed = kpi("job:record-heartbeat", now=now)
    assert failed.status == CRITICAL
    assert "boom" in failed.note


def test_information_kpis_count_every_tenants_activity(db, admin_user, other_admin):
    from apps.activity.models import ActivityAction, ActivityLog
    from apps.projects.models import Project, ProjectStatus
    from tests.projects.factories import ProjectFactory

    for user in (admin_user, other_admin):
        ActivityLog.objects.create(
            organization_id=user.organization_id, user=user, entity_type="project",
            action=ActivityAction.STAGE_ADVANCED,
        )  # fmt: skip
    done = ProjectFactory(organization=other_admin.organization)
    Project.objects.filter(pk=done.pk).update(status=ProjectStatus.COMPLETED)

    figures = {k.key: k for k in kpis_evaluate()}

    assert figures["active_users_24h"].value == 2
    assert figures["stage_changes_per_hour"].value == 2
    assert figures["projects_completed_7d"].value == 1
    assert figures["database_size_bytes"].value > 0
    assert {figures[key].status for key in ("active_users_24h", "database_size_bytes")} == {INFO}


def test_database_growth_is_the_size_now_less_the_oldest_sample_of_the_week(db):
    now = timezone.now()
    for days_ago, size in ((8, 1), (6, 1_000_000), (1, 2_000_000)):
        KpiSample.objects.create(
            kpi="database_size_bytes", taken_at=now - datetime.timedelta(days=days_ago),
            value=size, status=INFO,
        )  # fmt: skip

    growth = kpi("database_growth_bytes_7d", now=now).value

    assert growth == kpi_sources.database_size_bytes(now) - 1_000_000


def test_the_overall_status_is_the_worst_information_counting_as_ok():
    def judged(status):
        return Kpi("k", "K", 1.0, "", "", status)

    assert overall_status([judged(INFO), judged(OK)]) == OK
    assert overall_status([judged(OK), judged(WARNING), judged(INFO)]) == WARNING
    assert overall_status([judged(CRITICAL), judged(WARNING)]) == CRITICAL


def test_pages_work_while_redis_is_down_and_recording_pauses(client, db, monkeypatch):
    unreachable = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    monkeypatch.setattr(request_stats, "_client", unreachable)
    monkeypatch.setattr(request_stats, "_paused_until", 0.0)
    attempts = []
    real_pipeline = unreachable.pipeline
    monkeypatch.setattr(
        unreachable, "pipeline", lambda **kw: attempts.append(1) or real_pipeline(**kw)
    )

    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("login")).status_code == 200

    assert len(attempts) == 1  # the second request did not wait on Redis again
