"""What the queue shows of each approval, worked out in Python once per row: its labels, links,
dates and which buttons it gets. Rendering the same through template tags (a translation tag, a
filter and a URL concatenation per value, the rules through filters) was most of the queue
page's time; the templates now print these values as they are.

Labels are translated once per page (the active language is the request's), dates go through
`apps.core.formatting` as the templates' filters would, and the wording reuses the templates'
msgids, so both languages read as before.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext

from apps.approvals import rules
from apps.approvals.models import Approval, ApprovalPriority, ApprovalStatus, ApprovalType
from apps.core import formatting
from apps.users.roles import STAFF_ROLE_CHOICES

# Buttons' classes by status and priority (also the `status_badge`/`priority_badge` filters').
BADGE_BY_STATUS = {
    "pending": "text-bg-secondary",
    "in_review": "text-bg-info",
    "approved": "text-bg-success",
    "rejected": "text-bg-danger",
    "cancelled": "text-bg-light border",
    "expired": "text-bg-light border",
    "delegated": "text-bg-primary",
    "escalated": "text-bg-warning",
}
BADGE_BY_PRIORITY = {
    "low": "text-bg-light border",
    "normal": "text-bg-secondary",
    "high": "text-bg-info",
    "urgent": "text-bg-warning",
    "critical": "text-bg-danger",
}
DEFAULT_BADGE = "text-bg-secondary"


@dataclass(frozen=True)
class ApprovalActions:
    """What `approvals/_approval_actions.html` needs besides the approval: its id as text, its
    page's URL, the element a post's answer replaces, and which buttons the user gets."""

    id: str
    url: str
    swap_target: str
    may_decide: bool
    may_route: bool


@dataclass(frozen=True)
class QueueRow:
    approval: Approval
    actions: ApprovalActions
    status_label: str
    status_badge: str
    priority_label: str
    priority_badge: str
    # "Quality check · step 2 of 3"
    kind: str
    project_url: str
    project_code: str
    # "Asked by Lan · 3 days ago"
    asked: str
    # "Approver: Lan / QA (role) · delegated to Minh until 18 Apr 2027"
    approver: str
    # "Answer by 18 Apr 2027, 14:30", or "" without an SLA
    answer_by: str


def approval_actions(
    user, approval: Approval, *, fragment: str, approvals_url: str = "", now=None
) -> ApprovalActions:
    """`fragment` is the one the actions partial is rendered as ("row", "actions" or "page")."""
    approval_id = str(approval.pk)
    target = "approval-row" if fragment == "row" else "approval-actions"
    return ApprovalActions(
        id=approval_id,
        url=f"{approvals_url or reverse('approvals:queue')}{approval_id}/",
        swap_target=f"#{target}-{approval_id}",
        may_decide=rules.may_decide(user, approval, now),
        may_route=rules.may_route(user, approval, now),
    )


class _Labels:
    """The page's translated labels: each choice and phrase translated once, not once a row."""

    def __init__(self) -> None:
        self.status = {value: str(label) for value, label in ApprovalStatus.choices}
        self.priority = {value: str(label) for value, label in ApprovalPriority.choices}
        self.type = {value: str(label) for value, label in ApprovalType.choices}
        self.role = {value: str(label) for value, label in STAFF_ROLE_CHOICES}
        self.step = gettext("step %(step)s of %(total)s")
        self.asked = gettext("Asked by %(name)s")
        self.approver = gettext("Approver:")
        self.role_suffix = gettext("(role)")
        self.delegated = gettext("delegated to %(name)s until %(until)s")
        self.escalated_to = gettext("escalated to %(name)s")
        self.escalated = gettext("escalated to management")
        self.answer_by = gettext("Answer by %(when)s")


def queue_rows(user, approvals, *, now: datetime.datetime | None = None) -> list[QueueRow]:
    """The rows of a queue page (or the one row a post re-renders). The approvals come with the
    selectors' ROW_RELATED and `is_overdue`."""
    labels = _Labels()
    approvals_url = reverse("approvals:queue")
    projects_url = reverse("projects:list")
    return [
        _row(user, approval, labels, approvals_url, projects_url, now) for approval in approvals
    ]


def _row(user, approval, labels: _Labels, approvals_url, projects_url, now) -> QueueRow:
    kind = labels.type.get(approval.approval_type, approval.approval_type)
    if approval.total_steps > 1:
        step = labels.step % {"step": approval.step_number, "total": approval.total_steps}
        kind = f"{kind} · {step}"
    project = approval.project
    asked = labels.asked % {"name": approval.requested_by}
    return QueueRow(
        approval=approval,
        actions=approval_actions(
            user, approval, fragment="row", approvals_url=approvals_url, now=now
        ),
        status_label=labels.status.get(approval.status, approval.status),
        status_badge=BADGE_BY_STATUS.get(approval.status, DEFAULT_BADGE),
        priority_label=labels.priority.get(approval.priority, approval.priority),
        priority_badge=BADGE_BY_PRIORITY.get(approval.priority, DEFAULT_BADGE),
        kind=kind,
        project_url=f"{projects_url}{approval.project_id}/" if project else "",
        project_code=project.project_id if project else "",
        asked=f"{asked} · {formatting.relative_time(approval.requested_at, now)}",
        approver=_approver(approval, labels),
        answer_by=(
            labels.answer_by % {"when": formatting.local_datetime(approval.sla_due_at)}
            if approval.sla_due_at
            else ""
        ),
    )


def _approver(approval, labels: _Labels) -> str:
    who = []
    if approval.current_approver_user:
        who.append(str(approval.current_approver_user))
    if approval.current_approver_role:
        role = labels.role.get(approval.current_approver_role, approval.current_approver_role)
        who.append(f"{role} {labels.role_suffix}")
    parts = [f"{labels.approver} {'/'.join(who)}".rstrip()]
    if approval.status == ApprovalStatus.DELEGATED and approval.delegated_to:
        until = formatting.local_date(approval.delegated_until)
        parts.append(labels.delegated % {"name": approval.delegated_to, "until": until})
    if approval.escalation_level:
        if approval.escalated_to:
            parts.append(labels.escalated_to % {"name": approval.escalated_to})
        else:
            parts.append(labels.escalated)
    return " · ".join(parts)
