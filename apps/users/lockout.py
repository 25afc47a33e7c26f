"""django-axes' lockout records, kept out of the app role's reach.

Sign-in attempts carry every tenant's e-mails and client IPs and are needed before the tenant is
known, so no row-level rule fits them: the app role has no privilege on axes' tables (see the users
migration that protects them), and this handler, the only code that works on them, does so as the
connection's login role (`apps.core.tenancy.login_role`) for the length of each call.
"""

from __future__ import annotations

from functools import wraps

from axes.handlers.database import AxesDatabaseHandler

from apps.core.tenancy import login_role

# Every method of the database handler that reads or writes axes' tables.
_METHODS_ON_LOCKOUT_TABLES = (
    "is_allowed",
    "is_locked",
    "get_failures",
    "user_login_failed",
    "user_logged_in",
    "user_logged_out",
    "reset_attempts",
    "reset_logs",
    "reset_failure_logs",
    "remove_out_of_limit_failure_logs",
    "get_user_attempts",
    "clean_expired_user_attempts",
    "reset_user_attempts",
)


def _as_login_role(method):
    @wraps(method)
    def run(*args, **kwargs):
        with login_role():
            return method(*args, **kwargs)

    return run


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' own database handler, each call run as the login role."""


for _name in _METHODS_ON_LOCKOUT_TABLES:
    setattr(LockoutHandler, _name, _as_login_role(getattr(AxesDatabaseHandler, _name)))
