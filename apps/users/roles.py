"""Roles and what each may do (SPEC 4.2): the permission strings, each role's patterns, and the
rule by which a pattern grants a permission.

A user holds the patterns of their role plus their own `extra_permissions`. A pattern grants a
permission when it is `*`, the permission itself, `<area>.*` (every action in an area) or
`*.<action>` (that action in every area: the auditor's `*.view`).

This module imports nothing of the users app: the User model validates its extra grants and
answers Django admin's permission questions with it, and `permissions` (the view decorator, the SQL
twin of the rule) builds on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    # For annotations only: at run time this would be a cycle (the User model imports this module).
    from apps.users.models import User


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    MANAGEMENT = "management", _("Management")
    ENGINEERING = "engineering", _("Engineering")
    QA = "qa", _("Quality assurance")
    PROCUREMENT = "procurement", _("Procurement")
    PRODUCTION = "production", _("Production")
    SALES = "sales", _("Sales")
    FINANCE = "finance", _("Finance")
    LOGISTICS = "logistics", _("Logistics")
    AUDITOR = "auditor", _("Auditor")
    # A customer's contact who signs in to the portal: no staff permission at all; what they see is
    # decided by the portal's own database role and policies (apps.portal).
    CUSTOMER = "customer", _("Customer (portal)")


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
    Role.CUSTOMER: (),
}

# Roles of the factory's own people (every role but the portal's).
STAFF_ROLES: tuple[str, ...] = tuple(role for role in Role.values if role != Role.CUSTOMER)
STAFF_ROLE_CHOICES: list[tuple[str, str]] = [
    (value, label) for value, label in Role.choices if value != Role.CUSTOMER
]


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
