"""Deciding: approve and reject.

Both lock the approval row, check the user may decide and that the table allows the move from its
status, then write the decision, its history and activity, and notify. Approving a step of a chain
opens the next step; only the last step's approval is handed to its subject (a sub-stage
completes). Rejecting any step ends the chain and hands the rejection to the subject (a sub-stage
goes back to work with the reason). What a decision does to its subject is the owning app's
business, registered in `apps.approvals.subjects`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.approvals import rules
from apps.approvals.events import approval_approved_event, approval_rejected_event
from apps.approvals.models import Approval, ApprovalAction, ApprovalStatus
from apps.approvals.rules import ApprovalMove
from apps.approvals.services.guards import (
    approval_lock,
    clean_comments,
    not_before_request,
    now_or,
    require_move,
)
from apps.approvals.services.history import history_record
from apps.approvals.services.notices import notify
from apps.approvals.services.requests import open_next_step
from apps.approvals.subjects import subject_approved, subject_rejected
from apps.core.i18n import for_reader
from apps.core.reasons import required_reason


def authorize_decision(user, approval: Approval, now=None) -> None:
    """Raise PermissionDenied, with the reason, unless `user` may decide `approval` (see
    `apps.approvals.rules`; for a page that only decides which buttons to show, prefer
    `rules.may_decide`, which also checks the table allows a decision from its status)."""
    refusal = rules.decision_refusal(user, approval, now_or(now))
    if refusal:
        raise PermissionDenied(refusal)


def approval_open_for_decision(*, user, approval_id, move: ApprovalMove, now=None) -> Approval:
    """The approval, locked, after checking the user may decide it and it is still open."""
    approval = approval_lock(user=user, approval_id=approval_id)
    authorize_decision(user, approval, now)
    require_move(approval, move)
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
    now = now_or(now)
    comments = clean_comments(comments)
    approval = approval_open_for_decision(
        user=user, approval_id=approval_id, move=ApprovalMove.APPROVE, now=now
    )
    old = _decide(
        approval, user=user, status=ApprovalStatus.APPROVED, now=now, decision_comments=comments
    )
    last_step = approval.step_number >= approval.total_steps
    history_record(
        approval, user=user, action=ApprovalAction.APPROVE, old_status=old, comments=comments
    )
    approval_approved_event(approval, user=user)
    if not last_step:
        open_next_step(approved=approval, acting_user=user, now=now)
        notify(
            approval,
            [approval.requested_by],
            actor=user,
            title=for_reader(
                _("Step %(step)s of %(steps)s approved: %(title)s"),
                step=approval.step_number,
                steps=approval.total_steps,
                title=approval.title,
            ),
            message=comments,
        )
        return approval
    notify(
        approval,
        [approval.requested_by],
        actor=user,
        title=for_reader(_("Approved: %(title)s"), title=approval.title),
        message=comments,
    )
    subject_approved(user=user, approval=approval, now=now)
    return approval


@transaction.atomic
def approval_reject(*, user, approval_id, reason: str, comments: str = "", now=None) -> Approval:
    reason = required_reason(
        reason, ask=gettext("Say why it is rejected, so the work can be fixed.")
    )
    comments = clean_comments(comments)
    now = now_or(now)
    approval = approval_open_for_decision(
        user=user, approval_id=approval_id, move=ApprovalMove.REJECT, now=now
    )
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
    approval_rejected_event(approval, user=user, reason=reason)
    subject_rejected(user=user, approval=approval, reason=reason)
    notify(
        approval,
        [approval.requested_by],
        actor=user,
        title=for_reader(_("Rejected: %(title)s"), title=approval.title),
        message=reason,
        urgent=True,
    )
    return approval
