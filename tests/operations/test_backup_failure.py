import io

import pytest
from django.core.management import CommandError, call_command

from apps.operations import backup
from apps.operations.pg_tools import PostgresTools


def test_a_backup_whose_pg_dump_fails_says_why_and_leaves_no_file(db, tmp_path, monkeypatch):
    broken = tmp_path / "bin"
    broken.mkdir()
    (broken / "pg_dump").write_text(
        "#!/bin/sh\necho 'pg_dump: error: connection to server lost' >&2\nexit 1\n"
    )
    (broken / "pg_dump").chmod(0o755)
    monkeypatch.setattr(
        backup, "postgres_tools", lambda major: PostgresTools(major, broken, "broken")
    )
    directory = tmp_path / "backups"

    with pytest.raises(
        CommandError,
        match=r"pg_dump failed \(exit code 1\):\npg_dump: error: connection to server lost",
    ):
        call_command("backup_database", dir=directory, stdout=io.StringIO())

    assert list(directory.iterdir()) == []
