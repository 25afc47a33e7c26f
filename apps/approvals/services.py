"""Approvals: requesting and deciding. Every action writes `approval_history`.

The full queue (delegation, escalation, multi-step chains, SLA) builds on these.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.activity.models import ActivityAction
from apps.activity.services import activity_record
from apps.approvals.models import (
    OPEN_STATUSES,
    Approval,
    ApprovalAction,
    ApprovalEntityType,
    ApprovalHistory,
    ApprovalStatus,
    ApprovalType,
)
from apps.core.reasons import REASON_MAX, required_reason
from apps.notifications.services import notification_notify, users_with_roles
from apps.projects.models import ProgressStatus
from apps.users.models import Role
from apps.users.permissions import has_permission

# Sub-stage slug → the approval type a factory would call it.
APPROVAL_TYPE_BY_SUB_STAGE = {
    "tech_signoff": ApprovalType.TECHNICAL_REVIEW,
    "quote_review": ApprovalType.QUOTE_APPROVAL,
    "po_review": ApprovalType.PO_APPROVAL,
    "first_article": ApprovalType.QUALITY_REVIEW,
    "qa_release": ApprovalType.SHIPMENT_RELEASE,
}
SLA_HOURS_BY_PRIORITY = {"low": 72, "normal": 48, "high": 24, "urgent": 8, "critical": 4}


def _history(approval, user, action, old_status, comments="") -> None:
    ApprovalHistory.objects.create(
        organization_id=approval.organization_id,
        approval=approval,
        action=action,
        old_status=old_status,
        new_status=approval.status,
        user=user,
        comments=comments,
    )


def approval_request_for_sub_stage(*, user, progress, planned, now=None) -> Approval:
    """Ask the sub-stage's approvers (a role) to approve its completion."""
    now = now or timezone.now()
    project = progress.project
    priority = project.priority_level if project.priority_level != "low" else "normal"
    approver_role = (planned.approval_roles or (Role.MANAGEMENT,))[0]
    approval = Approval(
        organization_id=progress.organization_id,
        approval_type=APPROVAL_TYPE_BY_SUB_STAGE.get(
            progress.sub_stage.slug, ApprovalType.SUB_STAGE_COMPLETION
        ),
        title=f"{project.project_id}: {planned.name}",
        entity_type=ApprovalEntityType.SUB_STAGE_PROGRESS,
        entity_id=progress.pk,
        project=project,
        sub_stage_progress=progress,
        requested_by=user,
        requested_at=now,
        current_approver_role=approver_role,
        priority=priority,
        sla_due_at=now + datetime.timedelta(hours=SLA_HOURS_BY_PRIORITY[priority]),
    )
    approval.full_clean()
    approval.save(force_insert=True)
    _history(approval, user, ApprovalAction.REQUEST, None)
    activity_record(
        organization_id=approval.organization_id,
        user=user,
        action=ActivityAction.APPROVAL_REQUESTED,
        entity_type="approval",
        entity_id=approval.pk,
        project=project,
        description=f"Approval requested: {planned.name}",
    )
    notification_notify(
        organization_id=approval.organization_id,
        recipients=users_with_roles(
            organization_id=approval.organization_id, roles=[approver_role]
        ),
        exclude=user,
        type="approval",
        priority="high" if priority in ("high", "urgent", "critical") else "normal",
        title=f"Approval needed: {approval.title}",
        action_url=f"/projects/{project.pk}/",
    )
    return approval


def approval_lock(*, user, approval_id) -> Approval:
    try:
        return (
            Approval.objects.select_for_update(of=("self",))
            .select_related("project", "sub_stage_progress")
            .get(pk=approval_id, organization_id=user.organization_id)
        )
    except (Approval.DoesNotExist, ValueError, ValidationError):
        raise ValidationError("That approval does not exist.") from None


def authorize_decision(user, approval: Approval) -> None:
    """The named approver (person or role), or management/admin, with `approvals.decide` or the
    role the approval names."""
    if not user.is_active:
        raise PermissionDenied("Your account is not active.")
    named = approval.current_approver_user_id == user.pk or (
        approval.current_approver_role and approval.current_approver_role == user.role
    )
    if not (named or has_permission(user, "approvals.decide")):
        raise PermissionDenied("You are not an approver of this request.")
    if approval.requested_by_id == user.pk and not has_permission(user, "*"):
        raise PermissionDenied("You cannot approve your own request.")


def approval_open_for_decision(*, user, approval_id) -> Approval:
    """The approval, locked, after checking the user may decide it and it is still open."""
    approval = approval_lock(user=user, approval_id=approval_id)
    authorize_decision(user, approval)
    if approval.status not in OPEN_STATUSES:
        raise ValidationError(f"This approval is already {approval.get_status_display().lower()}.")
    return approval


@transaction.atomic
def approval_approve(*, user, approval_id, comments: str = "", now=None) -> Approval:
    from apps.projects.services.sub_stages import planned_sub_stage, sub_stage_mark_completed

    now = now or timezone.now()
    approval = approval_open_for_decision(user=user, approval_id=approval_id)
    old = approval.status
    approval.status = ApprovalStatus.APPROVED
    approval.decided_by = user
    approval.decided_at = max(now, approval.requested_at)
    approval.decision_comments = comments[:REASON_MAX]
    approval.save(update_fields=["status", "decided_by", "decided_at", "decision_comments",
                                 "updated_at"])  # fmt: skip
    _history(approval, user, ApprovalAction.APPROVE, old, comments)
    activity_record(
        organization_id=approval.organization_id,
        user=user,
        action=ActivityAction.APPROVAL_APPROVED,
        entity_type="approval",
        entity_id=approval.pk,
        project=approval.project,
        description=f"Approved: {approval.title}",
    )
    notification_notify(
        organization_id=approval.organization_id,
        recipients=[approval.requested_by],
        exclude=user,
        type="approval",
        title=f"Approved: {approval.title}",
        message=comments,
        action_url=f"/projects/{approval.project_id}/" if approval.project_id else "",
    )
    if approval.sub_stage_progress_id:
        from apps.projects.services.sub_stages import progress_lock

        progress = progress_lock(user=user, progress_id=approval.sub_stage_progress_id)
        if progress.status == ProgressStatus.IN_REVIEW:
            sub_stage_mark_completed(
                user=user, progress=progress, planned=planned_sub_stage(progress), now=now
            )
    return approval


@transaction.atomic
def approval_reject(*, user, approval_id, reason: str, comments: str = "", now=None) -> Approval:
    reason = required_reason(reason, ask="Say why it is rejected, so the work can be fixed.")
    now = now or timezone.now()
    approval = approval_open_for_decision(user=user, approval_id=approval_id)
    old = approval.status
    approval.status = ApprovalStatus.REJECTED
    approval.decided_by = user
    approval.decided_at = max(now, approval.requested_at)
    approval.decision_reason = reason
    approval.decision_comments = comments[:REASON_MAX]
    approval.save(update_fields=["status", "decided_by", "decided_at", "decision_reason",
                                 "decision_comments", "updated_at"])  # fmt: skip
    _history(approval, user, ApprovalAction.REJECT, old, reason)
    activity_record(
        organization_id=approval.organization_id,
        user=user,
        action=ActivityAction.APPROVAL_REJECTED,
        entity_type="approval",
        entity_id=approval.pk,
        project=approval.project,
        description=f"Rejected: {approval.title}",
        new_values={"reason": reason},
    )
    if approval.sub_stage_progress_id:
        from apps.projects.services.sub_stages import progress_lock

        progress = progress_lock(user=user, progress_id=approval.sub_stage_progress_id)
        if progress.status == ProgressStatus.IN_REVIEW:
            progress.status = ProgressStatus.IN_PROGRESS
            progress.notes = f"Rejected: {reason}"[:REASON_MAX]
            progress.version += 1
            progress.save(update_fields=["status", "notes", "version", "updated_at"])
    notification_notify(
        organization_id=approval.organization_id,
        recipients=[approval.requested_by],
        exclude=user,
        type="approval",
        priority="high",
        title=f"Rejected: {approval.title}",
        message=reason,
        action_url=f"/projects/{approval.project_id}/" if approval.project_id else "",
    )
    return approval
