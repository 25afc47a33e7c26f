"""`export_tenant`: every row and stored file of one factory, into one archive.

The rows are read as the app role inside the tenant's `tenant_context`, so row-level security
itself guarantees that no other tenant's row is in the archive, whatever a query here says. The
whole read is one REPEATABLE READ transaction: one instant of the tenant, even while it works.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.operations.backup import Progress
from apps.operations.backup_sets import sha256_of
from apps.operations.pg_tools import OperationsError
from apps.operations.tenant_archive import (
    ARCHIVE_FORMAT,
    TenantTable,
    file_member,
    quoted,
    table_columns,
    tenant_tables,
    write_archive,
)
from apps.organizations.models import Organization, OrganizationType

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TenantExport:
    path: Path
    rows: dict[str, int]
    files: int
    missing_files: list[str]
    bytes: int


def _copy_out(cursor: Any, table: TenantTable, columns: list[str], target: Path) -> tuple[int, str]:
    """The table's visible rows in COPY text format; returns (rows, SHA-256). Each row ends in a
    newline and newlines inside values are escaped, so newlines count rows."""
    digest, rows = hashlib.sha256(), 0
    sql = (
        f'COPY (SELECT {quoted(columns)} FROM "{table.table}" ORDER BY "{table.pk_column}") '
        "TO STDOUT"
    )
    with target.open("wb") as out, cursor.copy(sql) as copy:
        for block in copy:
            data = bytes(block)
            out.write(data)
            digest.update(data)
            rows += data.count(b"\n")
    return rows, digest.hexdigest()


def _stored_file_names(cursor: Any, table: TenantTable) -> list[tuple[str, str]]:
    names = []
    for field in table.file_fields:
        cursor.execute(
            f'SELECT DISTINCT "{field.column}" FROM "{table.table}" '
            f"WHERE \"{field.column}\" <> '' ORDER BY 1"
        )
        names += [(field.column, name) for (name,) in cursor.fetchall()]
    return names


def _read_tenant_rows(tenant: Organization, work_dir: Path, progress: Progress):
    tables, files = [], []
    (work_dir / "tables").mkdir()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:  # a caller already in a transaction keeps its own isolation level
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with tenant_context(tenant), connection.cursor() as cursor:
            for table in tenant_tables():
                columns = table_columns(cursor, table.table)
                rows, sha256 = _copy_out(cursor, table, columns, work_dir / table.member)
                progress(f"  {table.table}: {rows} rows")
                tables.append({"table": table.table, "columns": columns, "rows": rows,
                               "member": table.member, "sha256": sha256})  # fmt: skip
                files += [
                    (table, column, name) for column, name in _stored_file_names(cursor, table)
                ]
    return tables, files


def _copy_stored_files(files, work_dir: Path, progress: Progress):
    entries, missing = [], []
    for table, column, name in files:
        storage = next(f.storage for f in table.file_fields if f.column == column)
        member = file_member(name)
        target = work_dir / member
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with storage.open(name, "rb") as source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
        except FileNotFoundError:
            missing.append(name)
            continue
        entries.append({"name": name, "table": table.table, "column": column, "member": member,
                        "bytes": target.stat().st_size, "sha256": sha256_of(target)})  # fmt: skip
    if missing:
        progress(f"  {len(missing)} stored file(s) named by rows are missing from storage")
    return entries, missing


def tenant_export(*, slug: str, out: Path, progress: Progress = logger.info) -> TenantExport:
    tenant = Organization.objects.filter(
        slug=slug, organization_type=OrganizationType.INTERNAL
    ).first()
    if tenant is None:
        raise OperationsError(f"No tenant (factory) has the slug {slug!r}.")
    if out.exists():
        raise OperationsError(f"{out} exists already; choose another --out.")
    out.parent.mkdir(parents=True, exist_ok=True)
    progress(f"Exporting {tenant.name} ({slug}) as the app role, inside its tenant context")
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    with tempfile.TemporaryDirectory(prefix="factorypulse-export-") as work:
        work_dir = Path(work)
        tables, files = _read_tenant_rows(tenant, work_dir, progress)
        file_entries, missing = _copy_stored_files(files, work_dir, progress)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "exported_at": timezone.now().isoformat(),
            "tenant": {"id": str(tenant.pk), "slug": tenant.slug, "name": tenant.name},
            "migrations": migrations,
            "tables": tables,
            "files": file_entries,
            "missing_files": missing,
        }
        size = write_archive(out, work_dir, manifest)
    rows = {table["table"]: table["rows"] for table in tables}
    progress(
        f"Wrote {out} ({size / 1e6:.1f} MB): {sum(rows.values())} rows in {len(rows)} tables, "
        f"{len(file_entries)} files."
    )
    return TenantExport(out, rows, len(file_entries), missing, size)
