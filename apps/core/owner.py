"""The owner's rights, for the few jobs that need them, in both kinds of deployment.

Most work runs as the app role inside `tenant_context`. A few jobs need more: refreshing the
dashboard's materialized views (only their owner may), backups and restores (every row of every
tenant), django-axes' lockout records (no row-level rule fits them, so the app role has no
privilege on them), the operators' KPIs (figures summed over every tenant) and the beat jobs' list
of tenants. They all go through `owner_alias()` / `owner_rights()`:

- By default the login role of DATABASE_URL owns the schema, so `owner_rights()` switches the
  default connection back to that role for the length of the block (`tenancy.login_role`), in the
  same transaction, exactly as these jobs always did.
- In a hardened deployment the login role owns nothing (it may only become the app role), and
  OWNER_DATABASE_URL (or else MIGRATION_DATABASE_URL) adds a second connection, the `owner`
  alias. `owner_rights()` then opens a transaction on that connection and, through
  `OwnerRouter`, sends the block's ORM queries there; the login role never gains a privilege.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from apps.core.tenancy import login_role

OWNER_ALIAS = "owner"

# The alias the current `owner_rights` block reads and writes through; None outside any block.
_active_alias: ContextVar[str | None] = ContextVar("owner_alias", default=None)


def owner_alias() -> str:
    """The connection that has the owner's rights: `owner` when configured, else the default."""
    return OWNER_ALIAS if OWNER_ALIAS in settings.DATABASES else DEFAULT_DB_ALIAS


def owner_connection_configured() -> bool:
    return owner_alias() != DEFAULT_DB_ALIAS


@contextmanager
def owner_rights() -> Iterator[str]:
    """Run the block with the owner's rights; yields the alias to use for raw SQL and savepoints
    (ORM queries without `.using()` are routed to it)."""
    alias = owner_alias()
    token = _active_alias.set(alias)
    try:
        if alias == DEFAULT_DB_ALIAS:
            with login_role():
                yield alias
        else:
            with transaction.atomic(using=alias):
                yield alias
    finally:
        _active_alias.reset(token)


def owner_cursor():
    """A cursor on the connection of the enclosing `owner_rights` block (default outside one)."""
    return connections[_active_alias.get() or DEFAULT_DB_ALIAS].cursor()


class OwnerRouter:
    """DATABASE_ROUTERS: inside `owner_rights`, ORM queries go to its connection; elsewhere this
    router has no opinion and Django uses the default connection."""

    def db_for_read(self, model, **hints) -> str | None:
        return _active_alias.get()

    def db_for_write(self, model, **hints) -> str | None:
        return _active_alias.get()

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Both aliases are the same database; only the role differs.
        return True if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, OWNER_ALIAS} else None
