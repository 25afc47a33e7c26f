"""Deciding: approve and reject.

Both lock the approval row, check the user may decide and that it is still open, then write the
decision, its history and activity, and notify. Approving a step of a chain opens the next step;
only the last step's approval releases the sub-stage it holds. Rejecting any step ends the chain
and sends the sub-stage back to work with the reason.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.activity.models import ActivityAction
from apps.approvals import rules
from apps.approvals.models import Approval, ApprovalAction, ApprovalStatus
from apps.approvals.services.common import (
    activity_for_approval,
    approval_lock,
    clean_comments,
    history_record,
    not_before_request,
    notify,
    now_or,
    require_open,
)
from apps.approvals.services.requests import open_next_step
from apps.core.reasons import required_reason
from apps.projects.models import ProgressStatus


def authorize_decision(user, approval: Approval, now=None) -> None:
    """Raise PermissionDenied, with the reason, unless `user` may decide `approval` (see
    `apps.approvals.rules`; for a page that only decides which buttons to show, prefer
    `rules.may_decide`, which also checks the approval is open)."""
    refusal = rules.decision_refusal(user, approval, now_or(now))
    if refusal:
        raise PermissionDenied(refusal)


def approval_open_for_decision(*, user, approval_id, now=None) -> Approval:
    """The approval, locked, after checking the user may decide it and it is still open."""
    approval = approval_lock(user=user, approval_id=approval_id)
    authorize_decision(user, approval, now)
    require_open(approval)
    return approval


def _decide(approval: Approval, *, user, status: str, now: datetime.datetime, **fields) -> str:
    old = approval.status
    approval.status = status
    approval.decided_by = user
    approval.decided_at = not_before_request(approval, now)
    for name, value in fields.items():
        setattr(approval, name, value)
    approval.save(update_fields=["status", "decided_by", "decided_at", *fields, "updated_at"])
    return old


@transaction.atomic
def approval_approve(*, user, approval_id, comments: str = "", now=None) -> Approval:
    from apps.projects.services.sub_stages import (
        planned_sub_stage,
        progress_lock,
        sub_stage_mark_completed,
    )

    now = now_or(now)
    comments = clean_comments(comments)
    approval = approval_open_for_decision(user=user, approval_id=approval_id, now=now)
    old = _decide(
        approval, user=user, status=ApprovalStatus.APPROVED, now=now, decision_comments=comments
    )
    last_step = approval.step_number >= approval.total_steps
    step = f"Step {approval.step_number} of {approval.total_steps}"
    history_record(
        approval, user=user, action=ApprovalAction.APPROVE, old_status=old, comments=comments
    )
    activity_for_approval(
        approval,
        user=user,
        action=ActivityAction.APPROVAL_APPROVED,
        description=f"Approved: {approval.title}" + ("" if last_step else f" ({step.lower()})"),
    )
    if not last_step:
        open_next_step(approved=approval, acting_user=user, now=now)
        notify(
            approval,
            [approval.requested_by],
            actor=user,
            title=f"{step} approved: {approval.title}",
            message=comments,
        )
        return approval
    notify(
        approval, [approval.requested_by], actor=user, title=f"Approved: {approval.title}",
        message=comments,
    )  # fmt: skip
    if approval.sub_stage_progress_id:
        progress = progress_lock(user=user, progress_id=approval.sub_stage_progress_id)
        if progress.status == ProgressStatus.IN_REVIEW:
            sub_stage_mark_completed(
                user=user, progress=progress, planned=planned_sub_stage(progress), now=now
            )
    return approval


def release_sub_stage_to_work(*, user, approval: Approval, note: str) -> None:
    """A rejected or cancelled approval sends the sub-stage it held back to `in_progress`."""
    from apps.projects.services.sub_stages import progress_lock, sub_stage_return_to_work

    if not approval.sub_stage_progress_id:
        return
    progress = progress_lock(user=user, progress_id=approval.sub_stage_progress_id)
    sub_stage_return_to_work(user=user, progress=progress, note=note)


@transaction.atomic
def approval_reject(*, user, approval_id, reason: str, comments: str = "", now=None) -> Approval:
    reason = required_reason(reason, ask="Say why it is rejected, so the work can be fixed.")
    comments = clean_comments(comments)
    now = now_or(now)
    approval = approval_open_for_decision(user=user, approval_id=approval_id, now=now)
    old = _decide(
        approval,
        user=user,
        status=ApprovalStatus.REJECTED,
        now=now,
        decision_reason=reason,
        decision_comments=comments,
    )
    history_record(
        approval,
        user=user,
        action=ApprovalAction.REJECT,
        old_status=old,
        comments=reason,
        step=approval.step_number,
    )
    activity_for_approval(
        approval,
        user=user,
        action=ActivityAction.APPROVAL_REJECTED,
        description=f"Rejected: {approval.title}",
        reason=reason,
    )
    release_sub_stage_to_work(user=user, approval=approval, note=f"Rejected: {reason}")
    notify(
        approval,
        [approval.requested_by],
        actor=user,
        title=f"Rejected: {approval.title}",
        message=reason,
        urgent=True,
    )
    return approval
