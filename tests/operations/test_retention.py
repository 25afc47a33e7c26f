import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from apps.operations.backup_sets import backup_sets, file_problems, read_manifest
from tests.operations.fake_sets import write_fake_set

UTC = datetime.UTC


def backup_at(moment: datetime.datetime, directory, keep: int) -> None:
    with time_machine.travel(moment, tick=True):
        call_command("backup_database", dir=directory, keep=keep, stdout=io.StringIO())


def test_retention_keeps_exactly_the_newest_n_sets(db, tmp_path):
    for day in (1, 2, 3):
        backup_at(datetime.datetime(2025, 9, day, 9, 30, 43, tzinfo=UTC), tmp_path, keep=2)

    sets = backup_sets(tmp_path)

    assert [backup_set.stamp for backup_set in sets] == ["20250903_093043", "20250902_093043"]
    for backup_set in sets:
        manifest = read_manifest(backup_set.manifest_path)
        assert file_problems(backup_set.manifest_path, manifest, checksums=True) == []
    assert len(list(tmp_path.iterdir())) == 2 * 4


def test_retention_removes_unfinished_sets_and_leaves_other_files_alone(db, tmp_path):
    write_fake_set(tmp_path, datetime.datetime(2025, 8, 30, tzinfo=UTC))
    write_fake_set(tmp_path, datetime.datetime(2025, 8, 31, tzinfo=UTC), manifest=False)
    (tmp_path / "README.txt").write_text("the operator's notes")

    backup_at(datetime.datetime(2025, 9, 1, 9, 30, 43, tzinfo=UTC), tmp_path, keep=2)

    assert [s.stamp for s in backup_sets(tmp_path)] == ["20250901_093043", "20250830_000000"]
    assert (tmp_path / "README.txt").read_text() == "the operator's notes"


def test_keep_must_be_at_least_one(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Keep at least one"):
        call_command("backup_database", dir=tmp_path, keep=0, stdout=io.StringIO())
