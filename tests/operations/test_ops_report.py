"""`manage.py ops_report`: exit status 2 on CRITICAL, 1 on WARNING, 0 when all are OK."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.core import request_stats
from apps.core.health import redis_client
from apps.dashboard.models import DashboardRefreshLog


@pytest.fixture
def healthy(db, no_job_records, settings, tmp_path):
    """Fresh dashboard data, quick refreshes, no requests, no backup required."""
    settings.BACKUP_DIR = tmp_path
    client = redis_client()
    client.delete(*client.keys(request_stats.KEY_PREFIX + "*") or ["-"])
    DashboardRefreshLog.objects.update(refreshed_at=timezone.now(), duration_ms=1)


def report(capsys, *args) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        call_command("ops_report", *args)
    return exit_.value.code, capsys.readouterr().out


def test_all_ok_exits_0(healthy, capsys):
    code, out = report(capsys)

    assert code == 0
    assert out.strip().endswith("overall: OK")
    assert "db_connections" in out


def test_a_warning_exits_1(healthy, capsys):
    views = DashboardRefreshLog.objects.count()
    DashboardRefreshLog.objects.update(duration_ms=31_000 / views)  # refresh > 30 s

    code, out = report(capsys)

    assert code == 1
    assert "WARNING   mv_refresh_seconds" in out


def test_a_critical_exits_2_and_the_json_says_which(healthy, capsys):
    DashboardRefreshLog.objects.update(refreshed_at=timezone.now() - datetime.timedelta(days=1))

    code, out = report(capsys, "--json")

    assert code == 2
    parsed = json.loads(out)
    assert parsed["status"] == "CRITICAL"
    age = next(kpi for kpi in parsed["kpis"] if kpi["key"] == "dashboard_data_age_seconds")
    assert age["status"] == "CRITICAL"
