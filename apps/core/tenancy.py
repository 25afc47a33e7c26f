"""The one way code runs on behalf of a tenant.

`tenant_context(organization, user)` opens a transaction, switches to the app role (non-owner,
NOBYPASSRLS) and sets `app.organization_id` / `app.user_id` with transaction-local scope, so the
row-level security policies see only that tenant and the settings vanish at commit. Requests
(through `TenantMiddleware`), Celery tasks (`TenantTask`) and management commands all go through it.

A portal request (a customer's contact signed in) runs the same way as the portal role instead,
with `app.customer_id` set to the contact's company: that role's own policies (apps.portal
migrations) show it only that company's rows of the tenant, and nothing internal.

A `ContextVar` carries the same tenant in Python for code that must not issue a query to learn it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.transaction import TransactionManagementError


@dataclass(frozen=True)
class TenantState:
    organization_id: uuid.UUID | None
    user_id: uuid.UUID | None
    customer_id: uuid.UUID | None = None


_current_tenant: ContextVar[TenantState | None] = ContextVar("current_tenant", default=None)

# One statement sets the role and the settings; `set_config(..., true)` is SET LOCAL.
_APPLY_SQL = (
    "SELECT set_config('role', %s, true), "
    "set_config('app.organization_id', %s, true), "
    "set_config('app.user_id', %s, true), "
    "set_config('app.customer_id', %s, true)"
)
_READ_SQL = (
    "SELECT current_user::text, "
    "coalesce(current_setting('app.organization_id', true), ''), "
    "coalesce(current_setting('app.user_id', true), ''), "
    "coalesce(current_setting('app.customer_id', true), '')"
)


def app_role() -> str:
    return settings.APP_DB_ROLE


def portal_role() -> str:
    return settings.PORTAL_DB_ROLE


def current_tenant() -> TenantState | None:
    """The tenant the current code runs for, or None outside any tenant context."""
    return _current_tenant.get()


def current_organization_id() -> uuid.UUID | None:
    state = _current_tenant.get()
    return state.organization_id if state else None


def _pk(obj: Any) -> uuid.UUID | None:
    if obj is None:
        return None
    value = getattr(obj, "pk", obj)
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _text(value: uuid.UUID | None) -> str:
    return str(value) if value else ""


@contextmanager
def tenant_context(
    organization: Any, user: Any = None, *, customer: Any = None, using: str = DEFAULT_DB_ALIAS
) -> Iterator[TenantState]:
    """Run the block as the app role for `organization` (an instance, an id or None).

    With `organization=None` the block still runs as the app role and sees no tenant row at all,
    which is what anonymous requests get. Contexts nest: an inner one restores the outer role and
    settings when it ends, so a test or a command can step into a tenant and back out.

    With `customer` (a customer organization of the tenant) the block runs as the portal role
    instead, for a contact of that customer.
    """
    state = TenantState(
        organization_id=_pk(organization), user_id=_pk(user), customer_id=_pk(customer)
    )
    role = portal_role() if state.customer_id else app_role()
    connection = connections[using]
    nested = connection.in_atomic_block
    token = _current_tenant.set(state)
    previous: tuple[str, str, str, str] | None = None
    try:
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                if nested:
                    cursor.execute(_READ_SQL)
                    previous = cursor.fetchone()
                cursor.execute(
                    _APPLY_SQL,
                    [
                        role,
                        _text(state.organization_id),
                        _text(state.user_id),
                        _text(state.customer_id),
                    ],
                )
            yield state
    finally:
        _current_tenant.reset(token)
        if previous is not None:
            _restore(connection, previous)


@contextmanager
def login_role(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the block as the connection's login role, in the same transaction, and then give back
    the role and settings that were in place.

    For the few library-owned tables the app role has no privilege on because no row-level rule
    fits them (django-axes' lockout records, `apps.users.lockout`). Outside a transaction the
    connection already is the login role: `tenant_context` switches role only inside one.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(_READ_SQL)
        previous = cursor.fetchone()
        cursor.execute("SELECT set_config('role', 'none', true)")
    try:
        yield
    finally:
        _restore(connection, previous)


def _restore(connection: Any, previous: tuple[str, str, str, str]) -> None:
    """Give the enclosing transaction back the role and settings it had."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(_APPLY_SQL, list(previous))
    except TransactionManagementError:
        # The enclosing transaction is already doomed to roll back, which undoes the settings.
        pass
