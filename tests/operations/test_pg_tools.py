import subprocess

import environ
import pytest

from apps.operations import pg_tools
from apps.operations.pg_tools import Database, OperationsError, postgres_tools
from tests.operations.helpers import this_database


def fake_client_dir(directory, version: str):
    """pg_dump, pg_restore and psql that only say their version."""
    directory.mkdir()
    for program in ("pg_dump", "pg_restore", "psql"):
        path = directory / program
        path.write_text(f"#!/bin/sh\necho '{program} (PostgreSQL) {version}'\n")
        path.chmod(0o755)
    return directory


def test_the_client_programs_are_of_the_servers_major_version(db):
    major, _ = this_database().server_version()

    tools = postgres_tools(major)

    for program in (tools.pg_dump, tools.pg_restore, tools.psql):
        version = subprocess.run([program, "--version"], capture_output=True, text=True).stdout
        assert f"(PostgreSQL) {major}." in version


def test_the_embedded_servers_own_binaries_come_first(monkeypatch, tmp_path):
    embedded = fake_client_dir(tmp_path / "embedded", "16.2")
    monkeypatch.setattr(pg_tools, "postgres_bin_dir", lambda: embedded)

    assert postgres_tools(16).bin_dir == embedded


def test_a_client_of_another_major_version_is_never_used(tmp_path):
    other = fake_client_dir(tmp_path / "other", "99.1")

    with pytest.raises(OperationsError, match=r"Found only: pg_dump \(PostgreSQL\) 99.1"):
        postgres_tools(15, candidates=[other])


def test_without_a_matching_client_the_message_names_what_to_install(tmp_path):
    with pytest.raises(OperationsError) as refused:
        postgres_tools(15, candidates=[tmp_path])

    assert "apt-get install postgresql-client-15" in str(refused.value)
    assert "brew install postgresql@15" in str(refused.value)


def test_a_database_url_for_a_child_process_keeps_every_part():
    database = Database(
        {"dbname": "fp", "user": "owner", "password": "p@ss:/w rd", "host": "db", "port": "6543"}
    )

    parsed = environ.Env.db_url_config(database.url())

    assert (parsed["NAME"], parsed["USER"], parsed["PASSWORD"]) == ("fp", "owner", "p@ss:/w rd")
    assert (parsed["HOST"], parsed["PORT"]) == ("db", 6543)
    assert "p@ss" not in database.conninfo_without_password()
