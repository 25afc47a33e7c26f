"""Database-side tools for a fast, still-checked bulk load.

Empty tables are loaded as pg_restore loads them: their keys, unique constraints, foreign keys
(and the foreign keys pointing at them) and indexes are taken off first and put back after the
data is in, from their own definitions (`pg_get_constraintdef`, `pg_get_indexdef`). Putting them
back is the check: PostgreSQL builds each unique index (refusing duplicates) and validates each
foreign key over all rows in one join. Sorted builds are several times faster than millions of
random B-tree inserts and per-row key lookups. CHECK constraints and triggers stay on throughout.

Tables that already hold rows (`--append`) keep everything; their rows are copied with
`session_replication_role = replica` (no per-row foreign-key triggers, as `pg_restore
--disable-triggers`) and their foreign keys are then verified set-wise over the new tenants'
rows; a single orphan aborts the load.

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
class Constraint:
    table: str
    name: str
    definition: str
    kind: str  # p, u or f


@dataclass
class TakenApart:
    """What `take_apart` removed, in the order `put_back` restores it."""

    keys: list[Constraint]
    indexes: list[SecondaryIndex]
    foreign_keys: list[Constraint]

    def __len__(self) -> int:
        return len(self.keys) + len(self.indexes) + len(self.foreign_keys)


@dataclass(frozen=True)
class ForeignKey:
    table: str
    name: str
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]


def take_apart(cursor, tables: list[str]) -> TakenApart:
    """Drop the keys, foreign keys (theirs and those pointing at them) and indexes of `tables`.

    A constraint something else depends on (a view grouping by a primary key) stays in place:
    the load is slower for it, not wrong.
    """
    if not tables:
        return TakenApart([], [], [])
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
        FROM pg_constraint c
        WHERE (c.contype = 'f' AND (c.conrelid::regclass::text = ANY(%s)
                                    OR c.confrelid::regclass::text = ANY(%s)))
           OR (c.contype IN ('p', 'u') AND c.conrelid::regclass::text = ANY(%s))
        ORDER BY c.contype, 1, 2
        """,
        [tables, tables, tables],
    )
    constraints = [Constraint(*row) for row in cursor.fetchall()]
    foreign = [_drop_constraint(cursor, c) for c in constraints if c.kind == "f"]
    keys = [_drop_constraint(cursor, c) for c in constraints if c.kind != "f"]
    indexes = [_drop_index(cursor, index) for index in _plain_indexes(cursor, tables)]
    return TakenApart(
        keys=[c for c in keys if c], indexes=[i for i in indexes if i],
        foreign_keys=[c for c in foreign if c],
    )  # fmt: skip


def put_back(cursor, taken: TakenApart, done=lambda: None) -> None:
    """Rebuild keys, then indexes, then validate and restore the foreign keys."""
    for constraint in (*taken.keys, *taken.indexes, *taken.foreign_keys):
        if isinstance(constraint, SecondaryIndex):
            cursor.execute(constraint.definition)
        else:
            cursor.execute(
                f'ALTER TABLE {constraint.table} ADD CONSTRAINT "{constraint.name}" '
                f"{constraint.definition}"
            )
        done()


def _drop_constraint(cursor, constraint: Constraint) -> Constraint | None:
    try:
        with transaction.atomic():
            cursor.execute(f'ALTER TABLE {constraint.table} DROP CONSTRAINT "{constraint.name}"')
    except DatabaseError:
        return None
    return constraint


def _drop_index(cursor, index: SecondaryIndex) -> SecondaryIndex | None:
    try:
        with transaction.atomic():
            cursor.execute(f'DROP INDEX "{index.name}"')
    except DatabaseError:
        return None
    return index


def _plain_indexes(cursor, tables: list[str]) -> list[SecondaryIndex]:
    """Indexes that back no constraint (unique ones included: rebuilding them checks them)."""
    cursor.execute(
        """
        SELECT t.relname, i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        ORDER BY t.relname, i.relname
        """,
        [tables],
    )
    return [SecondaryIndex(*row) for row in cursor.fetchall()]


def table_is_empty(cursor, table: str) -> bool:
    cursor.execute(f'SELECT NOT EXISTS (SELECT 1 FROM "{table}")')
    return cursor.fetchone()[0]


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
