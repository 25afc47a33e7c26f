"""Who may do what with an approval: pure functions of the user and the loaded row, no queries.

The services enforce these (raising PermissionDenied with the message); templates use the same
functions only to decide which buttons to show.

- Decide (approve, reject): the person named as approver, anyone holding the role named as
  approver, the delegate until the delegation ends, the person it was escalated to, and whoever
  holds `approvals.decide` (management and admin) — never the requester on their own request
  (admins excepted).
- Route (delegate, escalate by hand): the named approvers and whoever holds `approvals.delegate`;
  the requester may also escalate. Assigning another approver is for `approvals.delegate` only.
- Cancel: the requester (withdrawing it) and holders of `approvals.decide`.
- Attach files: the requester, the named approvers and holders of `approvals.decide`.

Read-only roles (auditors) may do none of these, whatever the approval names (someone who became
an auditor after being named) and whatever extra permission they were granted.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from apps.approvals.models import OPEN_STATUSES, Approval
from apps.users.models import Role
from apps.users.permissions import has_permission

DECIDE = "approvals.decide"
ROUTE = "approvals.delegate"
# Auditors are read-only everywhere: they can be neither approvers nor delegates.
NON_APPROVER_ROLES = (Role.AUDITOR,)


def is_read_only(user) -> bool:
    return user.role in NON_APPROVER_ROLES


def _may_act(user, approval: Approval) -> bool:
    """The precondition of every change to an approval: an active, not read-only user and an
    open approval."""
    return user.is_active and not is_read_only(user) and approval_is_open(approval)


def approval_is_open(approval: Approval) -> bool:
    return approval.status in OPEN_STATUSES


def delegation_is_active(approval: Approval, now: datetime.datetime | None = None) -> bool:
    return bool(
        approval.delegated_to_id
        and approval.delegated_until
        and approval.delegated_until > (now or timezone.now())
    )


def is_named_approver(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    """Named by the approval itself: as the person, by role, as active delegate or by escalation."""
    if approval.current_approver_user_id == user.pk or approval.escalated_to_id == user.pk:
        return True
    if approval.current_approver_role and approval.current_approver_role == user.role:
        return True
    return approval.delegated_to_id == user.pk and delegation_is_active(approval, now)


def decision_refusal(user, approval: Approval, now: datetime.datetime | None = None) -> str | None:
    """Why `user` may not approve or reject `approval` now, or None when they may."""
    if not user.is_active:
        return "Your account is not active."
    if is_read_only(user):
        return f"{user.get_role_display()} users are read-only and cannot decide approvals."
    if not (is_named_approver(user, approval, now) or has_permission(user, DECIDE)):
        if approval.delegated_to_id == user.pk and approval.delegated_until:
            ended = timezone.localtime(approval.delegated_until).strftime("%d %b %Y %H:%M")
            return f"Your delegation for this approval ended on {ended}."
        return "You are not an approver of this request."
    if approval.requested_by_id == user.pk and not has_permission(user, "*"):
        return "You cannot decide on your own request."
    return None


def may_decide(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    return approval_is_open(approval) and decision_refusal(user, approval, now) is None


def may_route(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    """Delegate or escalate by hand. A delegate may decide but not pass the approval on again."""
    if not _may_act(user, approval):
        return False
    if has_permission(user, ROUTE):
        return True
    named = approval.current_approver_user_id == user.pk or approval.escalated_to_id == user.pk
    by_role = bool(approval.current_approver_role) and approval.current_approver_role == user.role
    return (named or by_role) and approval.requested_by_id != user.pk


def may_escalate(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    """By hand, before the SLA does it: the requester chasing a late answer, or a router."""
    if not _may_act(user, approval):
        return False
    return approval.requested_by_id == user.pk or may_route(user, approval, now)


def may_cancel(user, approval: Approval) -> bool:
    if not _may_act(user, approval):
        return False
    return approval.requested_by_id == user.pk or has_permission(user, DECIDE)


def may_attach(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    if not _may_act(user, approval):
        return False
    return (
        approval.requested_by_id == user.pk
        or is_named_approver(user, approval, now)
        or has_permission(user, DECIDE)
    )
