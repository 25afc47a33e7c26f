"""The projects list's keyset pages: walking Next (and back with Previous) under every sort, with
ties and empty values, and under filters and search, shows each project exactly once and in the
order of the whole sorted list; a bad cursor shows the first page; deep pages cost the same
queries as the first.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import datetime
import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.keyset import Cursor, decode_cursor, keyset_page
from apps.core.tenancy import tenant_context
from apps.projects.models import Project, ProjectSubStageProgress
from apps.projects.selectors import project_search
from apps.projects.tables import DEFAULT_SORT, SORTS
from apps.users.models import Role
from apps.workflow.models import WorkflowStage
from tests.organizations.factories import CustomerFactory
from tests.projects.helpers import HTMX, login, make_projects

pytestmark = pytest.mark.django_db(transaction=True)

PER_PAGE = 4
T0 = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def varied(team, tenant, project):
    """23 projects with ties and empty values in every sortable column: created in threes at the
    same instant, titles and customers shared, a third unassigned, some without a due date, one
    without a stage, every status (closed ones too) and priority."""
    sales, engineer = team[Role.SALES], team[Role.ENGINEERING]
    honda = CustomerFactory(owner_organization=tenant, name="Honda Vietnam")
    customers = [project.customer_organization, honda]
    for index in range(22):
        make_projects(sales, customers[index % 2], 1)
    projects = list(Project.objects.filter(organization=tenant).order_by("project_id"))
    stages = list(WorkflowStage.objects.filter(organization=tenant).order_by("stage_order"))
    statuses = ["inquiry", "quoted", "production", "completed", "cancelled", "procurement"]
    priorities = ["low", "normal", "high", "urgent"]
    for index, item in enumerate(projects):
        Project.objects.filter(pk=item.pk).update(
            created_at=T0 + datetime.timedelta(minutes=index // 3),
            title="Same title" if index % 4 == 0 else f"Title {index % 7}",
            assigned_to=[sales, engineer, None][index % 3],
            status=statuses[index % len(statuses)],
            priority_level=priorities[index % len(priorities)],
            current_stage=None if index == 5 else stages[index % 3],
        )
        progress = ProjectSubStageProgress.objects.filter(project=item)
        if index % 5 == 0:
            progress.update(due_at=None)
        else:
            progress.update(due_at=T0 + datetime.timedelta(days=index % 4))
    return sales


def walk_forward(queryset, sort):
    pages, cursor = [], None
    while True:
        page = keyset_page(queryset, sort, cursor, per_page=PER_PAGE)
        pages.append(page)
        assert len(pages) < 50, "the pages never end"
        if not page.has_next:
            return pages
        cursor = decode_cursor(page.next_cursor, sort)


def walk_back(queryset, sort, last):
    pages, page = [last], last
    while page.has_previous:
        cursor = decode_cursor(page.previous_cursor, sort) if page.previous_cursor else None
        page = keyset_page(queryset, sort, cursor, per_page=PER_PAGE)
        pages.append(page)
        assert len(pages) < 50, "the pages never end"
    return pages[::-1]


def ids(pages) -> list:
    return [row.pk for page in pages for row in page.rows]


@pytest.mark.parametrize(
    "params",
    [
        {"state": "all"},
        {"state": "open"},
        {"state": "all", "priority_level": "high"},
        {"state": "all", "q": "title"},
    ],
)
def test_next_and_previous_show_every_project_once_in_order_under_every_sort(varied, params):
    user = varied
    with tenant_context(user.organization_id, user):
        queryset = project_search(user, params=params).results
        assert queryset.count() > PER_PAGE
        for sort in [DEFAULT_SORT, *SORTS.values()]:
            expected = list(queryset.order_by(*sort.order_by()).values_list("pk", flat=True))

            forward = walk_forward(queryset, sort)
            backward = walk_back(queryset, sort, forward[-1])

            assert ids(forward) == expected, sort.name
            assert ids(backward) == expected, sort.name
            assert [page.number for page in forward] == list(range(1, len(forward) + 1))
            assert [page.number for page in backward] == [page.number for page in forward]


def test_a_nullable_sort_key_pages_through_its_empty_values(varied):
    """The assignee sort puts a third of the projects (unassigned) together at one end."""
    user = varied
    with tenant_context(user.organization_id, user):
        queryset = project_search(user, params={"state": "all"}).results
        for name in ("assigned_to", "-assigned_to", "due_at", "-due_at"):
            pages = walk_forward(queryset, SORTS[name])
            rows = [row for page in pages for row in page.rows]
            assert len(rows) == len({row.pk for row in rows}) == queryset.count()


def next_link(body: str) -> str:
    match = re.search(r'href="([^"]*)" data-testid="next-page"', body)
    return unescape(match.group(1)) if match else ""


def previous_link(body: str) -> str:
    match = re.search(r'href="([^"]*)" data-testid="previous-page"', body)
    return unescape(match.group(1)) if match else ""


def codes(body: str) -> list[str]:
    return re.findall(r'class="fw-semibold font-monospace">([^<]+)</a>', body)


def test_a_bad_cursor_shows_the_first_page(client, varied):
    login(client, varied)
    url = reverse("projects:list")
    first = codes(client.get(url, {"state": "all"}, **HTMX).content.decode())
    with tenant_context(varied.organization_id, varied):
        row = project_search(varied, params={"state": "all"}).results.order_by("title").first()
    title_cursor = Cursor("title", "n", (row.title, row.project_id, str(row.pk)), 2).encode()
    forged = title_cursor[:-3] + ("abc" if not title_cursor.endswith("abc") else "xyz")

    for cursor in ("garbage", "", forged, title_cursor, "x" * 5000):
        response = client.get(url, {"state": "all", "cursor": cursor}, **HTMX)

        # A cursor of another sort, forged or not a cursor: the first page, not an error.
        assert response.status_code == 200, cursor
        assert codes(response.content.decode()) == first, cursor


def get_with_sql(client, path) -> tuple[str, list[str]]:
    """The partial's HTML and its SQL (read at once: the next request clears the query log)."""
    with CaptureQueriesContext(connection) as queries:
        body = client.get(path, **HTMX).content.decode()
    return body, [query["sql"] for query in queries.captured_queries]


def test_the_links_walk_a_sorted_filtered_list_and_deep_pages_cost_what_the_first_does(
    client, team, tenant, project
):
    sales = team[Role.SALES]
    make_projects(sales, project.customer_organization, 55)
    make_projects(sales, project.customer_organization, 3, priority_level="urgent")
    login(client, sales)
    url = reverse("projects:list")
    params = {"sort": "-title", "priority_level": "normal"}
    expected = list(
        Project.objects.filter(priority_level="normal")
        .order_by("-title", "-project_id", "-pk")
        .values_list("project_id", flat=True)
    )

    first, first_sql = get_with_sql(client, url + "?" + urlencode(params))
    second = client.get(url + next_link(first), **HTMX).content.decode()
    third, third_sql = get_with_sql(client, url + next_link(second))
    back = client.get(url + previous_link(third), **HTMX).content.decode()

    assert codes(first) + codes(second) + codes(third) == expected  # 56: 25 + 25 + 6
    assert codes(back) == codes(second) and "Page 2" in back
    assert "Page 3" in third and next_link(third) == ""
    assert len(third_sql) == len(first_sql) > 0
    # The page reads no rows before its own (no OFFSET) and counts nothing.
    page_sql = [sql for sql in third_sql if '"projects"."title"' in sql]
    assert page_sql and not any("OFFSET" in sql or "COUNT(*)" in sql for sql in page_sql)
