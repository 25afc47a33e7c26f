import datetime
import json

from django.utils import timezone

from apps.core import health
from tests.operations.fake_sets import write_fake_set


def hours_ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


def test_no_backup_yet_is_reported_but_healthy_on_a_fresh_install(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"

    assert health.run_check("backup") | {"ms": 0} == {"ok": True, "note": "no backup yet", "ms": 0}


def test_no_backup_yet_is_unhealthy_once_backups_are_required(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_REQUIRED = True

    result = health.run_check("backup")

    assert result["ok"] is False
    assert result["error"].startswith("no backup yet")


def test_a_backup_within_the_limit_is_healthy_with_its_age(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_MAX_AGE_HOURS = 26
    backup_set = write_fake_set(tmp_path, hours_ago(25.9))

    result = health.run_check("backup")

    assert result["ok"] is True
    assert result["last_backup"] == backup_set.stamp
    assert result["age_hours"] == 25.9


def test_health_is_503_when_the_newest_backup_is_older_than_the_limit(
    client, db, settings, tmp_path
):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_MAX_AGE_HOURS = 26
    settings.HEALTH_TOKEN = "backup-monitor"  # the checks are shown to a monitor with the token
    write_fake_set(tmp_path, hours_ago(26.1))

    response = client.get("/health/", HTTP_AUTHORIZATION="Bearer backup-monitor")

    assert response.status_code == 503
    backup = json.loads(response.content)["checks"]["backup"]
    assert backup["ok"] is False
    assert backup["error"] == "the newest backup is 26 h old (limit 26 h)"


def test_a_set_with_a_missing_or_cut_file_is_not_a_good_backup(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    good = write_fake_set(tmp_path, hours_ago(30))
    cut = write_fake_set(tmp_path, hours_ago(2))
    cut.path("complete").write_bytes(b"cut")
    unfinished = write_fake_set(tmp_path, hours_ago(1), manifest=False)

    result = health.run_check("backup")

    assert result["last_backup"] == good.stamp
    assert result["ok"] is False
    assert unfinished.stamp != result["last_backup"]
