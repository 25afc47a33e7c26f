"""Database-side tools for a fast, still-checked bulk load.

* Secondary (non-unique, non-constraint) indexes of empty tables are dropped before the load and
  rebuilt after it from their own definitions (`pg_get_indexdef`), as pg_restore does: a sorted
  build is several times faster than millions of random B-tree inserts. Unique indexes stay, so
  uniqueness is enforced while loading.
* The bulk tables are copied with `session_replication_role = replica` (triggers, foreign-key
  triggers included, do not fire: what `pg_restore --disable-triggers` does). Their foreign keys
  are then verified set-wise, one anti-join per key over the new tenants' rows; a single orphan
  aborts the load. CHECK constraints are not triggers: they are enforced throughout.

Everything runs inside the loader's transaction, so a failure leaves the schema as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

REPLICA = "SET LOCAL session_replication_role = replica"
ORIGIN = "SET LOCAL session_replication_role = origin"


@dataclass(frozen=True)
class SecondaryIndex:
    table: str
    name: str
    definition: str


@dataclass(frozen=True)
class ForeignKey:
    table: str
    name: str
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]


def table_is_empty(cursor, table: str) -> bool:
    cursor.execute(f'SELECT NOT EXISTS (SELECT 1 FROM "{table}")')
    return cursor.fetchone()[0]


def secondary_indexes(cursor, tables: list[str]) -> list[SecondaryIndex]:
    cursor.execute(
        """
        SELECT t.relname, i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relname = ANY(%s)
          AND NOT x.indisunique AND NOT x.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        ORDER BY t.relname, i.relname
        """,
        [tables],
    )
    return [SecondaryIndex(*row) for row in cursor.fetchall()]


def drop_indexes(cursor, indexes: list[SecondaryIndex]) -> None:
    for index in indexes:
        cursor.execute(f'DROP INDEX "{index.name}"')


def create_index(cursor, index: SecondaryIndex) -> None:
    cursor.execute(index.definition)


def replica_mode_allowed(cursor) -> bool:
    """Whether this role may switch triggers off (superuser, or granted SET on the parameter)."""
    try:
        with transaction.atomic():
            cursor.execute(REPLICA)
            cursor.execute(ORIGIN)
    except DatabaseError:
        return False
    return True


def foreign_keys(cursor, tables: tuple[str, ...]) -> list[ForeignKey]:
    """The tables' foreign keys, minus those another key of the same table already proves (a
    key on (project_id) to projects(id) holds whenever (project_id, organization_id) to
    projects(id, organization_id) does)."""
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, c.confrelid::regclass::text,
               array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                     ORDER BY k.n)::text[],
               array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
                     ORDER BY k.n)::text[]
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
        ORDER BY 1, 2
        """,
        [list(tables)],
    )
    keys = [
        ForeignKey(table, name, tuple(columns), parent, tuple(parent_columns))
        for table, name, parent, columns, parent_columns in cursor.fetchall()
    ]

    def pairs(key: ForeignKey) -> set[tuple[str, str]]:
        return set(zip(key.columns, key.parent_columns, strict=True))

    return [
        key
        for key in keys
        if not any(
            other is not key
            and other.table == key.table
            and other.parent == key.parent
            and pairs(key) < pairs(other)
            for other in keys
        )
    ]


def verify_foreign_keys(cursor, keys: list[ForeignKey], tenant_ids: list[str]) -> None:
    """Refuse the load if any new row points at a row that does not exist."""
    for key in keys:
        present = " AND ".join(f'c."{column}" IS NOT NULL' for column in key.columns)
        match = " AND ".join(
            f'p."{parent}" = c."{column}"'
            for column, parent in zip(key.columns, key.parent_columns, strict=True)
        )
        cursor.execute(
            f'SELECT count(*) FROM "{key.table}" c WHERE c.organization_id = ANY(%s::uuid[]) '
            f"AND {present} AND NOT EXISTS (SELECT 1 FROM {key.parent} p WHERE {match})",
            [tenant_ids],
        )
        orphans = cursor.fetchone()[0]
        if orphans:
            raise ValidationError(
                f"Load refused: {orphans} rows of {key.table} break {key.name}; nothing was saved."
            )
