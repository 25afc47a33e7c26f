"""`import_tenant`: load an archive of `export_tenant` into this installation, ids preserved.

All or nothing, in one transaction as the owner (the audit tables are append-only for the app
role, and a tenant that does not exist yet has no context to run in):
1. the archive is unpacked and every member checked against its SHA-256;
2. this installation must have every migration the source had, and every exported column;
3. the rows go into temporary staging tables, where conflicts are looked for: any id that exists
   here, the tenant's slug, a user's e-mail (unique across the installation), a stored file name.
   Any conflict refuses the import and the transaction rolls back: nothing changed;
4. the rows are inserted table by table, parents first, with foreign keys checked at commit (users
   managed by users, replies to messages) and the audit trigger silenced (`app.audit_source =
   'bulk_load'`: the archive carries the tenant's own trail, a copy must not add to it);
5. the stored files are written; should the commit fail, they are deleted again.
The dashboard's materialized views are refreshed afterwards so the factory sees its figures.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import DatabaseError, connection, transaction

from apps.core.tenancy import current_tenant
from apps.dashboard.services import dashboard_refresh_views
from apps.operations.backup import Progress
from apps.operations.pg_tools import OperationsError
from apps.operations.tenant_archive import (
    TenantTable,
    file_member,
    quoted,
    read_archive,
    table_columns,
    tenant_tables,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TenantImport:
    tenant_slug: str
    rows: dict[str, int]
    files: int


def _check_compatible(cursor: Any, manifest: dict[str, Any], tables: dict[str, TenantTable]):
    cursor.execute("SELECT app || '.' || name FROM django_migrations")
    applied = {name for (name,) in cursor.fetchall()}
    missing = [name for name in manifest["migrations"] if name not in applied]
    if missing:
        raise OperationsError(
            f"This installation lacks {len(missing)} migration(s) of the source (e.g. "
            f"{', '.join(missing[:3])}): update the code and run `migrate` first."
        )
    for entry in manifest["tables"]:
        if entry["table"] not in tables:
            raise OperationsError(f"The archive has a table unknown here: {entry['table']}.")
        absent = set(entry["columns"]) - set(table_columns(cursor, entry["table"]))
        if absent:
            raise OperationsError(f"{entry['table']} here lacks the columns {sorted(absent)}.")


def _stage(cursor: Any, entry: dict[str, Any], work_dir: Path) -> str:
    staging = f"import_{entry['table']}"
    cursor.execute(
        f'CREATE TEMP TABLE "{staging}" ON COMMIT DROP AS '
        f'SELECT {quoted(entry["columns"])} FROM "{entry["table"]}" WITH NO DATA'
    )
    with (
        (work_dir / entry["member"]).open("rb") as rows,
        cursor.copy(f'COPY "{staging}" ({quoted(entry["columns"])}) FROM STDIN') as copy,
    ):
        while block := rows.read(1024 * 1024):
            copy.write(block)
    return staging


def _conflicts(cursor: Any, manifest: dict[str, Any], tables: dict[str, TenantTable]) -> list[str]:
    found = []
    tenant = manifest["tenant"]
    cursor.execute(
        "SELECT name FROM organizations WHERE organization_type = 'internal' AND slug = %s",
        [tenant["slug"]],
    )
    if row := cursor.fetchone():
        found.append(f"the slug {tenant['slug']!r} belongs to the tenant {row[0]!r} here")
    clashing_ids = []
    for entry in manifest["tables"]:
        pk = tables[entry["table"]].pk_column
        cursor.execute(
            f'SELECT count(*) FROM "{entry["table"]}" t JOIN "import_{entry["table"]}" s '
            f'ON t."{pk}" = s."{pk}"'
        )
        if clashes := cursor.fetchone()[0]:
            clashing_ids.append(f"{entry['table']} {clashes}")
    if clashing_ids:
        found.append(f"ids that exist here ({', '.join(clashing_ids)})")
    cursor.execute("SELECT u.email FROM users u JOIN import_users s ON s.email = u.email LIMIT 3")
    if emails := [email for (email,) in cursor.fetchall()]:
        found.append(f"users with these e-mails exist here: {', '.join(emails)}")
    for file in manifest["files"]:
        if _storage_of(tables, file).exists(file["name"]):
            found.append(f"the stored file {file['name']} exists here")
            break
    return found


def _storage_of(tables: dict[str, TenantTable], file: dict[str, Any]):
    table = tables[file["table"]]
    return next(f.storage for f in table.file_fields if f.column == file["column"])


def _write_files(manifest, tables, work_dir: Path, written: list) -> None:
    for file in manifest["files"]:
        if file_member(file["name"]) != file["member"]:
            raise OperationsError(f"The archive's file entry {file['name']} is inconsistent.")
        storage = _storage_of(tables, file)
        with (work_dir / file["member"]).open("rb") as content:
            saved = storage.save(file["name"], File(content))
        written.append((storage, saved))
        if saved != file["name"]:
            raise OperationsError(f"Storage renamed {file['name']} to {saved}; import undone.")


def tenant_import(*, archive: Path, progress: Progress = logger.info) -> TenantImport:
    if current_tenant() is not None:
        raise OperationsError("import_tenant runs as the owner, outside any tenant context.")
    tables = {table.table: table for table in tenant_tables()}
    order = list(tables)
    written: list = []
    with tempfile.TemporaryDirectory(prefix="factorypulse-import-") as work:
        work_dir = Path(work)
        progress(f"Checking {archive.name}")
        manifest = read_archive(archive, work_dir)
        tenant = manifest["tenant"]
        entries = sorted(manifest["tables"], key=lambda entry: order.index(entry["table"]))
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                _check_compatible(cursor, manifest, tables)
                cursor.execute("SELECT set_config('app.audit_source', 'bulk_load', true)")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                staged = {entry["table"]: _stage(cursor, entry, work_dir) for entry in entries}
                conflicts = _conflicts(cursor, manifest, tables)
                if conflicts:
                    raise OperationsError(
                        f"{tenant['name']} ({tenant['slug']}) was not imported, nothing changed: "
                        + "; ".join(conflicts)
                    )
                for entry in entries:
                    columns = quoted(entry["columns"])
                    cursor.execute(
                        f'INSERT INTO "{entry["table"]}" ({columns}) '
                        f'SELECT {columns} FROM "{staged[entry["table"]]}"'
                    )
                    if cursor.rowcount != entry["rows"]:
                        raise OperationsError(
                            f"{entry['table']}: {cursor.rowcount} rows loaded, the archive "
                            f"lists {entry['rows']}; nothing was imported."
                        )
                    progress(f"  {entry['table']}: {cursor.rowcount} rows")
                _write_files(manifest, tables, work_dir, written)
        except DatabaseError as exc:
            _delete(written)
            raise OperationsError(
                f"{tenant['name']} was not imported, nothing changed: the database refused it "
                f"({exc})"
            ) from exc
        except BaseException:
            _delete(written)
            raise
    dashboard_refresh_views()
    rows = {entry["table"]: entry["rows"] for entry in entries}
    progress(
        f"Imported {tenant['name']} ({tenant['slug']}): {sum(rows.values())} rows, "
        f"{len(written)} files."
    )
    return TenantImport(tenant_slug=tenant["slug"], rows=rows, files=len(written))


def _delete(written: list) -> None:
    for storage, name in written:
        storage.delete(name)
