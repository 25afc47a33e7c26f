"""How long an approver has: per priority, the tenant's own hours or the defaults."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from apps.approvals.events import approval_sla_policy_changed_event
from apps.approvals.models import (
    SLA_HOURS_BY_PRIORITY,
    SLA_HOURS_MAX,
    ApprovalPriority,
    ApprovalSlaPolicy,
)
from apps.users.permissions import has_permission


def approval_sla_hours(*, organization_id, priority: str) -> int:
    """The tenant's hours for `priority`, else the default."""
    if priority not in SLA_HOURS_BY_PRIORITY:
        raise ValidationError({"priority": gettext("Choose one of the listed priorities.")})
    own = (
        ApprovalSlaPolicy.objects.filter(organization_id=organization_id, priority=priority)
        .values_list("hours", flat=True)
        .first()
    )
    return own or SLA_HOURS_BY_PRIORITY[priority]


def approval_sla_hours_by_priority(*, organization_id) -> dict[str, int]:
    """Every priority's hours for the tenant (its own, else the default) in one query, for work
    on many approvals at once (the escalation sweep)."""
    own = dict(
        ApprovalSlaPolicy.objects.filter(organization_id=organization_id).values_list(
            "priority", "hours"
        )
    )
    return {
        priority: own.get(priority) or hours for priority, hours in SLA_HOURS_BY_PRIORITY.items()
    }


def approval_sla_due(
    *,
    organization_id,
    priority: str,
    start: datetime.datetime,
    hours_by_priority: Mapping[str, int] | None = None,
) -> datetime.datetime:
    """When an approver asked at `start` must have answered; `hours_by_priority` (from
    `approval_sla_hours_by_priority`) saves the query when many approvals are handled."""
    if hours_by_priority is not None and priority in hours_by_priority:
        hours = hours_by_priority[priority]
    else:
        hours = approval_sla_hours(organization_id=organization_id, priority=priority)
    return start + datetime.timedelta(hours=hours)


@transaction.atomic
def approval_sla_policy_set(*, user, priority: str, hours: int) -> ApprovalSlaPolicy:
    """Set the tenant's answer time for one priority (tenant admins, from the Django admin)."""
    if not has_permission(user, "*"):
        raise PermissionDenied(gettext("Only an administrator can change approval SLAs."))
    if priority not in ApprovalPriority.values:
        raise ValidationError({"priority": gettext("Choose one of the listed priorities.")})
    if not isinstance(hours, int) or not 1 <= hours <= SLA_HOURS_MAX:
        raise ValidationError(
            {
                "hours": gettext("Give a whole number of hours from 1 to %(limit)s.")
                % {"limit": SLA_HOURS_MAX}
            }
        )
    policy, created = ApprovalSlaPolicy.objects.select_for_update().get_or_create(
        organization_id=user.organization_id, priority=priority, defaults={"hours": hours}
    )
    old_hours = None if created else policy.hours
    if not created and policy.hours != hours:
        policy.hours = hours
        policy.full_clean()
        policy.save(update_fields=["hours", "updated_at"])
    approval_sla_policy_changed_event(policy, user=user, old_hours=old_hours)
    return policy
