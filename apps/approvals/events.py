"""The audit trail of approvals: one function per kind of event, each writing one activity entry
(`apps.activity`) in the words of the domain. Services call these, never `activity_record`."""

from __future__ import annotations

import datetime

from apps.activity.models import ActivityAction, EntityType
from apps.activity.services import activity_record
from apps.approvals.models import Approval, ApprovalSlaPolicy


def _approval_event(approval: Approval, *, user, action, description: str, **values) -> None:
    activity_record(
        organization_id=approval.organization_id,
        user=user,
        action=action,
        entity_type=EntityType.APPROVAL,
        entity_id=approval.pk,
        project=approval.project,
        description=description,
        new_values=values or None,
    )


def approval_requested_event(approval: Approval, *, user, step_note: str = "") -> None:
    """A step was opened (step 1 by a request, a later one by the approval of the one before)."""
    _approval_event(
        approval,
        user=user,
        action=ActivityAction.APPROVAL_REQUESTED,
        description=f"Approval requested: {approval.title}"
        + (f" ({step_note})" if step_note else ""),
    )


def approval_approved_event(approval: Approval, *, user) -> None:
    last_step = approval.step_number >= approval.total_steps
    step = f"step {approval.step_number} of {approval.total_steps}"
    _approval_event(
        approval,
        user=user,
        action=ActivityAction.APPROVAL_APPROVED,
        description=f"Approved: {approval.title}" + ("" if last_step else f" ({step})"),
    )


def approval_rejected_event(approval: Approval, *, user, reason: str) -> None:
    _approval_event(
        approval,
        user=user,
        action=ActivityAction.APPROVAL_REJECTED,
        description=f"Rejected: {approval.title}",
        reason=reason,
    )


def approval_assigned_event(approval: Approval, *, user, to: str, approver: dict) -> None:
    """Given to another approver (`to` names them, `approver` is the step's stored form)."""
    _approval_event(
        approval,
        user=user,
        action=ActivityAction.ASSIGNED,
        description=f"Approval “{approval.title}” assigned to {to}",
        approver=approver,
    )


def approval_delegated_event(
    approval: Approval, *, user, delegate, until: datetime.datetime
) -> None:
    _approval_event(
        approval,
        user=user,
        action=ActivityAction.APPROVAL_DELEGATED,
        description=f"Approval “{approval.title}” delegated to {delegate.name}",
        delegate=str(delegate.pk),
        until=until.isoformat(),
    )


def approval_escalated_event(approval: Approval, *, user, to: str) -> None:
    """Escalated by hand, or by the SLA sweep (`user` None); `to` names who has it now."""
    _approval_event(
        approval,
        user=user,
        action=ActivityAction.APPROVAL_ESCALATED,
        description=f"Approval “{approval.title}” escalated to {to}",
        level=approval.escalation_level,
    )


def approval_cancelled_event(approval: Approval, *, user, reason: str) -> None:
    _approval_event(
        approval,
        user=user,
        action=ActivityAction.APPROVAL_CANCELLED,
        description=f"Approval cancelled: {approval.title}",
        reason=reason,
    )


def approval_sla_policy_changed_event(
    policy: ApprovalSlaPolicy, *, user, old_hours: int | None
) -> None:
    activity_record(
        organization_id=policy.organization_id,
        user=user,
        action=ActivityAction.UPDATED,
        entity_type=EntityType.APPROVAL_SLA_POLICY,
        entity_id=policy.pk,
        description=(
            f"Approval SLA for {policy.get_priority_display().lower()} priority: {policy.hours} h"
        ),
        old_values={"hours": old_hours},
        new_values={"hours": policy.hours},
    )
