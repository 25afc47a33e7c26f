"""Who may do what with an approval: one table of transitions, and pure functions of the user and
the loaded row (no queries).

The services refuse by the table (`APPROVAL_TRANSITIONS`: a move absent from it is refused, and
so is one whose `who` does not hold for the user); the templates ask the same table (`allows`,
through the `may_*` helpers and the `approval_tags` filters) only to decide which buttons to show.

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
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext

from apps.approvals.models import OPEN_STATUSES, Approval, ApprovalStatus
from apps.users.models import Role
from apps.users.permissions import has_permission

DECIDE = "approvals.decide"
ROUTE = "approvals.delegate"
# Auditors are read-only everywhere: they can be neither approvers nor delegates.
NON_APPROVER_ROLES = (Role.AUDITOR,)


def is_read_only(user) -> bool:
    return user.role in NON_APPROVER_ROLES


def _is_active_writer(user) -> bool:
    """The precondition of every change a person makes to an approval."""
    return user.is_active and not is_read_only(user)


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
        return gettext("Your account is not active.")
    if is_read_only(user):
        return gettext("%(role)s users are read-only and cannot decide approvals.") % {
            "role": user.get_role_display()
        }
    if not (is_named_approver(user, approval, now) or has_permission(user, DECIDE)):
        if approval.delegated_to_id == user.pk and approval.delegated_until:
            ended = timezone.localtime(approval.delegated_until).strftime("%d %b %Y %H:%M")
            return gettext("Your delegation for this approval ended on %(ended)s.") % {
                "ended": ended
            }
        return gettext("You are not an approver of this request.")
    if approval.requested_by_id == user.pk and not has_permission(user, "*"):
        return gettext("You cannot decide on your own request.")
    return None


# --- Who may take a move (the `who` of the table) ---


def is_decider(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    return decision_refusal(user, approval, now) is None


def is_router(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    """Delegate or escalate by hand. A delegate may decide but not pass the approval on again."""
    if not _is_active_writer(user):
        return False
    if has_permission(user, ROUTE):
        return True
    named = approval.current_approver_user_id == user.pk or approval.escalated_to_id == user.pk
    by_role = bool(approval.current_approver_role) and approval.current_approver_role == user.role
    return (named or by_role) and approval.requested_by_id != user.pk


def is_escalator(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    """By hand, before the SLA does it: the requester chasing a late answer, or a router."""
    if not _is_active_writer(user):
        return False
    return approval.requested_by_id == user.pk or is_router(user, approval, now)


def is_assigner(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    return has_permission(user, ROUTE)


def is_canceller(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    if not _is_active_writer(user):
        return False
    return approval.requested_by_id == user.pk or has_permission(user, DECIDE)


def is_attacher(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    if not _is_active_writer(user):
        return False
    return (
        approval.requested_by_id == user.pk
        or is_named_approver(user, approval, now)
        or has_permission(user, DECIDE)
    )


# --- The state machine ---


class ApprovalMove(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    DELEGATE = "delegate"
    ESCALATE = "escalate"
    ASSIGN = "assign"
    CANCEL = "cancel"
    ATTACH = "attach"
    END_DELEGATION = "end_delegation"


Who = Callable[..., bool]


@dataclass(frozen=True)
class Transition:
    """`to`: the statuses the move may lead to (more than one: the table's docstring says which);
    `who`: whether a user may take it (`None`: only the scheduled sweep does)."""

    to: tuple[str, ...]
    who: Who | None


PENDING, IN_REVIEW = ApprovalStatus.PENDING, ApprovalStatus.IN_REVIEW
DELEGATED, ESCALATED = ApprovalStatus.DELEGATED, ApprovalStatus.ESCALATED
# Back with the approver: escalated if it ever was (the escalation still stands), else pending.
BACK_WITH_APPROVER = (PENDING, ESCALATED)


def _from_every_open_status(move: ApprovalMove, transition: Transition):
    return {(status, move): transition for status in OPEN_STATUSES}


APPROVAL_TRANSITIONS: dict[tuple[str, ApprovalMove], Transition] = {
    **_from_every_open_status(
        ApprovalMove.APPROVE, Transition((ApprovalStatus.APPROVED,), is_decider)
    ),
    **_from_every_open_status(
        ApprovalMove.REJECT, Transition((ApprovalStatus.REJECTED,), is_decider)
    ),
    **_from_every_open_status(ApprovalMove.DELEGATE, Transition((DELEGATED,), is_router)),
    **_from_every_open_status(ApprovalMove.ESCALATE, Transition((ESCALATED,), is_escalator)),
    **_from_every_open_status(
        ApprovalMove.CANCEL, Transition((ApprovalStatus.CANCELLED,), is_canceller)
    ),
    **_from_every_open_status(ApprovalMove.ASSIGN, Transition(BACK_WITH_APPROVER, is_assigner)),
    **{
        (status, ApprovalMove.ATTACH): Transition((status,), is_attacher)
        for status in OPEN_STATUSES
    },
    (DELEGATED, ApprovalMove.END_DELEGATION): Transition(BACK_WITH_APPROVER, None),
}
"""An approval's life: `{(status, move): Transition(new statuses, who)}`.

Only an open approval (pending, in review, delegated, escalated) moves; approved, rejected and
cancelled are final, so every move from them is refused ("This approval is already approved.").
Approving the last step of a chain ends it; approving an earlier one opens the next step as a new
row. Assigning another approver, and the end of a delegation (the sweep, when its time is up),
give the approval back to an approver: `escalated` if it had been escalated (the escalation and
its SLA still stand), else `pending`. The SLA sweep escalates without a `who`: it acts for nobody.
Attaching a file changes no status. `expired` is a status no service enters yet.
"""


def approval_status_after_routing(approval: Approval) -> str:
    """The status an approval returns to when a delegation ends or is replaced (see the table)."""
    return ESCALATED if approval.escalation_level else PENDING


def move_refusal(approval: Approval, move: ApprovalMove) -> str | None:
    """Why the table refuses `move` from the approval's status, or None when it allows it."""
    if (approval.status, move) in APPROVAL_TRANSITIONS:
        return None
    return gettext("This approval is already %(status)s.") % {
        "status": approval.get_status_display().lower()
    }


def allows(
    user, approval: Approval, move: ApprovalMove, now: datetime.datetime | None = None
) -> bool:
    """Whether `user` may take `move` on `approval` now: the one question pages ask."""
    transition = APPROVAL_TRANSITIONS.get((approval.status, move))
    return bool(transition and transition.who and transition.who(user, approval, now))


def may_decide(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    return allows(user, approval, ApprovalMove.APPROVE, now)


def may_route(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    return allows(user, approval, ApprovalMove.DELEGATE, now)


def may_escalate(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    return allows(user, approval, ApprovalMove.ESCALATE, now)


def may_cancel(user, approval: Approval) -> bool:
    return allows(user, approval, ApprovalMove.CANCEL)


def may_attach(user, approval: Approval, now: datetime.datetime | None = None) -> bool:
    return allows(user, approval, ApprovalMove.ATTACH, now)
