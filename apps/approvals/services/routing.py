"""Routing an open approval: assign or reassign its approver, delegate it for a while, escalate
it, or cancel it. Each locks the row, re-checks it is open, writes history and activity, and
notifies the people who now have to act."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from apps.approvals import rules
from apps.approvals.events import (
    approval_assigned_event,
    approval_cancelled_event,
    approval_delegated_event,
    approval_escalated_event,
)
from apps.approvals.models import Approval, ApprovalAction, ApprovalStatus
from apps.approvals.rules import ApprovalMove, approval_status_after_routing
from apps.approvals.services.approvers import (
    ApproverSpec,
    check_colleague,
    clean_approver,
    may_take_part,
)
from apps.approvals.services.guards import (
    approval_lock,
    clean_comments,
    not_before_request,
    now_or,
    refuse_unless,
    require_move,
)
from apps.approvals.services.history import history_record
from apps.approvals.services.notices import approver_recipients, notify
from apps.approvals.services.sla import approval_sla_due
from apps.approvals.subjects import subject_cancelled
from apps.core.i18n import for_reader
from apps.core.reasons import required_reason
from apps.users.models import Role, User
from apps.users.selectors import users_with_roles

DELEGATION_MAX_DAYS = 90
DELEGATION_FIELDS = ["delegated_by", "delegated_to", "delegated_until"]


def _clear_delegation(approval: Approval) -> None:
    approval.delegated_by = approval.delegated_to = approval.delegated_until = None


@transaction.atomic
def approval_assign(
    *, user, approval_id, approver: ApproverSpec, comments: str = "", now=None
) -> Approval:
    """Give the approval to another person or role (management's call). A delegation in force
    ends: the new approver decides."""
    comments = clean_comments(comments)
    approval = approval_lock(user=user, approval_id=approval_id)
    refuse_unless(
        rules.is_assigner(user, approval), gettext("Only management can reassign approvals.")
    )
    require_move(approval, ApprovalMove.ASSIGN)
    person = clean_approver(approver, approval=approval, field="approver")
    if (approval.current_approver_user_id, approval.current_approver_role) == (
        approver.user_id,
        approver.role,
    ):
        raise ValidationError({"approver": gettext("The approval is already with them.")})
    action = ApprovalAction.REASSIGN if approval.current_approver_user_id else ApprovalAction.ASSIGN
    previous = ApproverSpec(
        user_id=approval.current_approver_user_id, role=approval.current_approver_role
    )
    old = approval.status
    approval.current_approver_user = person
    approval.current_approver_role = approver.role
    _clear_delegation(approval)
    approval.status = approval_status_after_routing(approval)
    approval.save(
        update_fields=["current_approver_user", "current_approver_role", "status",
                       *DELEGATION_FIELDS, "updated_at"]
    )  # fmt: skip
    history_record(
        approval,
        user=user,
        action=action,
        old_status=old,
        comments=comments,
        previous=previous.as_json() if previous.user_id or previous.role else None,
        approver=approver.as_json(),
    )
    who = person.name if person else Role(approver.role).label
    approval_assigned_event(approval, user=user, to=who, approver=approver.as_json())
    notify(
        approval,
        approver_recipients(approval),
        actor=user,
        title=for_reader(_("Approval needed: %(title)s"), title=approval.title),
        message=comments,
    )
    return approval


@transaction.atomic
def approval_delegate(
    *,
    user,
    approval_id,
    delegate: User | None,
    until: datetime.datetime,
    comments: str = "",
    now=None,
) -> Approval:
    """Let `delegate` decide in the approver's place until `until` (the approver keeps the right
    to decide too). After that moment the delegate can no longer decide."""
    now = now_or(now)
    comments = clean_comments(comments)
    approval = approval_lock(user=user, approval_id=approval_id)
    require_move(approval, ApprovalMove.DELEGATE)
    refuse_unless(
        rules.may_route(user, approval, now),
        gettext("Only the approver (or management) can delegate it."),
    )
    if delegate is not None and delegate.pk == user.pk:
        raise ValidationError({"delegate": gettext("Choose someone other than yourself.")})
    check_colleague(approval, delegate, field="delegate", what=gettext("the delegate"))
    if until is None or until <= now:
        raise ValidationError({"until": gettext("The delegation must end in the future.")})
    if until > now + datetime.timedelta(days=DELEGATION_MAX_DAYS):
        raise ValidationError(
            {
                "until": ngettext(
                    "Delegate for at most %(count)d day.",
                    "Delegate for at most %(count)d days.",
                    DELEGATION_MAX_DAYS,
                )
                % {"count": DELEGATION_MAX_DAYS}
            }
        )
    old = approval.status
    approval.status = ApprovalStatus.DELEGATED
    approval.delegated_by = user
    approval.delegated_to = delegate
    approval.delegated_until = until
    approval.save(update_fields=["status", *DELEGATION_FIELDS, "updated_at"])
    history_record(
        approval,
        user=user,
        action=ApprovalAction.DELEGATE,
        old_status=old,
        comments=comments,
        delegate=str(delegate.pk),
        until=until.isoformat(),
    )
    approval_delegated_event(approval, user=user, delegate=delegate, until=until)
    notify(
        approval,
        [delegate],
        actor=user,
        title=for_reader(_("Delegated to you: %(title)s"), title=approval.title),
        message=comments,
    )
    return approval


def management_of(organization_id) -> list[User]:
    """Whom an escalation with no manager to go to is announced to."""
    return users_with_roles(organization_id=organization_id, roles=[Role.MANAGEMENT])


def escalation_target(approval: Approval) -> User | None:
    """The manager of whoever holds the approval now (the person it was last escalated to, else
    the named approver); None means management as a whole."""
    holder = approval.escalated_to if approval.escalated_to_id else approval.current_approver_user
    manager = holder.direct_manager if holder is not None and holder.direct_manager_id else None
    return manager if may_take_part(approval, manager) else None


def escalate(
    approval: Approval,
    *,
    actor,
    now: datetime.datetime,
    reason: str | Promise,
    sla_hours: Mapping[str, int] | None = None,
    management: Sequence[User] | None = None,
) -> Approval:
    """Escalate a locked, open approval one level and give it a new SLA, so it is not escalated
    again before that passes. `actor` is None when the SLA sweep does it; the sweep also passes
    the tenant's SLA hours and its management, read once for all the approvals it escalates."""
    target = escalation_target(approval)
    old = approval.status
    approval.status = ApprovalStatus.ESCALATED
    approval.escalation_level += 1
    approval.escalated_at = not_before_request(approval, now)
    approval.escalated_to = target
    approval.sla_due_at = approval_sla_due(
        organization_id=approval.organization_id, priority=approval.priority,
        start=approval.escalated_at, hours_by_priority=sla_hours,
    )  # fmt: skip
    approval.save(
        update_fields=["status", "escalation_level", "escalated_at", "escalated_to", "sla_due_at",
                       "updated_at"]
    )  # fmt: skip
    to = target.name if target else "management"
    history_record(
        approval,
        user=actor,
        action=ApprovalAction.ESCALATE,
        old_status=old,
        comments=reason,
        level=approval.escalation_level,
        to=str(target.pk) if target else Role.MANAGEMENT.value,
    )
    approval_escalated_event(approval, user=actor, to=to)
    if target:
        deciders = [target]
    elif management is not None:
        deciders = list(management)
    else:
        deciders = management_of(approval.organization_id)
    notify(
        approval,
        [*deciders, approval.current_approver_user, approval.requested_by],
        actor=actor,
        title=for_reader(
            _("Escalated to %(name)s: %(title)s"), name=target.name, title=approval.title
        )
        if target
        else for_reader(_("Escalated to management: %(title)s"), title=approval.title),
        message=reason,
        urgent=True,
    )
    return approval


@transaction.atomic
def approval_escalate(*, user, approval_id, comments: str = "", now=None) -> Approval:
    """Escalate by hand (the requester chasing a late answer, or the approver passing it up)."""
    now = now_or(now)
    comments = clean_comments(comments)
    approval = approval_lock(user=user, approval_id=approval_id)
    require_move(approval, ApprovalMove.ESCALATE)
    refuse_unless(
        rules.may_escalate(user, approval, now),
        gettext("Only the requester or the approver (or management) can escalate it."),
    )
    return escalate(approval, actor=user, now=now, reason=comments or _("Escalated by hand."))


@transaction.atomic
def approval_cancel(*, user, approval_id, reason: str, now=None) -> Approval:
    """Withdraw an open approval (its requester, or management). The rest of a chain is not
    opened, and its subject is told (a sub-stage it held goes back to work)."""
    reason = required_reason(reason, ask=gettext("Say why the approval is cancelled."))
    approval = approval_lock(user=user, approval_id=approval_id)
    require_move(approval, ApprovalMove.CANCEL)
    refuse_unless(
        rules.may_cancel(user, approval),
        gettext("Only the requester (or management) can cancel it."),
    )
    old = approval.status
    approval.status = ApprovalStatus.CANCELLED
    approval.decision_reason = reason
    approval.save(update_fields=["status", "decision_reason", "updated_at"])
    history_record(
        approval, user=user, action=ApprovalAction.CANCEL, old_status=old, comments=reason
    )
    approval_cancelled_event(approval, user=user, reason=reason)
    subject_cancelled(user=user, approval=approval, reason=reason)
    recipients = [approval.requested_by, *approver_recipients(approval)]
    if rules.delegation_is_active(approval, now_or(now)):
        recipients.append(approval.delegated_to)
    notify(
        approval,
        recipients,
        actor=user,
        title=for_reader(_("Cancelled: %(title)s"), title=approval.title),
        message=reason,
    )
    return approval
