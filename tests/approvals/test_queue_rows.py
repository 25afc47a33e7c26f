"""The queue's rows as `apps.approvals.presenters` works them out (labels, approver line, dates,
buttons), and the page of rows whose people come from one query."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone, translation

from apps.approvals import presenters, selectors
from apps.approvals.models import ApprovalPriority, ApprovalStatus, ApprovalType
from apps.core import formatting
from apps.core.tenancy import tenant_context
from apps.users.models import Role
from tests.approvals.factories import ApprovalFactory
from tests.contacts.factories import ContactFactory
from tests.portal.factories import portal_account

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 4, 18, 7, 30, tzinfo=datetime.UTC)


def page_of(user, **params):
    query = QueryDict(mutable=True)
    query.update(params)
    filterset = selectors.approval_queue(user, params=query, now=NOW)
    return selectors.approval_queue_page(user, filterset, 1, per_page=25)


def test_a_row_says_who_decides_and_by_when(team, project):
    engineer, sales = team[Role.ENGINEERING], team[Role.SALES]
    approval = ApprovalFactory(
        project=project,
        requested_by=sales,
        requested_at=NOW - datetime.timedelta(days=3),
        approval_type=ApprovalType.TECHNICAL_REVIEW,
        priority=ApprovalPriority.URGENT,
        current_approver_user=team["chief"],
        current_approver_role=Role.ENGINEERING,
        status=ApprovalStatus.ESCALATED,
        escalation_level=1,
        escalated_at=NOW - datetime.timedelta(hours=1),
        escalated_to=team[Role.MANAGEMENT],
        sla_due_at=NOW - datetime.timedelta(hours=2),
    )

    with tenant_context(engineer.organization_id, engineer):
        [row] = presenters.queue_rows(engineer, page_of(engineer).object_list, now=NOW)

    assert row.approval.pk == approval.pk and row.approval.is_overdue
    assert (row.status_label, row.status_badge) == ("Escalated", "text-bg-warning")
    assert (row.priority_label, row.priority_badge) == ("Urgent", "text-bg-warning")
    assert row.kind == "Technical review"
    assert row.project_url == f"/projects/{project.pk}/"
    assert row.project_code == project.project_id
    assert row.asked == f"Asked by {sales} · 3 days ago"
    assert row.approver == (
        f"Approver: {team['chief']}/Engineering (role) · escalated to {team[Role.MANAGEMENT]}"
    )
    assert row.answer_by == f"Answer by {formatting.local_datetime(approval.sla_due_at)}"
    assert row.actions.url == f"/approvals/{approval.pk}/"
    assert row.actions.swap_target == f"#approval-row-{approval.pk}"
    assert row.actions.may_decide is True  # it waits on the engineering role too


def test_a_delegated_row_names_the_delegate_and_until_when_in_vietnamese(team, project):
    engineer, qa = team[Role.ENGINEERING], team[Role.QA]
    until = timezone.now() + datetime.timedelta(days=2)
    ApprovalFactory(
        project=project,
        current_approver_user=engineer,
        current_approver_role=None,
        status=ApprovalStatus.DELEGATED,
        delegated_by=engineer,
        delegated_to=qa,
        delegated_until=until,
    )

    with tenant_context(engineer.organization_id, engineer), translation.override("vi"):
        [row] = presenters.queue_rows(engineer, page_of(engineer, status="all").object_list)
        expected_until = formatting.local_date(until)

    assert row.actions.may_decide is True
    assert str(engineer) in row.approver and str(qa) in row.approver
    assert expected_until in row.approver
    assert "Approver:" not in row.approver and "delegated to" not in row.approver


def test_a_page_names_its_people_from_one_query_even_a_portal_requester(
    team, project, django_assert_num_queries
):
    engineer = team[Role.ENGINEERING]
    customer = portal_account(ContactFactory(owner_organization=engineer.organization))
    ApprovalFactory(
        project=project, requested_by=customer, approval_type=ApprovalType.QUOTE_APPROVAL
    )
    ApprovalFactory(project=project, requested_by=team[Role.SALES], current_approver_user=engineer)

    # count, the rows, their people
    with tenant_context(engineer.organization_id, engineer), django_assert_num_queries(3):
        rows = presenters.queue_rows(engineer, page_of(engineer).object_list, now=NOW)

    assert sorted(row.asked.split(" · ")[0] for row in rows) == sorted(
        [f"Asked by {customer}", f"Asked by {team[Role.SALES]}"]
    )
