"""The approvals queue page: scope, order, filters (422 when invalid), HTMX partial, pagination,
query bound, sign-in and permission.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.approvals import selectors
from apps.approvals.models import Approval, ApprovalStatus, ApprovalType
from apps.approvals.templatetags.approval_tags import decision_form
from apps.core.tenancy import tenant_context
from apps.users import permissions
from apps.users.models import Role
from tests.approvals.factories import ApprovalFactory
from tests.approvals.helpers import ask, by_role, by_user

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, user, BEGIN, tenant settings, count, page of rows, the people they name, COMMIT
QUEUE_QUERIES = 8


def queue(client, *, htmx: bool = False, **params):
    return client.get(reverse("approvals:queue"), params, **(HTMX if htmx else {}))


def titles(response) -> list[str]:
    return [approval.title for approval in response.context["page"].object_list]


def approvals_for_engineering(team, project, count: int) -> list[Approval]:
    """Approvals of every type reaching the engineer in every way: by person, by role, as
    delegate, by escalation, overdue or not, and some decided."""
    engineer, sales = team[Role.ENGINEERING], team[Role.SALES]
    now = timezone.now()
    types = ApprovalType.values
    made = []
    for index in range(count):
        kind = index % 5
        fields = {
            "project": project,
            "entity_id": uuid.uuid4(),
            "approval_type": types[index % len(types)],
            "title": f"Approval {index:02d}",
            "requested_by": sales,
            "requested_at": now - datetime.timedelta(hours=index + 1),
            "priority": ["low", "normal", "high", "urgent", "critical"][index % 5],
            # kinds 1-3 are past their SLA
            "sla_due_at": now + datetime.timedelta(minutes=-30 if kind in (1, 2, 3) else 24 * 60),
        }
        if kind == 0:
            fields.update(current_approver_role=Role.ENGINEERING)
        elif kind == 1:
            fields.update(current_approver_role=None, current_approver_user=engineer)
        elif kind == 2:
            fields.update(
                current_approver_role=Role.QA, status=ApprovalStatus.DELEGATED,
                delegated_by=team[Role.QA], delegated_to=engineer,
                delegated_until=now + datetime.timedelta(days=2),
            )  # fmt: skip
        elif kind == 3:
            fields.update(
                current_approver_role=Role.QA, status=ApprovalStatus.ESCALATED,
                escalated_to=engineer, escalated_at=now, escalation_level=1,
            )  # fmt: skip
        else:
            fields.update(
                current_approver_role=Role.ENGINEERING, status=ApprovalStatus.APPROVED,
                decided_by=team["engineer2"], decided_at=now,
            )  # fmt: skip
        made.append(ApprovalFactory(**fields))
    return made


# --- the queue ---


def test_the_queue_shows_mine_and_my_roles_and_not_others_or_other_tenants(
    client, team, project, other_tenant
):
    sales, engineer = team[Role.SALES], team[Role.ENGINEERING]
    ask(sales, project, by_role(Role.ENGINEERING), title="Role approval")
    ask(sales, project, by_user(engineer), title="Personal approval", approval_type="po_approval")
    ask(sales, project, by_role(Role.FINANCE), title="Finance approval",
        approval_type="cost_approval")  # fmt: skip
    ApprovalFactory(organization=other_tenant, title="Foreign approval",
                    current_approver_role=Role.ENGINEERING)  # fmt: skip
    client.force_login(engineer)

    response = queue(client)

    assert response.status_code == 200
    assert sorted(titles(response)) == ["Personal approval", "Role approval"]
    body = response.content.decode()
    assert body.count('data-testid="approval-row"') == 2
    assert body.count('data-testid="approve-button"') == 2
    assert body.count('data-testid="reject-button"') == 2
    assert body.count('data-testid="delegate-button"') == 2
    assert "Foreign approval" not in body and "Finance approval" not in body
    assert 'data-testid="nav-approvals"' in body


def test_the_queue_is_overdue_first_then_by_priority_then_oldest(client, team, project):
    engineer = team[Role.ENGINEERING]
    now = timezone.now()

    def make(title, priority, age_hours, sla_hours):
        ApprovalFactory(
            project=project, entity_id=uuid.uuid4(), title=title, priority=priority,
            requested_at=now - datetime.timedelta(hours=age_hours),
            sla_due_at=now + datetime.timedelta(hours=sla_hours),
        )  # fmt: skip

    make("normal, newer", "normal", 1, 10)
    make("overdue low", "low", 20, -1)
    make("critical", "critical", 2, 3)
    make("normal, older", "normal", 5, 10)
    client.force_login(engineer)

    response = queue(client)

    assert titles(response) == ["overdue low", "critical", "normal, older", "normal, newer"]
    assert response.content.decode().count('data-testid="approval-overdue"') == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"scope": "mine"}, ["Approval 01", "Approval 02", "Approval 03"]),
        ({"scope": "role"}, ["Approval 00"]),
        ({"status": "approved"}, ["Approval 04"]),
        ({"status": "all", "priority": "critical"}, ["Approval 04"]),
        ({"approval_type": "po_approval"}, ["Approval 02"]),
        ({"overdue": "yes"}, ["Approval 01", "Approval 02", "Approval 03"]),
        ({"status": "delegated"}, ["Approval 02"]),
    ],
)
def test_the_queue_filters(client, team, project, params, expected):
    approvals_for_engineering(team, project, 5)
    client.force_login(team[Role.ENGINEERING])

    response = queue(client, **params)

    assert response.status_code == 200
    assert sorted(titles(response)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"status": "maybe"},
        {"priority": "asap"},
        {"scope": "all"},
        {"approval_type": "x"},
        {"overdue": "perhaps"},
    ],
)
def test_invalid_filters_are_422_with_no_rows(client, team, project, params):
    approvals_for_engineering(team, project, 3)
    client.force_login(team[Role.ENGINEERING])

    response = queue(client, **params)

    assert response.status_code == 422
    assert titles(response) == []
    assert "Some filters are not valid" in response.content.decode()


def test_management_may_see_everyones_open_approvals(client, team, project):
    ask(team[Role.SALES], project, by_role(Role.FINANCE), title="Finance approval")
    client.force_login(team[Role.MANAGEMENT])

    assert titles(queue(client)) == []
    assert titles(queue(client, scope="all")) == ["Finance approval"]


def test_the_htmx_request_gets_only_the_list(client, team, project):
    approvals_for_engineering(team, project, 3)
    client.force_login(team[Role.ENGINEERING])

    response = queue(client, htmx=True)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="approval-list"')
    assert "<html" not in body and 'data-testid="approval-filters"' not in body
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("htmx", [False, True])
def test_the_queue_costs_the_same_queries_for_3_or_15_approvals(
    client, team, project, htmx, django_assert_max_num_queries
):
    client.force_login(team[Role.ENGINEERING])
    approvals_for_engineering(team, project, 3)
    with CaptureQueriesContext(connection) as few:
        assert queue(client, status="all", htmx=htmx).status_code == 200
    Approval.objects.all().delete()
    approvals_for_engineering(team, project, 15)

    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = queue(client, status="all", htmx=htmx)

    assert len(response.context["page"].object_list) == 15
    assert len(few.captured_queries) == QUEUE_QUERIES


def test_the_queue_paginates_and_survives_bad_page_numbers(client, team, project):
    approvals_for_engineering(team, project, 30)
    client.force_login(team[Role.ENGINEERING])

    assert len(queue(client, status="all").context["page"].object_list) == 25
    assert queue(client, status="all", page="2").context["page"].number == 2
    assert queue(client, status="all", page="99").context["page"].number == 2
    assert queue(client, status="all", page="x").context["page"].number == 1


def test_the_queue_needs_sign_in_and_the_view_permission(client, team, monkeypatch):
    response = queue(client)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    monkeypatch.setitem(permissions.ROLE_PERMISSIONS, Role.SALES, ("projects.view",))
    client.force_login(team[Role.SALES])
    assert queue(client).status_code == 403
    projects_page = client.get(reverse("projects:list"))
    assert projects_page.status_code == 200
    assert 'data-testid="nav-approvals"' not in projects_page.content.decode()


def test_each_rows_decision_fields_are_the_forms_own_with_the_rows_ids(client, team, project):
    """The queue renders a blank decision field once and puts each row's id in (the forms are
    not built per row): the markup is the form's own, with ids and labels of its row."""
    made = approvals_for_engineering(team, project, 5)
    client.force_login(team[Role.ENGINEERING])

    body = queue(client).content.decode()

    for approval in made[:4]:  # the open ones, each the engineer's to decide
        for name, field in (("approve", "comments"), ("reject", "reason")):
            form = decision_form(name, approval)
            markup = render_to_string(
                "organizations/field.html", {"field": form[field], "wrapper_class": "mb-1 small"}
            )
            assert markup in body, (name, approval.title)
            assert body.count(f'id="{name}-{approval.pk}-{field}"') == 1


def test_the_queue_chooses_its_page_from_the_approvals_alone_then_loads_those_rows(
    client, team, project
):
    """Both pages, in queue order, are the selector's order cut in two; the page is chosen by a
    subquery on the approvals table alone (no project or people joined for rows not shown)."""
    engineer = team[Role.ENGINEERING]
    approvals_for_engineering(team, project, 30)
    client.force_login(engineer)

    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        first = queue(client, status="all")
    second = queue(client, status="all", page="2")
    with tenant_context(engineer.organization_id, engineer):
        everything = selectors.approval_queue(engineer, params=QueryDict("status=all")).results
        expected = [approval.title for approval in everything]

    assert titles(first) + titles(second) == expected
    (rows_query,) = [sql for sql in statements if " LIMIT " in sql]
    choice = rows_query.split(" IN (SELECT ", 1)[1]
    assert '"projects"' not in choice and '"users"' not in choice.split(" LIMIT ")[0]
