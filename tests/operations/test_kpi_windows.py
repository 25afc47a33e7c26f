"""The KPIs' time windows ("the last hour", "the last five minutes", "24 h") across midnight, in UTC
and in Vietnam (UTC+7, midnight at 17:00 UTC): the per-minute keys are UTC minutes, so a window
that spans a day's change still sums every minute of it."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from apps.activity.models import ActivityAction, ActivityLog
from apps.core import request_stats
from apps.core.health import redis_client
from apps.operations.kpis import CRITICAL, OK, kpis_evaluate

UTC = datetime.UTC
MIDNIGHTS = [
    datetime.datetime(2026, 12, 7, 0, 0, tzinfo=UTC),  # midnight UTC
    datetime.datetime(2026, 12, 7, 17, 0, tzinfo=UTC),  # midnight in Asia/Ho_Chi_Minh
]


@pytest.fixture(autouse=True)
def no_request_stats():
    client = redis_client()
    client.delete(*client.keys(request_stats.KEY_PREFIX + "*") or ["-"])
    yield
    client.delete(*client.keys(request_stats.KEY_PREFIX + "*") or ["-"])


def kpi(key: str):
    return next(k for k in kpis_evaluate() if k.key == key)


@pytest.mark.parametrize("midnight", MIDNIGHTS)
def test_errors_of_the_minutes_before_midnight_count_just_after_it(db, midnight):
    before = midnight - datetime.timedelta(seconds=30)
    for _ in range(60):
        request_stats.record_request(view_name="projects:list", status=500, seconds=0.01,
                                     now=before)  # fmt: skip

    with time_machine.travel(midnight + datetime.timedelta(seconds=20), tick=False):
        assert kpi("errors_per_minute").value == 12  # 60 errors over the last 5 minutes
        assert kpi("errors_per_minute").status == CRITICAL

    with time_machine.travel(midnight + datetime.timedelta(minutes=5, seconds=20), tick=False):
        assert kpi("errors_per_minute").status == OK  # the minute left the window


@pytest.mark.parametrize("midnight", MIDNIGHTS)
def test_the_dashboard_hour_spans_midnight(db, midnight):
    for minutes_before, seconds in ((59, 0.7), (1, 0.7)):
        request_stats.record_request(
            view_name="home", status=200, seconds=seconds,
            now=midnight - datetime.timedelta(minutes=minutes_before),
        )  # fmt: skip

    with time_machine.travel(midnight + datetime.timedelta(seconds=10), tick=False):
        measured = kpi("dashboard_p95_ms")

    assert measured.status == CRITICAL
    assert measured.value > 500


@pytest.mark.parametrize("midnight", MIDNIGHTS)
def test_active_users_are_those_of_the_last_24_hours_not_of_the_day(db, midnight, admin_user):
    ActivityLog.objects.create(
        organization_id=admin_user.organization_id, user=admin_user, entity_type="project",
        action=ActivityAction.LOGGED_IN, created_at=midnight - datetime.timedelta(minutes=5),
    )  # fmt: skip

    with time_machine.travel(midnight + datetime.timedelta(minutes=5), tick=False):
        assert kpi("active_users_24h").value == 1
    with time_machine.travel(midnight + datetime.timedelta(hours=23, minutes=56), tick=False):
        assert kpi("active_users_24h").value == 0
