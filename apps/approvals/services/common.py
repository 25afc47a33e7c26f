"""What every approval service shares: the row lock, the history entry, the activity entry, the
people to notify and the checks of the people an approval is routed to."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.activity.services import activity_record
from apps.approvals import rules
from apps.approvals.models import (
    Approval,
    ApprovalAction,
    ApprovalHistory,
    ApprovalPriority,
    ApprovalStatus,
)
from apps.core.reasons import optional_reason
from apps.notifications.services import notification_notify
from apps.users.models import Role, User
from apps.users.selectors import users_with_roles

# Roles that may always decide, and the role an escalation with no manager to go to lands on.
OVERSEER_ROLES = (Role.MANAGEMENT, Role.ADMIN)
URGENT_PRIORITIES = (ApprovalPriority.HIGH, ApprovalPriority.URGENT, ApprovalPriority.CRITICAL)


@dataclass(frozen=True)
class ApproverSpec:
    """Who decides one step: a person or a role (any active user with it)."""

    user_id: uuid.UUID | None = None
    role: str | None = None

    def as_json(self) -> dict[str, str]:
        return {"user": str(self.user_id)} if self.user_id else {"role": str(self.role)}

    @classmethod
    def from_json(cls, data: Any) -> ApproverSpec:
        """A step of a stored plan; anything unreadable falls back to management."""
        if isinstance(data, dict):
            if data.get("user"):
                try:
                    return cls(user_id=uuid.UUID(str(data["user"])))
                except ValueError:
                    pass
            if data.get("role") in Role.values:
                return cls(role=data["role"])
        return cls(role=Role.MANAGEMENT)


def approval_url(approval: Approval) -> str:
    return reverse("approvals:detail", kwargs={"pk": approval.pk})


def approval_lock(*, user, approval_id) -> Approval:
    """The approval, locked for this transaction (`SELECT ... FOR UPDATE`), so two people acting
    at once are serialised: the second sees what the first did and is refused clearly."""
    try:
        return (
            Approval.objects.select_for_update(of=("self",))
            .select_related("project", "sub_stage_progress", "requested_by")
            .get(pk=approval_id, organization_id=user.organization_id)
        )
    except (Approval.DoesNotExist, ValueError, ValidationError):
        raise ValidationError("That approval does not exist.") from None


def require_open(approval: Approval) -> None:
    if not rules.approval_is_open(approval):
        raise ValidationError(f"This approval is already {approval.get_status_display().lower()}.")


def clean_comments(comments: str | None) -> str:
    return optional_reason(comments, field="comments", what="comments")


def not_before_request(approval: Approval, now: datetime.datetime) -> datetime.datetime:
    """A time of this approval's life that the database will accept (never before the request)."""
    return max(now, approval.requested_at)


def history_record(
    approval: Approval,
    *,
    user,
    action: ApprovalAction,
    old_status: str | None,
    comments: str = "",
    **metadata: Any,
) -> ApprovalHistory:
    return ApprovalHistory.objects.create(
        organization_id=approval.organization_id,
        approval=approval,
        action=action,
        old_status=old_status,
        # A comment (or an attachment) changes no status.
        new_status=None if action == ApprovalAction.COMMENT else approval.status,
        user=user,
        comments=comments,
        metadata={key: value for key, value in metadata.items() if value is not None},
    )


def activity_for_approval(approval: Approval, *, user, action, description: str, **values) -> None:
    activity_record(
        organization_id=approval.organization_id,
        user=user,
        action=action,
        entity_type="approval",
        entity_id=approval.pk,
        project=approval.project,
        description=description,
        new_values=values or None,
    )


def approver_recipients(approval: Approval) -> list[User]:
    """The people who should act on the approval now (one query at most)."""
    if approval.current_approver_user_id:
        people: list[User | None] = [approval.current_approver_user]
    else:
        people = list(
            users_with_roles(
                organization_id=approval.organization_id, roles=[approval.current_approver_role]
            )
        )
    return [person for person in people if person is not None]


def notify(
    approval: Approval,
    recipients: Iterable[User | None],
    *,
    actor,
    title: str,
    message: str = "",
    urgent: bool = False,
) -> None:
    """Notification rows are written in the decision's own transaction, so they exist exactly
    when the change they announce was committed (and never for a refused or rolled-back one)."""
    notification_notify(
        organization_id=approval.organization_id,
        recipients=recipients,
        exclude=actor,
        type="approval",
        priority="high" if urgent or approval.priority in URGENT_PRIORITIES else "normal",
        title=title,
        message=message,
        action_url=approval_url(approval),
    )


def refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _take_part_refusal(approval: Approval, person: User | None, *, what: str) -> str | None:
    """Why `person` may not be named to decide `approval` (as approver, delegate or escalation
    target), or None when they may."""
    if person is None or person.organization_id != approval.organization_id:
        return f"Choose an active colleague of your factory as {what}."
    if not person.is_active:
        return f"{person.name} is not active and cannot be {what}."
    if person.pk == approval.requested_by_id:
        return f"{person.name} asked for this approval and cannot be {what}."
    if rules.is_read_only(person):
        return f"{person.get_role_display()} users are read-only."
    return None


def may_take_part(approval: Approval, person: User | None) -> bool:
    """`person` may be named to decide `approval`: an active user of its tenant who is not the
    requester and not read-only."""
    return _take_part_refusal(approval, person, what="an approver") is None


def check_colleague(approval: Approval, person: User | None, *, field: str, what: str) -> User:
    """`person`, if they may take part in deciding `approval` (`may_take_part`); else a
    ValidationError on `field` saying why."""
    refusal = _take_part_refusal(approval, person, what=what)
    if refusal:
        raise ValidationError({field: refusal})
    assert person is not None
    return person


def clean_approver(
    spec: ApproverSpec,
    *,
    approval: Approval,
    field: str,
    people: Mapping[uuid.UUID, User] | None = None,
) -> User | None:
    """Check one step's approver: exactly one of a role that may approve or a person who may take
    part. Returns the person (None for a role). `people` are the users already loaded by id (a
    whole chain's, in one query); without it the person is read here."""
    if bool(spec.user_id) == bool(spec.role):
        raise ValidationError({field: "Choose a person or a role, not both."})
    if spec.role:
        if spec.role not in Role.values or spec.role in rules.NON_APPROVER_ROLES:
            raise ValidationError({field: f"“{spec.role}” cannot approve."})
        return None
    if people is None:
        people = {
            person.pk: person
            for person in User.objects.filter(
                organization_id=approval.organization_id, pk=spec.user_id
            )
        }
    return check_colleague(approval, people.get(spec.user_id), field=field, what="an approver")


def status_after_routing(approval: Approval) -> str:
    """The status an approval returns to when a delegation ends or is replaced."""
    return ApprovalStatus.ESCALATED if approval.escalation_level else ApprovalStatus.PENDING


def now_or(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()
