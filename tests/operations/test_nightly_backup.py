import datetime
import inspect

from celery.schedules import crontab
from django.conf import settings as django_settings
from django.utils import timezone

from apps.operations.backup import BACKUP_LOCK_KEY, backup_database_if_due
from apps.operations.backup_sets import backup_sets
from apps.operations.tasks import backup_database_nightly
from factorypulse.celery import app as celery_app
from tests.operations.fake_sets import write_fake_set
from tests.operations.helpers import this_database


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_the_nightly_backup_writes_a_set_into_backup_dir_and_keeps_backup_keep(
    db, settings, tmp_path
):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_KEEP = 2
    old_sets = [write_fake_set(tmp_path, days_ago(days)) for days in (3, 2)]

    outcome = backup_database_if_due()

    assert outcome.skipped == ""
    assert [s.stamp for s in backup_sets(tmp_path)] == [
        outcome.backup_set.stamp,
        old_sets[1].stamp,
    ]


def test_the_nightly_backup_run_again_soon_after_does_nothing(db, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    first = backup_database_if_due()

    again = backup_database_if_due()

    assert again.backup_set is None
    assert "recent enough" in again.skipped
    assert [s.stamp for s in backup_sets(tmp_path)] == [first.backup_set.stamp]


def test_the_nightly_backup_skips_while_another_backup_holds_the_lock(db, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    with this_database().connect(autocommit=True) as other_backup:
        other_backup.execute("SELECT pg_advisory_lock(%s)", [BACKUP_LOCK_KEY])

        outcome = backup_database_if_due()

    assert outcome.backup_set is None
    assert "is running" in outcome.skipped
    assert backup_sets(tmp_path) == []


def test_beat_runs_the_nightly_backup_at_the_configured_time_with_no_arguments():
    entry = django_settings.CELERY_BEAT_SCHEDULE["backup-database-nightly"]

    assert entry["task"] == backup_database_nightly.name
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == crontab(
        hour=django_settings.BACKUP_HOUR, minute=django_settings.BACKUP_MINUTE
    )
    assert 0 < entry["options"]["expires"] < 24 * 60 * 60
    assert inspect.signature(backup_database_nightly.run).parameters == {}
