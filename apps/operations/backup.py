"""Backing up the whole database: `backup_database` (the command) and the nightly beat job.

One pg_dump in custom format is the set's complete backup; the schema and data SQL files are
printed from it by pg_restore, so all three hold the same instant, and printing the data reads
every block of the dump, which proves it whole before the manifest vouches for it.

The row counts of the manifest are taken inside the very snapshot pg_dump uses (a
REPEATABLE READ transaction exports it with `pg_export_snapshot()` and stays open while pg_dump
runs), so a restore can be checked against them exactly even while the application is writing.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.utils import timezone

from apps.core.owner import owner_alias
from apps.operations.backup_sets import (
    MANIFEST_FORMAT,
    PARTIAL_SUFFIX,
    BackupSet,
    backup_sets,
    manifest_finished_at,
    newest_intact_set,
    retention_prune,
    sha256_of,
    write_json_atomically,
)
from apps.operations.pg_tools import (
    Database,
    OperationsError,
    PostgresTools,
    postgres_tools,
    run_program,
)

logger = logging.getLogger(__name__)

# pg_try_advisory_lock key: one backup of a database at a time, whoever starts it.
BACKUP_LOCK_KEY = 0x46505F4241434B  # "FP_BACK"
# A set this young makes the nightly job do nothing: it is the one a re-delivered task wrote.
NIGHTLY_RECENT_ENOUGH = timedelta(hours=1)

USER_TABLES_SQL = """
SELECT n.nspname, c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
ORDER BY 1, 2
"""

Progress = Callable[[str], None]


class BackupBusy(OperationsError):
    """Another backup of the same database holds the lock."""


@dataclass(frozen=True)
class BackupOutcome:
    backup_set: BackupSet | None
    manifest: dict[str, Any] | None = None
    removed: list[BackupSet] = field(default_factory=list)
    skipped: str = ""


def table_row_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Rows of every table, as `schema.table`. Row security off: if a policy would hide rows
    from this role, PostgreSQL raises instead of returning a short count."""
    conn.execute("SET LOCAL row_security = off")
    counts = {}
    for schema, table in conn.execute(USER_TABLES_SQL).fetchall():
        query = f'SELECT count(*) FROM "{schema}"."{table}"'
        counts[f"{schema}.{table}"] = conn.execute(query).fetchone()[0]
    return counts


def applied_migrations(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    return [f"{app}.{name}" for app, name in rows]


def _dump_progress(progress: Progress, total: int) -> Callable[[str], None]:
    done = 0

    def on_line(line: str) -> None:
        nonlocal done
        match = re.search(r'dumping contents of table "?([^"]+)"?', line)
        if match:
            done += 1
            progress(f"  dumped {match.group(1)} ({done}/{total})")

    return on_line


def _write_complete_dump(
    tools: PostgresTools,
    database: Database,
    snapshot: str,
    target: Path,
    *,
    progress: Progress,
    tables: int,
) -> None:
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    run_program(
        [
            tools.pg_dump,
            "--format=custom",
            "--verbose",
            f"--snapshot={snapshot}",
            f"--file={partial}",
            f"--dbname={database.conninfo_without_password()}",
        ],
        env=database.program_env(),
        on_line=_dump_progress(progress, tables),
    )
    _fsync_and_rename(partial, target)


def _print_sql_from_dump(tools: PostgresTools, dump: Path, target: Path, *options: str) -> None:
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    run_program([tools.pg_restore, *options, f"--file={partial}", str(dump)], env=dict(os.environ))
    _fsync_and_rename(partial, target)


def _fsync_and_rename(partial: Path, target: Path) -> None:
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    partial.rename(target)


def _remove_unfinished_sets(directory: Path) -> None:
    """Left by a backup that was killed: only called while holding the lock, so none is running."""
    for backup_set in backup_sets(directory):
        if not backup_set.is_complete:
            for path in backup_set.files_on_disk():
                path.unlink(missing_ok=True)


def _write_set(
    conn: psycopg.Connection,
    tools: PostgresTools,
    database: Database,
    backup_set: BackupSet,
    progress: Progress,
) -> dict[str, Any]:
    """The set's three files from one snapshot, then its manifest (last: it makes the set)."""
    started = timezone.now()
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    with conn.transaction():
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = table_row_counts(conn)
        migrations = applied_migrations(conn)
        server_version = conn.execute("SELECT version()").fetchone()[0]
        progress(f"Dumping {len(tables)} tables ({sum(tables.values())} rows)")
        complete = backup_set.path("complete")
        _write_complete_dump(
            tools, database, snapshot, complete, progress=progress, tables=len(tables)
        )
    progress("Writing the schema SQL from the dump")
    _print_sql_from_dump(tools, complete, backup_set.path("schema"), "--schema-only")
    progress("Writing the data SQL from the dump (this reads every block of it)")
    _print_sql_from_dump(
        tools, complete, backup_set.path("data"), "--data-only", "--disable-triggers"
    )
    finished = timezone.now()
    manifest = {
        "format": MANIFEST_FORMAT,
        "stamp": backup_set.stamp,
        "started_at": started.isoformat(),
        "finished_at": finished.isoformat(),
        "duration_seconds": round((finished - started).total_seconds(), 1),
        "database": database.describe(),
        "server_version": server_version,
        "server_major": tools.major,
        "pg_dump_version": tools.version,
        "app_role": settings.APP_DB_ROLE,
        "migrations": migrations,
        "tables": tables,
        "files": {
            backup_set.path(kind).name: {
                "kind": kind,
                "bytes": backup_set.path(kind).stat().st_size,
                "sha256": sha256_of(backup_set.path(kind)),
            }
            for kind in ("complete", "schema", "data")
        },
    }
    write_json_atomically(backup_set.manifest_path, manifest)
    return manifest


def backup_database(
    *, directory: Path, keep: int, progress: Progress = logger.info
) -> BackupOutcome:
    """Write a complete, verified backup set to `directory`, then keep only the newest `keep`
    sets. Raises OperationsError (BackupBusy while another backup runs) with a readable message;
    a backup that fails leaves no file behind."""
    if keep < 1:
        raise OperationsError("Keep at least one backup set (--keep 1 or more).")
    database = Database.from_settings(owner_alias())
    major, _ = database.server_version()
    tools = postgres_tools(major)
    directory.mkdir(parents=True, exist_ok=True)
    progress(f"Backing up {database.describe()} (PostgreSQL {major}) with {tools.pg_dump}")
    with database.connect(autocommit=True) as conn:
        if not conn.execute("SELECT pg_try_advisory_lock(%s)", [BACKUP_LOCK_KEY]).fetchone()[0]:
            raise BackupBusy(f"Another backup of {database.describe()} is running; try later.")
        _remove_unfinished_sets(directory)
        backup_set = BackupSet.for_time(directory, timezone.now())
        if backup_set.files_on_disk():
            raise OperationsError(f"A backup set {backup_set.stamp} already exists in {directory}.")
        try:
            manifest = _write_set(conn, tools, database, backup_set, progress)
        except BaseException:
            for path in backup_set.files_on_disk():
                path.unlink(missing_ok=True)
            raise
        removed = retention_prune(directory, keep)
    size = sum(entry["bytes"] for entry in manifest["files"].values())
    progress(
        f"Backup {backup_set.stamp} written to {directory} ({size / 1e6:.1f} MB in "
        f"{manifest['duration_seconds']} s); {len(removed)} older set(s) removed, keeping {keep}."
    )
    return BackupOutcome(backup_set=backup_set, manifest=manifest, removed=removed)


def backup_database_if_due() -> BackupOutcome:
    """The beat job: a set in BACKUP_DIR keeping BACKUP_KEEP. Idempotent: when a set less than an
    hour old exists (a re-delivered task finds the one it wrote) or another backup is running, it
    does nothing and says so."""
    directory = Path(settings.BACKUP_DIR)
    newest = newest_intact_set(directory)
    if newest is not None:
        finished = manifest_finished_at(newest[1])
        if timezone.now() - finished < NIGHTLY_RECENT_ENOUGH:
            reason = f"set {newest[0].stamp} finished at {finished:%H:%M} UTC is recent enough"
            logger.info("Nightly backup skipped: %s", reason)
            return BackupOutcome(backup_set=None, skipped=reason)
    try:
        return backup_database(directory=directory, keep=settings.BACKUP_KEEP)
    except BackupBusy as exc:
        logger.info("Nightly backup skipped: %s", exc)
        return BackupOutcome(backup_set=None, skipped=str(exc))
