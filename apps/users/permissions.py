"""Roles and permission strings (SPEC 4.2), in Python and, with the same rule, in SQL.

A user holds the patterns of their role plus their own `extra_permissions`. A pattern grants a
permission when it is `*`, the permission itself, `<area>.*` (every action in an area) or
`*.<action>` (that action in every area: the auditor's `*.view`).

`has_user_permission(user_id, permission)` in PostgreSQL applies the same rule. Its role table is
generated from ROLE_PERMISSIONS after every `migrate` (see `sync_permission_functions`), so this
module stays the one source; a test checks both agree for every role and permission.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from apps.users.models import Role

if TYPE_CHECKING:
    from apps.users.models import User

# Every permission the application checks. Extra grants must match at least one of these.
PERMISSIONS: tuple[str, ...] = (
    "customers.view",
    "customers.create",
    "customers.edit",
    "customers.delete",
    "team.view",
    "team.manage",
    "projects.view",
    "projects.create",
    "projects.edit",
    "projects.cancel",
    "workflow.advance",
    "workflow.move_back",
    "workflow.configure",
    "approvals.view",
    "approvals.request",
    "approvals.decide",
    "approvals.delegate",
    "documents.view",
    "documents.upload",
    "documents.delete",
    "messages.view",
    "messages.send",
    "notifications.view",
    "dashboard.view",
    "dashboard.refresh",
    "activity.view",
)

_STAFF_BASE = (
    "projects.view",
    "customers.view",
    "team.view",
    "approvals.view",
    "approvals.request",
    "documents.view",
    "documents.upload",
    "messages.*",
    "notifications.view",
    "dashboard.view",
    "activity.view",
)

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.ADMIN: ("*",),
    Role.MANAGEMENT: (
        "projects.*",
        "workflow.*",
        "approvals.*",
        "documents.*",
        "customers.*",
        "messages.*",
        "notifications.*",
        "dashboard.*",
        "team.view",
        "activity.view",
    ),
    Role.SALES: (
        *_STAFF_BASE,
        "projects.create",
        "projects.edit",
        "workflow.advance",
        "customers.create",
        "customers.edit",
    ),
    Role.ENGINEERING: (*_STAFF_BASE, "projects.edit", "workflow.advance"),
    Role.QA: (*_STAFF_BASE, "workflow.advance"),
    Role.PROCUREMENT: (*_STAFF_BASE, "workflow.advance"),
    Role.PRODUCTION: (*_STAFF_BASE, "workflow.advance"),
    Role.FINANCE: (*_STAFF_BASE, "workflow.advance"),
    Role.LOGISTICS: (*_STAFF_BASE, "workflow.advance"),
    Role.AUDITOR: ("*.view",),
}


def permission_matches(pattern: str, permission: str) -> bool:
    if pattern in ("*", permission):
        return True
    if pattern.endswith(".*"):
        return permission.startswith(pattern[:-1])
    if pattern.startswith("*."):
        return permission.endswith(pattern[1:])
    return False


def is_known_pattern(pattern: str) -> bool:
    """Whether a grant would match any real permission (used to validate extra grants)."""
    return any(permission_matches(pattern, permission) for permission in PERMISSIONS)


def user_permission_patterns(user: User) -> tuple[str, ...]:
    return (*ROLE_PERMISSIONS.get(user.role, ()), *(user.extra_permissions or ()))


def has_permission(user, permission: str) -> bool:
    """The Python twin of the SQL `has_user_permission`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return any(permission_matches(p, permission) for p in user_permission_patterns(user))


def permission_require(user, permission: str) -> None:
    """Raise PermissionDenied (a 403 in a view) unless the user holds the permission."""
    if not has_permission(user, permission):
        raise PermissionDenied(f"Your role does not allow this ({permission}).")


def require_permission(permission: str):
    """View decorator: anonymous → the login page; signed in without the permission → 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            permission_require(request.user, permission)
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator


# --- the SQL side ---


def _sql_text_array(values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"ARRAY[{quoted}]::text[]"


def role_patterns_function_sql() -> str:
    cases = "\n".join(
        f"        WHEN '{role}' THEN {_sql_text_array(patterns)}"
        for role, patterns in ROLE_PERMISSIONS.items()
    )
    return f"""
CREATE OR REPLACE FUNCTION role_permission_patterns(p_role text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE p_role
{cases}
        ELSE ARRAY[]::text[]
    END
$$;
"""


PERMISSION_FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION permission_matches(p_pattern text, p_permission text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT p_pattern = '*'
        OR p_pattern = p_permission
        OR (right(p_pattern, 2) = '.*' AND starts_with(p_permission, left(p_pattern, -1)))
        OR (left(p_pattern, 2) = '*.' AND right(p_permission, length(p_pattern) - 1)
            = substr(p_pattern, 2))
$$;

-- SECURITY INVOKER: under RLS a user of another tenant does not exist, so the answer is false.
CREATE OR REPLACE FUNCTION has_user_permission(p_user_id uuid, p_permission text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1
        FROM users u
        CROSS JOIN LATERAL unnest(role_permission_patterns(u.role) || u.extra_permissions::text[])
            AS grant_(pattern)
        WHERE u.id = p_user_id
          AND u.status = 'active'
          AND permission_matches(grant_.pattern, p_permission)
    )
$$;
"""


def sync_permission_functions(using: str = "default") -> None:
    """(Re)create the SQL permission functions from ROLE_PERMISSIONS. Runs after `migrate`."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(role_patterns_function_sql())
        cursor.execute(PERMISSION_FUNCTIONS_SQL)
