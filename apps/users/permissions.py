"""Permission checks for views and services, and the same rule in SQL.

The rule and each role's patterns live in `apps.users.roles`, the one source.
`has_user_permission(user_id, permission)` in PostgreSQL applies it too: its role table is
generated from ROLE_PERMISSIONS after every `migrate` (see `sync_permission_functions`), and a test
checks both agree for every role and permission.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.utils.translation import gettext

from apps.users.roles import ROLE_PERMISSIONS, has_permission


def permission_require(user, permission: str) -> None:
    """Raise PermissionDenied (a 403 in a view) unless the user holds the permission."""
    if not has_permission(user, permission):
        raise PermissionDenied(
            gettext("Your role does not allow this (%(permission)s).") % {"permission": permission}
        )


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
    with connections[using].cursor() as cursor:
        cursor.execute(role_patterns_function_sql())
        cursor.execute(PERMISSION_FUNCTIONS_SQL)


def sync_permission_functions_after_migrate(sender, using="default", **kwargs) -> None:
    """`post_migrate` receiver (connected in `UsersConfig.ready`)."""
    sync_permission_functions(using=using)
