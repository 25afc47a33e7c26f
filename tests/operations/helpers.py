"""What the operations tests share: scratch databases, per-table checksums, other processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings

from apps.operations.pg_tools import Database

TABLES_SQL = """
SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2
"""


def this_database() -> Database:
    return Database.from_settings()


def on_same_server(name: str) -> Database:
    return Database({**this_database().params, "dbname": name})


def create_scratch_database(purpose: str) -> Database:
    """An empty database on the test server, prefixed so it never collides with anyone's."""
    name = f"fp_backups_{purpose}_{uuid.uuid4().hex[:8]}"
    with on_same_server("postgres").connect(autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return on_same_server(name)


def drop_database(database: Database) -> None:
    with on_same_server("postgres").connect(autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


def query(database: Database, sql: str, params=None) -> list[tuple]:
    with database.connect(autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def table_checksums(database: Database, where: dict[str, str] | None = None) -> dict:
    """{schema.table: (rows, md5 of all rows in a stable order)} of every table, or, with
    `where`, of the tables named there filtered by their condition."""
    sums = {}
    with database.connect(autocommit=True) as conn:
        conn.execute("SET row_security = off")
        tables = [f"{schema}.{table}" for schema, table in conn.execute(TABLES_SQL).fetchall()]
        for name in sorted(where) if where is not None else tables:
            schema, table = name.split(".")
            condition = where[name] if where is not None else "true"
            sums[name] = conn.execute(
                f"SELECT count(*), md5(string_agg(t::text, '' ORDER BY t::text)) "
                f'FROM "{schema}"."{table}" t WHERE {condition}'
            ).fetchone()
    return sums


def run_manage(
    database: Database, *args: str, media_root: Path | None = None, env: dict | None = None
):
    """`manage.py` of this code base against another installation's database (`env` adds to the
    environment)."""
    env = {
        **os.environ,
        "DATABASE_URL": database.url(),
        "DJANGO_SETTINGS_MODULE": "factorypulse.settings.test",
        **(env or {}),
    }
    if media_root is not None:
        env["MEDIA_ROOT"] = str(media_root)
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env, capture_output=True, text=True, check=False, cwd=settings.BASE_DIR,
    )  # fmt: skip


def sign_in_and_get(
    database: Database, email: str, password: str, *paths: str, env: dict | None = None
) -> dict:
    """Sign in through the login page of an installation on `database` (in a process of its own)
    and fetch `paths`; returns what `tests.operations.sign_in_probe` reports (`env` adds to the
    environment)."""
    env = {
        **os.environ,
        "DATABASE_URL": database.url(),
        "DJANGO_SETTINGS_MODULE": "factorypulse.settings.test",
        **(env or {}),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.operations.sign_in_probe", email, password, *paths],
        env=env, capture_output=True, text=True, check=False, cwd=settings.BASE_DIR,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
