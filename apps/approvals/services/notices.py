"""Telling people about an approval: who has to act on it now, and the notification itself."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.functional import Promise

from apps.approvals.models import Approval, ApprovalPriority
from apps.notifications.services import notification_notify
from apps.users.models import User
from apps.users.selectors import users_with_roles

URGENT_PRIORITIES = (ApprovalPriority.HIGH, ApprovalPriority.URGENT, ApprovalPriority.CRITICAL)


def approval_url(approval: Approval) -> str:
    return reverse("approvals:detail", kwargs={"pk": approval.pk})


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
    title: str | Promise,
    message: str | Promise = "",
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
