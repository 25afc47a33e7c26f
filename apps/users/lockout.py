"""django-axes' lockout records, kept out of the app role's reach, and the lockout rules.

Sign-in attempts carry every tenant's e-mails and client IPs and are needed before the tenant is
known, so no row-level rule fits them: the app role has no privilege on axes' tables (see the users
migration that protects them), and this handler, the only code that works on them, does so as the
owner's rights (`apps.core.owner.owner_rights`: the login role when it is the owner, the owner's
own connection in a hardened deployment) for the length of each call.

Failed sign-ins within the cool-off count under three rules (AXES_LOCKOUT_PARAMETERS), each with
its own limit (`failure_limits`): one e-mail from one address, one e-mail from any address (guesses
spread over many IPs), and one address over every e-mail (one password tried on many accounts). The
records live in PostgreSQL, so lockout holds while Redis is down.
"""

from __future__ import annotations

from functools import wraps

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import (
    get_client_parameters,
    get_client_username,
    get_cool_off,
    get_failure_limit,
)
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from apps.core.owner import owner_rights

ACCOUNT_FROM_ONE_ADDRESS = ("username", "ip_address")
ACCOUNT = ("username",)
NETWORK_ADDRESS = ("ip_address",)


def failure_limits() -> dict[tuple[str, ...], int]:
    """Failed sign-ins per cool-off that lock, by the request details they are counted under."""
    return {
        ACCOUNT_FROM_ONE_ADDRESS: settings.AXES_FAILURE_LIMIT,
        ACCOUNT: settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT,
        NETWORK_ADDRESS: settings.SIGN_IN_NETWORK_FAILURE_LIMIT,
    }


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


def _with_owner_rights(method):
    @wraps(method)
    def run(*args, **kwargs):
        with owner_rights():
            return method(*args, **kwargs)

    return run


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler with a limit per rule, each call run with the owner's
    rights."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Axes compares one count with one limit (AXES_FAILURE_LIMIT). Each rule here has its own
        limit, so this answers the count of the rule nearest to (or furthest past) its limit,
        shifted onto axes' scale: it reaches AXES_FAILURE_LIMIT exactly when some rule reaches its
        own. The rules reached are kept on the request for the lockout page."""
        limits = failure_limits()
        # Axes filters attempts in the order of these parameters, one queryset per rule.
        rules = [
            tuple(filter_kwargs)
            for filter_kwargs in get_client_parameters(
                get_client_username(request, credentials),
                request.axes_ip_address,
                request.axes_user_agent,
                request,
                credentials,
            )
        ]
        margins: dict[tuple[str, ...], int] = {}
        for rule, attempts in zip(rules, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            margins[rule] = failures - limits[rule]
        request.sign_in_locked_rules = [rule for rule, margin in margins.items() if margin >= 0]
        return get_failure_limit(request, credentials) + max(margins.values())

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful sign-in clears that account's failures, from every address, but not the
        failures of other accounts from its address: else one valid account would let a shared
        address try passwords on the others without end."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


for _name in _METHODS_ON_LOCKOUT_TABLES:
    setattr(LockoutHandler, _name, _with_owner_rights(getattr(LockoutHandler, _name)))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, saying whether the account or the network address
    is locked and for how long."""
    rules = getattr(request, "sign_in_locked_rules", [])
    cool_off = get_cool_off(request)
    context = {
        "network_locked": rules == [NETWORK_ADDRESS],
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(
        request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
