"""Filters of the approvals queue (django-filter), applied inside the selectors."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.approvals.models import (
    OPEN_STATUSES,
    Approval,
    ApprovalPriority,
    ApprovalStatus,
    ApprovalType,
)
from apps.core.filters import FilterForm, StrictFilterSet
from apps.users.models import Role
from apps.users.permissions import has_permission

OPEN = "open"
STATUS_CHOICES = [(OPEN, _("Waiting for a decision")), *ApprovalStatus.choices, ("all", _("All"))]
SCOPE_MINE = "mine"
SCOPE_ROLE = "role"
SCOPE_BOTH = "both"
SCOPE_TENANT = "all"


def overdue_q(now) -> Q:
    """Open and past its SLA or its due date."""
    return Q(status__in=OPEN_STATUSES) & (Q(sla_due_at__lt=now) | Q(due_at__lt=now))


def assigned_to_me_q(user, now) -> Q:
    """Named for the user personally: as approver, as active delegate, or by escalation."""
    return (
        Q(current_approver_user_id=user.pk)
        | Q(escalated_to_id=user.pk)
        | Q(delegated_to_id=user.pk, delegated_until__gt=now)
    )


def for_my_role_q(user) -> Q:
    """Waiting on the user's role; for management and admin also escalations that had no manager
    to go to (they land on management as a whole)."""
    role_q = Q(current_approver_role=user.role)
    if user.role in (Role.MANAGEMENT, Role.ADMIN):
        role_q |= Q(status=ApprovalStatus.ESCALATED, escalated_to__isnull=True)
    return role_q


class ApprovalQueueFilter(StrictFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )
    approval_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=ApprovalType.choices, empty_label=_("All types")
    )
    priority = django_filters.ChoiceFilter(
        label=_("Priority"), choices=ApprovalPriority.choices, empty_label=_("All priorities")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("yes", _("Overdue only"))],
        method="filter_overdue",
        empty_label=_("Overdue or not"),
    )
    scope = django_filters.ChoiceFilter(
        label=_("Whose"),
        choices=[
            (SCOPE_BOTH, _("Mine and my role's")),
            (SCOPE_MINE, _("Mine")),
            (SCOPE_ROLE, _("My role's")),
        ],
        method="filter_scope",
        empty_label=None,
    )

    class Meta:
        model = Approval
        fields: list[str] = []
        form = FilterForm

    def __init__(self, data=None, *args, user, now=None, **kwargs):
        # Always bound: the open approvals that are mine or my role's unless asked otherwise.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, default in (("status", OPEN), ("scope", SCOPE_BOTH)):
            if not data.get(name):
                data[name] = default
        self.user = user
        self.now = now or timezone.now()
        super().__init__(data, *args, **kwargs)
        if has_permission(user, "approvals.decide"):
            scope = self.filters["scope"]
            scope.extra["choices"] = [*scope.extra["choices"], (SCOPE_TENANT, _("Everyone's"))]

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == "all":
            return queryset
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(self.now)) if value == "yes" else queryset

    def filter_scope(self, queryset, name, value):
        if value == SCOPE_TENANT:
            return queryset
        if value == SCOPE_MINE:
            return queryset.filter(assigned_to_me_q(self.user, self.now))
        if value == SCOPE_ROLE:
            return queryset.filter(for_my_role_q(self.user))
        return queryset.filter(assigned_to_me_q(self.user, self.now) | for_my_role_q(self.user))
