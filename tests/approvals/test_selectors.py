"""Reads for the pages: the access function, a project's approvals for the project page (and the
actions partial rendered from them without further queries), delegate candidates."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db.models import Case, When
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from apps.approvals import selectors
from apps.approvals.models import OPEN_STATUSES, ApprovalPriority, ApprovalStatus
from apps.approvals.services import approval_approve
from apps.core.tenancy import tenant_context
from apps.users.models import Role, UserStatus
from tests.approvals.factories import ApprovalFactory
from tests.approvals.helpers import act, ask, by_role, by_user
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_access_function_finds_only_the_tenants_approvals(team, project, other_tenant):
    mine = ask(team[Role.SALES], project, by_role(Role.QA))
    foreign = ApprovalFactory(organization=other_tenant)
    user = team[Role.QA]

    with tenant_context(user.organization_id, user):
        assert selectors.approval_get_for_user(user, mine.pk) == mine
        assert selectors.approval_get_for_user(user, str(mine.pk)) == mine
        for bad in (foreign.pk, "not-a-uuid", None):
            with pytest.raises(Http404):
                selectors.approval_get_for_user(user, bad)


def test_a_projects_approvals_render_their_actions_without_more_queries(
    team, project, django_assert_num_queries
):
    sales, engineer = team[Role.SALES], team[Role.ENGINEERING]
    decided = ask(sales, project, by_role(Role.FINANCE), title="Cost")
    act(team[Role.FINANCE], approval_approve, approval_id=decided.pk)
    ask(sales, project, by_user(engineer), title="Drawing", approval_type="engineering_change")
    ask(sales, project, by_role(Role.QA), title="First article", approval_type="quality_review")
    request = RequestFactory().get("/projects/")
    request.user = engineer

    with tenant_context(engineer.organization_id, engineer), django_assert_num_queries(1):
        approvals = selectors.approvals_for_project(engineer, project.pk)
        html = "".join(
            render_to_string(
                "approvals/_approval_actions.html",
                {"approval": approval, "user": engineer},
                request=request,
            )
            for approval in approvals
        )

    assert [a.title for a in approvals] == ["First article", "Drawing", "Cost"]  # open first
    assert html.count('data-testid="approve-button"') == 1  # only the engineer's own
    assert html.count('data-testid="approval-decision"') == 1
    assert 'value="actions"' in html


def test_delegate_candidates_are_active_colleagues_who_may_decide(team, project):
    engineer = team[Role.ENGINEERING]
    UserFactory(organization=project.organization, status=UserStatus.DISABLED, name="Gone")
    approval = ask(team[Role.SALES], project, by_user(engineer))

    with tenant_context(engineer.organization_id, engineer):
        names = {user.name for user in selectors.delegate_candidates(engineer, approval)}

    assert team[Role.QA].name in names and team["chief"].name in names
    for excluded in (engineer, team[Role.SALES], team[Role.AUDITOR]):
        assert excluded.name not in names
    assert "Gone" not in names


def test_a_projects_approvals_come_in_the_queues_order_with_closed_ones_last(team, project):
    """The page orders a project's approvals in Python; the queue's SQL order (`with_queue_order`)
    with the closed ones after the open ones is the reference."""
    now = timezone.now()
    sales = team[Role.SALES]
    kinds = [
        # (status, priority, hours ago requested, SLA due in hours or None)
        (ApprovalStatus.PENDING, ApprovalPriority.LOW, 5, None),
        (ApprovalStatus.PENDING, ApprovalPriority.CRITICAL, 4, None),
        (ApprovalStatus.PENDING, ApprovalPriority.NORMAL, 30, -2),  # overdue
        (ApprovalStatus.IN_REVIEW, ApprovalPriority.HIGH, 3, 10),
        (ApprovalStatus.ESCALATED, ApprovalPriority.NORMAL, 6, 5),
        (ApprovalStatus.PENDING, ApprovalPriority.HIGH, 2, None),
        (ApprovalStatus.PENDING, ApprovalPriority.HIGH, 1, None),
        (ApprovalStatus.CANCELLED, ApprovalPriority.CRITICAL, 7, -1),  # closed: never overdue
        (ApprovalStatus.APPROVED, ApprovalPriority.LOW, 8, None),
        (ApprovalStatus.APPROVED, ApprovalPriority.URGENT, 9, None),
    ]
    for index, (status, priority, hours_ago, sla_in) in enumerate(kinds):
        requested_at = now - datetime.timedelta(hours=hours_ago)
        ApprovalFactory(
            project=project,
            organization=project.organization,
            requested_by=sales,
            title=f"#{index}",
            entity_id=uuid.uuid4(),  # one open approval per subject and type: a subject each
            status=status,
            priority=priority,
            requested_at=requested_at,
            sla_due_at=None if sla_in is None else now + datetime.timedelta(hours=sla_in),
            escalated_at=requested_at if status == ApprovalStatus.ESCALATED else None,
            escalation_level=1 if status == ApprovalStatus.ESCALATED else 0,
            decided_at=now if status == ApprovalStatus.APPROVED else None,
            decided_by=sales if status == ApprovalStatus.APPROVED else None,
        )
    engineer = team[Role.ENGINEERING]

    with tenant_context(engineer.organization_id, engineer):
        page = selectors.approvals_for_project(engineer, project.pk, now=now)
        queue = selectors.with_queue_order(
            selectors.approvals_of_tenant(engineer).filter(project=project), now
        ).annotate(is_closed=Case(When(status__in=OPEN_STATUSES, then=0), default=1))
        reference = list(
            queue.order_by("is_closed", "urgency_rank", "priority_rank", "-requested_at", "pk")
        )

    assert [a.title for a in page] == [a.title for a in reference]
    assert [a.title for a in page][:3] == ["#2", "#4", "#1"]  # overdue, escalated, critical
    assert [a.is_overdue for a in page] == [bool(a.is_overdue) for a in reference]
    assert [bool(a.is_closed) for a in page] == [bool(a.is_closed) for a in reference]
