"""Every read of approvals that a page needs, shaped so a page costs a fixed number of queries."""

from __future__ import annotations

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, ExpressionWrapper, IntegerField, Q, QuerySet, When
from django.utils import timezone

from apps.approvals.filters import ApprovalQueueFilter, overdue_q
from apps.approvals.models import (
    OPEN_STATUSES,
    Approval,
    ApprovalAttachment,
    ApprovalHistory,
    ApprovalPriority,
    ApprovalStatus,
)
from apps.approvals.rules import NON_APPROVER_ROLES
from apps.core.access import get_for_tenant_or_404
from apps.users.models import User
from apps.users.selectors import active_colleagues

# What a queue row and the actions partial show, loaded with the row.
ROW_RELATED = (
    "project",
    "requested_by",
    "current_approver_user",
    "delegated_to",
    "escalated_to",
    "decided_by",
)
DETAIL_RELATED = (*ROW_RELATED, "delegated_by")
# The people a row names, loaded apart from the row (see `approval_queue_page`).
ROW_PEOPLE = ROW_RELATED[1:]
PERSON_FIELDS = ("name", "email")
# The columns a queue row shows or its buttons' rules read (apps.approvals.presenters, rules and
# the actions partial). Loading whole rows (the project's search vector and notes) was wasted.
ROW_FIELDS = (
    "organization_id", "updated_at", "approval_type", "title", "project__project_id",
    "step_number", "total_steps", "requested_at", "current_approver_role", "status", "priority",
    "due_at", "sla_due_at", "decided_at", "decision_comments", "decision_reason",
    "escalation_level", "delegated_until", "delegated_by_id", *ROW_PEOPLE,
)  # fmt: skip
PRIORITY_ORDER = [
    ApprovalPriority.CRITICAL,
    ApprovalPriority.URGENT,
    ApprovalPriority.HIGH,
    ApprovalPriority.NORMAL,
    ApprovalPriority.LOW,
]


def approvals_of_tenant(user) -> QuerySet[Approval]:
    return Approval.objects.filter(organization_id=user.organization_id)


def with_is_overdue(queryset: QuerySet[Approval], now: datetime.datetime) -> QuerySet[Approval]:
    """`is_overdue` on each row: open and past its SLA or due date (what the pages flag)."""
    return queryset.annotate(
        is_overdue=ExpressionWrapper(overdue_q(now), output_field=BooleanField())
    )


def with_queue_order(queryset: QuerySet[Approval], now: datetime.datetime) -> QuerySet[Approval]:
    """Overdue first, then escalated, then by priority (critical first), then oldest first."""
    return (
        with_is_overdue(queryset, now)
        .annotate(
            urgency_rank=Case(
                When(overdue_q(now), then=0),
                When(status=ApprovalStatus.ESCALATED, then=1),
                default=2,
                output_field=IntegerField(),
            ),
            priority_rank=Case(
                *(When(priority=value, then=rank) for rank, value in enumerate(PRIORITY_ORDER)),
                default=len(PRIORITY_ORDER),
                output_field=IntegerField(),
            ),
        )
        .order_by("urgency_rank", "priority_rank", "requested_at", "pk")
    )


def approval_queue(user, *, params, now: datetime.datetime | None = None) -> ApprovalQueueFilter:
    """The queue page's filters applied to the tenant's approvals, in queue order. Read the rows
    from `.results` (no rows when a filter value is invalid)."""
    now = now or timezone.now()
    queryset = with_queue_order(approvals_of_tenant(user).select_related(*ROW_RELATED), now)
    return ApprovalQueueFilter(params, queryset=queryset, user=user, now=now)


def approval_queue_page(user, filterset: ApprovalQueueFilter, number, *, per_page: int) -> Page:
    """One page of the queue (`number` as `Paginator.get_page` takes it). The count and the choice
    of the page's approvals read the approvals table alone, in queue order; only the chosen rows
    are then loaded with their project, in one query whose subquery is that choice, and the
    people they name in one more. Joining the six relations of every matching approval before
    sorting read all of them (639 open ones for the benchmark's manager) to show 25; joining the
    five people to the 25 rows made PostgreSQL plan for 7-10 ms to run for 2."""
    page = Paginator(filterset.results.values("pk"), per_page).get_page(number)
    rows = (
        approvals_of_tenant(user)
        .select_related("project")
        .only(*ROW_FIELDS)
        .filter(pk__in=page.object_list)
    )
    page.object_list = with_people(user, list(with_queue_order(rows, filterset.now)))
    return page


def with_people(user, approvals: list[Approval]) -> list[Approval]:
    """Sets each approval's ROW_PEOPLE (requester, approver, delegate...) from one query, each
    person with only what names them. `User.accounts`, as the relations themselves would: a
    portal account may have asked."""
    ids = {getattr(approval, f"{relation}_id") for approval in approvals for relation in ROW_PEOPLE}
    ids.discard(None)
    people = (
        User.accounts.filter(organization_id=user.organization_id, pk__in=ids)
        .only(*PERSON_FIELDS)
        .in_bulk()
        if ids
        else {}
    )
    for approval in approvals:
        for relation in ROW_PEOPLE:
            person = people.get(getattr(approval, f"{relation}_id"))
            if person is not None:
                setattr(approval, relation, person)
    return approvals


def approval_get_for_user(user, pk, *, now: datetime.datetime | None = None) -> Approval:
    """Access function: 404 unless the approval is the user's tenant's."""
    queryset = with_is_overdue(
        approvals_of_tenant(user).select_related(*DETAIL_RELATED), now or timezone.now()
    )
    return get_for_tenant_or_404(queryset, user, pk)


def approval_history(approval: Approval) -> QuerySet[ApprovalHistory]:
    return approval.history.select_related("user").order_by("created_at", "id")


def approval_attachments(approval: Approval) -> QuerySet[ApprovalAttachment]:
    return approval.attachments.select_related("uploaded_by").order_by("created_at", "id")


def approval_chain(approval: Approval) -> list[Approval]:
    """Every step of the approval's chain (this round of it), in order; one row for a single
    step without a query."""
    if approval.total_steps == 1:
        return [approval]
    first = approval.first_step_id or approval.pk
    return list(
        Approval.objects.filter(organization_id=approval.organization_id)
        .filter(Q(pk=first) | Q(first_step_id=first))
        .select_related("current_approver_user", "decided_by")
        .order_by("step_number")
    )


def approval_attachment_get_for_user(user, approval: Approval, pk) -> ApprovalAttachment:
    """Access function for a file: 404 unless it belongs to this approval of the user's tenant."""
    return get_for_tenant_or_404(ApprovalAttachment.objects.filter(approval=approval), user, pk)


def delegate_candidates(user, approval: Approval) -> QuerySet[User]:
    """Colleagues the user may delegate `approval` to: active, not read-only, neither the user
    nor the requester."""
    return (
        active_colleagues(user)
        .exclude(pk__in=[user.pk, approval.requested_by_id])
        .exclude(role__in=NON_APPROVER_ROLES)
        .only("id", "name", "role", "organization_id", "status")
    )


def approvals_for_project(user, project_id, *, now=None) -> list[Approval]:
    """A project's approvals for its detail page, ready for the actions partial (one query):
    open ones first (overdue, escalated, then by priority), newest first within each. A project
    has a handful, so they are put in order here: the queue's computed order columns, and the
    project and people the page does not show, made Django's building of the query a fifth of
    the page's time."""
    now = now or timezone.now()
    approvals = list(
        approvals_of_tenant(user)
        .filter(project_id=project_id)
        .select_related("requested_by", "current_approver_user", "decided_by")
    )
    for approval in approvals:
        approval.is_closed = approval.status not in OPEN_STATUSES
        approval.is_overdue = not approval.is_closed and any(
            due is not None and due < now for due in (approval.sla_due_at, approval.due_at)
        )
    # Stable sorts, last key first: the page's rank, then newest first, then the id.
    approvals.sort(key=lambda approval: approval.pk)
    approvals.sort(key=lambda approval: approval.requested_at, reverse=True)
    approvals.sort(key=_page_rank)
    return approvals


def _page_rank(approval: Approval) -> tuple[bool, int, int]:
    """`with_queue_order`'s urgency and priority ranks, closed ones last."""
    if approval.is_overdue:
        urgency = 0
    elif approval.status == ApprovalStatus.ESCALATED:
        urgency = 1
    else:
        urgency = 2
    if approval.priority in PRIORITY_ORDER:
        return approval.is_closed, urgency, PRIORITY_ORDER.index(approval.priority)
    return approval.is_closed, urgency, len(PRIORITY_ORDER)
