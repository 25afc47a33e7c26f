"""Restoring a backup set into a database, all or nothing, and proving the result.

Order of business:
1. every file of the set against its SHA-256 in the manifest: a damaged set is refused before the
   target is even connected to;
2. the target must be empty, unless `force` (then its schemas are dropped first);
3. one transaction (`psql --single-transaction`, fed by `pg_restore` from the complete dump) that
   creates the app role if the cluster lacks it (roles live outside any dump), drops what `force`
   replaces, restores tables, data, functions, triggers, RLS policies, grants and materialized
   views, and grants the app role the default privileges migrations give it. Any error rolls the
   whole transaction back, so a failed restore leaves the target exactly as it was;
4. ANALYZE (statistics are not in a dump), then the row count of every table against the
   manifest, and `check_schema` run against the target as a separate process.

Objects are owned by the role that restores (`--no-owner`): restore as the login role the target
installation migrates with. The source's "default privileges" name its owner role, which the
target may not have, so they are left out and granted afresh for the restoring role.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from apps.core.owner import owner_alias
from apps.operations.backup import Progress, table_row_counts
from apps.operations.backup_sets import file_problems, read_manifest
from apps.operations.pg_tools import Database, OperationsError, PostgresTools, postgres_tools

logger = logging.getLogger(__name__)

USER_SCHEMAS_SQL = (
    "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND nspname NOT LIKE 'pg\\_%' ORDER BY nspname"
)
USER_RELATIONS_SQL = (
    "SELECT n.nspname || '.' || c.relname FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', "
    "'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1"
)
DATA_ENTRY = re.compile(rb"\n-- Data for Name: ([^;]+); Type: TABLE DATA; Schema: ([^;]+);")
CHUNK = 256 * 1024


@dataclass
class RestoreReport:
    target: str
    tables: int = 0
    rows: int = 0
    count_mismatches: list[str] = field(default_factory=list)
    schema_check_output: str = ""
    schema_ok: bool = False

    @property
    def ok(self) -> bool:
        return self.schema_ok and not self.count_mismatches


def _role_sql(role: str) -> str:
    """The app role as migration core.0001 creates it, for a cluster that has never seen it."""
    return f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
        CREATE ROLE "{role}" NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
    IF NOT pg_has_role(current_user, '{role}', 'MEMBER') THEN
        EXECUTE 'GRANT "{role}" TO ' || quote_ident(current_user);
    END IF;
END
$$;
"""


def _wipe_sql(schemas: list[str]) -> str:
    drops = "".join(f'DROP SCHEMA "{schema}" CASCADE;\n' for schema in schemas)
    return (
        "SET LOCAL lock_timeout = '60s';\nSET LOCAL client_min_messages = warning;\n"
        + drops
        + "CREATE SCHEMA public AUTHORIZATION pg_database_owner;\n"
        + "GRANT USAGE ON SCHEMA public TO PUBLIC;\n"
    )


def _default_privileges_sql(role: str) -> str:
    return (
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}";\n'  # noqa: E501
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "{role}";\n'
    )


def _restore_list(tools: PostgresTools, dump: Path, list_path: Path) -> int:
    """The dump's table of contents without DEFAULT ACL entries; returns its TABLE DATA count."""
    result = subprocess.run(
        [tools.pg_restore, "--list", str(dump)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise OperationsError(f"pg_restore cannot read {dump.name}: {result.stderr.strip()}")
    lines = [f";{line}" if " DEFAULT ACL " in line else line for line in result.stdout.splitlines()]
    list_path.write_text("\n".join(lines) + "\n")
    return sum(" TABLE DATA " in line and not line.startswith(";") for line in lines)


def _pump(source, sink, progress: Progress, total: int) -> None:
    """Copy pg_restore's SQL into psql, announcing each table's data as it goes through."""
    done, tail = 0, b""
    while chunk := source.read(CHUNK):
        window = tail + chunk
        for match in DATA_ENTRY.finditer(window):
            if match.end() <= len(tail):
                continue  # seen with the previous chunk
            done += 1
            schema, name = match.group(2).decode(), match.group(1).decode()
            progress(f"  restoring {schema}.{name} ({done}/{total})")
        tail = window[-200:]
        sink.write(chunk)


def _run_restore(
    tools: PostgresTools, target: Database, dump: Path, prefix: str, suffix: str, progress: Progress
) -> None:
    with tempfile.TemporaryDirectory(prefix="factorypulse-restore-") as work:
        work_dir = Path(work)
        total = _restore_list(tools, dump, work_dir / "list.txt")
        (work_dir / "prefix.sql").write_text(prefix)
        (work_dir / "suffix.sql").write_text(suffix)
        restore_log, psql_log = work_dir / "pg_restore.log", work_dir / "psql.log"
        with restore_log.open("w") as restore_err, psql_log.open("w") as psql_err:
            psql = subprocess.Popen(
                [
                    tools.psql,
                    "--no-psqlrc",
                    "--quiet",
                    "--set=ON_ERROR_STOP=1",
                    "--single-transaction",
                    f"--dbname={target.conninfo_without_password()}",
                    f"--file={work_dir / 'prefix.sql'}",
                    "--file=-",
                    f"--file={work_dir / 'suffix.sql'}",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=psql_err,
                env=target.program_env(),
            )
            restore = subprocess.Popen(
                [
                    tools.pg_restore,
                    "--no-owner",
                    f"--use-list={work_dir / 'list.txt'}",
                    "--file=-",
                    str(dump),
                ],
                stdout=subprocess.PIPE,
                stderr=restore_err,
            )
            assert psql.stdin is not None and restore.stdout is not None
            # A broken pipe: psql stopped at an error and rolled back; its log says which.
            with contextlib.suppress(BrokenPipeError):
                _pump(restore.stdout, psql.stdin, progress, total)
            restore.stdout.close()
            restore.wait()
            if restore.returncode != 0:
                # psql commits when its input ends: end it instead, so the server rolls back.
                psql.kill()
            else:
                with contextlib.suppress(BrokenPipeError):
                    psql.stdin.close()
            psql.wait()
        if psql.returncode != 0 or restore.returncode != 0:
            logs = (restore_log.read_text() + psql_log.read_text()).strip().splitlines()
            raise OperationsError(
                "The restore failed and was rolled back; the target is as it was before.\n"
                + "\n".join(logs[-15:])
            )


def _check_schema(target: Database) -> tuple[bool, str]:
    """`manage.py check_schema` against the target, in its own process: Django's connection
    here may point elsewhere (or at this very database, restored behind its back)."""
    # DJANGO_SETTINGS_MODULE is in os.environ (manage.py or the server put it there): inherited.
    env = {**os.environ, "DATABASE_URL": target.url()}
    result = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "check_schema"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0, (result.stdout + result.stderr).strip()


def _count_mismatches(expected: dict[str, int], actual: dict[str, int]) -> list[str]:
    mismatches = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            mismatches.append(f"{table}: missing (the backup has {expected[table]} rows)")
        elif table not in expected:
            mismatches.append(f"{table}: not in the backup ({actual[table]} rows)")
        elif expected[table] != actual[table]:
            mismatches.append(f"{table}: {actual[table]} rows, the backup has {expected[table]}")
    return mismatches


def _target_state(target: Database) -> tuple[list[str], list[str]]:
    with target.connect(autocommit=True) as conn:
        schemas = [row[0] for row in conn.execute(USER_SCHEMAS_SQL).fetchall()]
        relations = [row[0] for row in conn.execute(USER_RELATIONS_SQL).fetchall()]
    return schemas, relations


def restore_database(
    *,
    manifest_path: Path,
    target: Database | None = None,
    force: bool = False,
    progress: Progress = logger.info,
) -> RestoreReport:
    """Restore the set of `manifest_path` into `target` (default: this installation's database)
    and verify it. Refusals raise OperationsError; a restore that completes but differs from the
    manifest returns a report that is not `ok`."""
    manifest: dict[str, Any] = read_manifest(manifest_path)
    progress(f"Verifying the SHA-256 of {len(manifest['files'])} files")
    problems = file_problems(manifest_path, manifest, checksums=True)
    if problems:
        raise OperationsError(
            "The backup set is damaged; nothing was restored and the target was not touched: "
            + "; ".join(problems)
        )
    (dump_name,) = [name for name, file in manifest["files"].items() if file["kind"] == "complete"]
    target = target or Database.from_settings(owner_alias())
    major, _ = target.server_version()
    if major < manifest["server_major"]:
        raise OperationsError(
            f"The backup is of PostgreSQL {manifest['server_major']}; {target.describe()} runs "
            f"PostgreSQL {major}, which cannot read it. Restore into {manifest['server_major']}+."
        )
    tools = postgres_tools(major)
    schemas, relations = _target_state(target)
    needs_clearing = bool(relations) or schemas != ["public"]
    if needs_clearing and not force:
        raise OperationsError(
            f"{target.describe()} is not empty ({len(relations)} tables and views in schemas "
            f"{', '.join(schemas)}). Restore into an empty database, or add --force to replace "
            "everything in it."
        )
    role = manifest["app_role"]
    prefix = _role_sql(role) + (_wipe_sql(schemas) if needs_clearing else "")
    progress(f"Restoring {dump_name} into {target.describe()} in one transaction")
    _run_restore(
        tools,
        target,
        manifest_path.parent / dump_name,
        prefix,
        _default_privileges_sql(role),
        progress,
    )
    report = RestoreReport(target=target.describe())
    with target.connect(autocommit=True) as conn:
        progress("Updating planner statistics (ANALYZE)")
        conn.execute("ANALYZE")
        with conn.transaction():
            counts = table_row_counts(conn)
    report.tables, report.rows = len(counts), sum(counts.values())
    report.count_mismatches = _count_mismatches(manifest["tables"], counts)
    progress(f"Checked the row counts of {len(counts)} tables; running check_schema")
    report.schema_ok, report.schema_check_output = _check_schema(target)
    return report
