"""The tenant archive: one factory's rows and files, as `export_tenant` writes them and
`import_tenant` reads them.

A gzipped tar holding
    manifest.json           format, the tenant, the migrations of the source, and for every table
                            its columns, row count and SHA-256; for every stored file its storage
                            name, the table and column naming it, size and SHA-256
    tables/<table>.copy     the tenant's rows in PostgreSQL COPY text format (exact for every type:
                            arrays, JSON, timestamps, text search vectors)
    files/<storage name>    the stored document and attachment files

The tables are every model with a `TENANT_FIELD` (`apps.core.models.tenant_models`), so a tenant
table added tomorrow travels with its tenant without a change here.
"""

from __future__ import annotations

import graphlib
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.db import models

from apps.core.models import tenant_models
from apps.operations.backup_sets import sha256_of
from apps.operations.pg_tools import OperationsError

ARCHIVE_FORMAT = "factorypulse-tenant/1"
MANIFEST_MEMBER = "manifest.json"

COLUMNS_SQL = """
SELECT attname FROM pg_attribute
WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
ORDER BY attnum
"""


@dataclass(frozen=True)
class TenantTable:
    model: type[models.Model]

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def tenant_column(self) -> str:
        return self.model._meta.get_field(self.model.TENANT_FIELD).column

    @property
    def pk_column(self) -> str:
        return self.model._meta.pk.column

    @property
    def file_fields(self) -> list[models.FileField]:
        return [f for f in self.model._meta.concrete_fields if isinstance(f, models.FileField)]

    @property
    def member(self) -> str:
        return f"tables/{self.table}.copy"


def _references(model: type[models.Model], tables: set[str]) -> list[str]:
    own = model._meta.db_table
    return sorted(
        {
            field.related_model._meta.db_table
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model._meta.db_table in tables - {own}
        }
    )


def tenant_tables() -> list[TenantTable]:
    """Every tenant table, each after the tables it references, so that insert triggers which
    read a parent (a project's search vector reads its customer's name) find it. References of a
    table to itself (users.direct_manager, messages.parent) need no order: the rows go in with
    one statement and foreign keys are checked at commit."""
    by_table = {
        model._meta.db_table: model
        for model in tenant_models()
        if model._meta.managed and not model._meta.proxy
    }
    graph = {table: _references(by_table[table], set(by_table)) for table in sorted(by_table)}
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        raise OperationsError(f"Tenant tables reference each other in a cycle: {exc}") from exc
    return [TenantTable(by_table[table]) for table in order]


def table_columns(cursor: Any, table: str) -> list[str]:
    cursor.execute(COLUMNS_SQL, [f'"{table}"'])
    return [row[0] for row in cursor.fetchall()]


def quoted(columns: list[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def file_member(storage_name: str) -> str:
    """Where a stored file goes in the archive; refuses names that could climb out of it."""
    path = PurePosixPath(storage_name)
    if not storage_name or path.is_absolute() or ".." in path.parts or "\\" in storage_name:
        raise OperationsError(f"Refusing the unsafe storage name {storage_name!r}.")
    return f"files/{path}"


def write_archive(out: Path, work_dir: Path, manifest: dict[str, Any]) -> int:
    """Write the tar.gz (manifest first, so a reader finds it at once) under a temporary name,
    then rename it; returns its size."""
    members = [table["member"] for table in manifest["tables"]]
    members += [file["member"] for file in manifest["files"]]
    (work_dir / MANIFEST_MEMBER).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    partial = out.with_name(out.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        for member in [MANIFEST_MEMBER, *members]:
            archive.add(work_dir / member, arcname=member, recursive=False)
    partial.rename(out)
    return out.stat().st_size


def read_archive(archive_path: Path, work_dir: Path) -> dict[str, Any]:
    """Unpack into `work_dir` and return the manifest once every member matches its checksum."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work_dir, filter="data")
        manifest = json.loads((work_dir / MANIFEST_MEMBER).read_text())
    except (OSError, tarfile.TarError, EOFError, ValueError) as exc:
        raise OperationsError(f"{archive_path} is not a readable tenant archive: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise OperationsError(f"{archive_path} is not a Factory Pulse tenant archive.")
    problems = []
    for entry in manifest["tables"] + manifest["files"]:
        path = work_dir / entry["member"]
        if not path.is_file():
            problems.append(f"{entry['member']} is missing")
        elif sha256_of(path) != entry["sha256"]:
            problems.append(f"{entry['member']} does not match its SHA-256 checksum")
    if problems:
        raise OperationsError(
            f"The archive {archive_path.name} is damaged; nothing was imported: "
            + "; ".join(problems)
        )
    return manifest
