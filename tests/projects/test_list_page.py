"""The projects list: the tenant's projects only, filters and search, a refused filter (422), the
htmx partial, sorting and pages without counting, and a query count that does not grow.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.projects.models import Project, ProjectSubStageProgress
from apps.projects.services import project_create
from apps.users.models import Role
from tests.organizations.factories import CustomerFactory
from tests.projects.helpers import HTMX, login, make_projects

pytestmark = pytest.mark.django_db(transaction=True)

# session, user, BEGIN, tenant settings, rows of the page, COMMIT — plus the filter's choice
# lists (stages, customers, assignees) on the full page.
LIST_QUERIES = 9
LIST_PARTIAL_QUERIES = 6


def test_list_shows_the_tenants_running_projects_and_never_another_tenants(
    client, sales, project, foreign_project
):
    response = login(client, sales).get(reverse("projects:list"))

    assert response.status_code == 200
    body = response.content.decode()
    assert project.project_id in body
    assert "Secret foreign job" not in body
    assert 'data-testid="project-filters"' in body


def test_list_partial_is_the_table_only(client, sales, project):
    response = login(client, sales).get(reverse("projects:list"), **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="project-table"')
    assert "<html" not in body
    assert project.project_id in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"priority_level": "urgent"}, {"Urgent gearbox"}),
        ({"status": "inquiry"}, {"Urgent gearbox", "Brake caliper fixture", "Overdue housing"}),
        ({"q": "gearbox"}, {"Urgent gearbox"}),
        ({"q": "GEARB"}, {"Urgent gearbox"}),  # prefix match, any case
        ({"q": "honda"}, {"Urgent gearbox", "Overdue housing"}),  # the customer's name
        ({"overdue": "true"}, {"Overdue housing"}),
        ({"state": "closed"}, {"Cancelled cover"}),
    ],
)
def test_list_filters(client, team, tenant, project, params, expected):
    sales = team[Role.SALES]
    honda = CustomerFactory(owner_organization=tenant, name="Honda Vietnam")
    with tenant_context(tenant, sales):
        project_create(
            user=sales, title="Urgent gearbox", customer_organization=honda, priority_level="urgent"
        )
        overdue = project_create(user=sales, title="Overdue housing", customer_organization=honda)
        cancelled = project_create(user=sales, title="Cancelled cover", customer_organization=honda)
    ProjectSubStageProgress.objects.filter(project=overdue).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    Project.objects.filter(pk=cancelled.pk).update(status="cancelled")

    response = login(client, sales).get(reverse("projects:list"), params, **HTMX)

    body = response.content.decode()
    shown = {
        title
        for title in (
            "Urgent gearbox",
            "Overdue housing",
            "Cancelled cover",
            "Brake caliper fixture",
        )
        if title in body
    }
    assert shown == expected


def test_list_search_by_project_code(client, sales, project):
    other = make_projects(sales, project.customer_organization, 1)[0]
    code = project.project_id  # e.g. P-26110001

    response = login(client, sales).get(reverse("projects:list"), {"q": code}, **HTMX)

    body = response.content.decode()
    assert code in body
    assert other.project_id not in body


def test_list_filters_by_stage_assignee_and_customer(client, team, tenant, project):
    sales, engineer = team[Role.SALES], team[Role.ENGINEERING]
    honda = CustomerFactory(owner_organization=tenant, name="Honda Vietnam")
    (theirs,) = make_projects(sales, honda, 1, assigned_to=engineer)
    login(client, sales)

    by_assignee = client.get(reverse("projects:list"), {"assigned_to": engineer.pk}, **HTMX)
    by_customer = client.get(reverse("projects:list"), {"customer_organization": honda.pk}, **HTMX)
    by_stage = client.get(
        reverse("projects:list"), {"current_stage": project.current_stage_id}, **HTMX
    )

    assert theirs.project_id in by_assignee.content.decode()
    assert project.project_id not in by_assignee.content.decode()
    assert theirs.project_id in by_customer.content.decode()
    assert project.project_id not in by_customer.content.decode()
    assert project.project_id in by_stage.content.decode()
    assert theirs.project_id in by_stage.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"status": "exploded"},
        {"priority_level": "<script>"},
        {"current_stage": "not-a-uuid"},
        {"customer_organization": str(uuid.uuid4())},
        {"q": "x" * 201},
    ],
)
def test_list_refuses_bad_filter_values_with_422_and_no_rows(client, sales, project, params):
    response = login(client, sales).get(reverse("projects:list"), params, **HTMX)

    assert response.status_code == 422
    assert project.project_id not in response.content.decode()
    assert 'data-testid="filter-errors"' in response.content.decode()


def test_list_another_tenants_customer_is_an_invalid_filter(
    client, sales, project, foreign_project
):
    params = {"customer_organization": foreign_project.customer_organization_id}
    response = login(client, sales).get(reverse("projects:list"), params, **HTMX)

    assert response.status_code == 422


def test_list_is_sorted_and_paginated_without_counting(client, sales, project):
    make_projects(sales, project.customer_organization, 26)
    login(client, sales)

    first = client.get(reverse("projects:list"), {"sort": "project_id"}, **HTMX)
    second = client.get(reverse("projects:list"), {"sort": "project_id", "page": 2}, **HTMX)
    beyond = client.get(reverse("projects:list"), {"sort": "project_id", "page": 99}, **HTMX)
    garbage = client.get(reverse("projects:list"), {"sort": "project_id", "page": "x"}, **HTMX)

    codes = sorted(Project.objects.values_list("project_id", flat=True))
    assert codes[0] in first.content.decode() and codes[25] not in first.content.decode()
    assert codes[25] in second.content.decode() and codes[26] in second.content.decode()
    assert 'data-testid="next-page"' in first.content.decode()
    assert 'data-testid="next-page"' not in second.content.decode()
    for response in (beyond, garbage):  # a page that does not exist shows the first one
        assert response.status_code == 200 and codes[0] in response.content.decode()
    counts = [
        query["sql"]
        for query in _captured(client, reverse("projects:list"))
        if query["sql"].startswith("SELECT COUNT(*)")
    ]
    assert counts == []


def _captured(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **HTMX)
    return queries.captured_queries


def test_list_query_count_does_not_grow_with_projects(
    client, sales, project, django_assert_max_num_queries
):
    login(client, sales)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(reverse("projects:list")).status_code == 200
    make_projects(sales, project.customer_organization, 30)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(reverse("projects:list")).status_code == 200
    with django_assert_max_num_queries(LIST_PARTIAL_QUERIES):
        assert client.get(reverse("projects:list"), **HTMX).status_code == 200
