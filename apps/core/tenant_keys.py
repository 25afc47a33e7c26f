"""Migration SQL that adds the tenant column to an existing unique key, for Citus (docs/scaling.md
section 4: a distributed table's unique keys must contain the distribution column).

The key keeps its name and its leading columns; the tenant column goes last, so every query that
used the key's index for a lookup by its leading columns still does. A key changes in two steps:

1. build the new unique index under a temporary name, beside the old one. A plain
   `CREATE UNIQUE INDEX` takes a SHARE lock: reads go on, writes wait for the build. With
   `concurrently=True` (the migration must then be `atomic = False`) it takes SHARE UPDATE
   EXCLUSIVE: reads and writes go on, the build scans the table twice, and an interrupted build
   leaves an INVALID index, which the first statement drops on the next run;
2. swap: drop the old key and make the new index the key under the old name (`ADD CONSTRAINT ...
   USING INDEX` takes the built index as it is, no scan). ACCESS EXCLUSIVE, for milliseconds, but
   queued behind any running transaction on the table: the concurrent form waits at most
   SWAP_LOCK_TIMEOUT and fails (to be run again) rather than stall every query behind it.
   Dropping the old key drops its index.

The reverse is the same with the old columns.
"""

from __future__ import annotations

SWAP_LOCK_TIMEOUT = "10s"
MAX_IDENTIFIER = 63


def _columns(columns: list[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def building_index_name(table: str) -> str:
    """The temporary name of the index being built (one key of a table changes at a time)."""
    name = f"{table}_tenant_key_new"
    assert len(name) <= MAX_IDENTIFIER, name
    return name


def _in_transaction(statements: list[str], concurrently: bool) -> str:
    """One string, run as one statement list: inside an atomic migration it is part of the
    migration's transaction; in a non-atomic one it is a transaction of its own."""
    if not concurrently:
        return ";\n".join(statements)
    return ";\n".join(
        ["BEGIN", f"SET LOCAL lock_timeout = '{SWAP_LOCK_TIMEOUT}'", *statements, "COMMIT"]
    )


def _build(table: str, columns: list[str], where: str, concurrently: bool) -> list[str]:
    mode = "CONCURRENTLY " if concurrently else ""
    building = building_index_name(table)
    condition = f" WHERE {where}" if where else ""
    return [
        f'DROP INDEX {mode}IF EXISTS "{building}"',
        f'CREATE UNIQUE INDEX {mode}"{building}" ON "{table}" ({_columns(columns)}){condition}',
    ]


def unique_constraint_sql(
    table: str, name: str, columns: list[str], *, concurrently: bool = False
) -> list[str]:
    """Statements that make the UNIQUE constraint `name` of `table` cover `columns`."""
    building = building_index_name(table)
    swap = [
        f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"',
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" UNIQUE USING INDEX "{building}"',
    ]
    return [*_build(table, columns, "", concurrently), _in_transaction(swap, concurrently)]


def partial_unique_index_sql(
    table: str, name: str, columns: list[str], where: str, *, concurrently: bool = False
) -> list[str]:
    """Statements that make the partial unique index `name` (Django's UniqueConstraint with a
    condition: an index, not a constraint) cover `columns`."""
    swap = [
        f'DROP INDEX "{name}"',
        f'ALTER INDEX "{building_index_name(table)}" RENAME TO "{name}"',
    ]
    return [*_build(table, columns, where, concurrently), _in_transaction(swap, concurrently)]
