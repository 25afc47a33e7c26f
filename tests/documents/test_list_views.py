"""The documents page: filters, search, the HTMX table, access levels, bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.documents.models import AccessLevel
from apps.users.models import UserStatus
from tests.documents.factories import DocumentFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, user, BEGIN, tenant settings, uploaders (filter choices), page, COMMIT; no count
LIST_QUERIES = 7


def titles(response) -> list[str]:
    return sorted(document.title for document in response.context["page"].rows)


def make_documents(project, count, **kwargs):
    for index in range(count):
        DocumentFactory(
            project=project,
            organization=project.organization,
            access_level="organization",
            title=f"Doc {index}",
            **kwargs,
        )


def test_list_shows_the_documents_the_user_may_open(client, project, people, other_tenant):
    DocumentFactory(
        project=project,
        organization=project.organization,
        title="Open GA",
        access_level=AccessLevel.ORGANIZATION,
    )
    DocumentFactory(
        project=project,
        organization=project.organization,
        title="Team only",
        access_level=AccessLevel.PROJECT,
    )
    DocumentFactory(organization=other_tenant, title="Foreign", access_level="organization")
    client.force_login(people["outsider"])

    response = client.get(reverse("documents:list"))

    assert response.status_code == 200
    assert titles(response) == ["Open GA"]
    assert "<html" in response.content.decode()


def test_list_filters_by_category_project_uploader_and_searches_title_and_tags(
    client, project, people, tenant
):
    other = ProjectFactory(organization=tenant, project_id="P-26010077")
    make = lambda **kw: DocumentFactory(  # noqa: E731
        organization=tenant, access_level="organization", **kw
    )
    make(
        project=project,
        title="Caliper GA",
        category="drawing",
        tags=["customer-drawing"],
        uploaded_by=people["assignee"],
    )
    make(project=project, title="Costed BOM", category="bom", uploaded_by=people["creator"])
    make(
        project=other,
        title="Weld procedure",
        category="work_instruction",
        uploaded_by=people["creator"],
    )
    make(
        project=None,
        title="ISO 9001 certificate",
        category="certificate",
        uploaded_by=people["admin"],
    )
    client.force_login(people["management"])
    url = reverse("documents:list")

    assert titles(client.get(url, {"category": "bom"})) == ["Costed BOM"]
    assert titles(client.get(url, {"project": "p-26010077"})) == ["Weld procedure"]
    assert titles(client.get(url, {"project": "library"})) == ["ISO 9001 certificate"]
    assert titles(client.get(url, {"uploaded_by": people["creator"].pk})) == [
        "Costed BOM",
        "Weld procedure",
    ]
    assert titles(client.get(url, {"q": "caliper"})) == ["Caliper GA"]
    assert titles(client.get(url, {"q": "Customer-Drawing"})) == ["Caliper GA"]
    assert titles(client.get(url, {"q": "nothing like it"})) == []


@pytest.mark.parametrize(
    "query",
    [{"category": "bogus"}, {"uploaded_by": "not-a-uuid"}, {"access_level": "x"}, {"q": "x" * 201}],
)
def test_list_refuses_invalid_filters_with_422_and_no_rows(client, project, people, query):
    make_documents(project, 2)
    client.force_login(people["management"])

    response = client.get(reverse("documents:list"), query)

    assert response.status_code == 422
    assert titles(response) == []
    assert "Some filters are not valid" in response.content.decode()


def test_list_does_not_accept_another_tenants_uploader(client, project, people, other_admin):
    client.force_login(people["management"])

    response = client.get(reverse("documents:list"), {"uploaded_by": other_admin.pk})

    assert response.status_code == 422


def test_list_htmx_returns_only_the_table(client, project, people):
    make_documents(project, 1)
    client.force_login(people["management"])

    response = client.get(reverse("documents:list"), **HTMX)

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="document-table"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_list_links_each_row_to_its_page_and_download(client, project, people):
    document = DocumentFactory(
        project=project, organization=project.organization, access_level="organization"
    )
    client.force_login(people["outsider"])

    body = client.get(reverse("documents:list")).content.decode()

    assert reverse("documents:detail", kwargs={"pk": document.pk}) in body
    assert reverse("documents:download", kwargs={"pk": document.pk}) in body


@pytest.mark.parametrize("rows", [2, 30])
@pytest.mark.parametrize("htmx", [False, True])
def test_list_query_count_does_not_grow_with_rows(
    client, project, people, django_assert_max_num_queries, rows, htmx
):
    make_documents(project, rows)
    client.force_login(people["outsider"])

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("documents:list"), **(HTMX if htmx else {}))

    assert response.status_code == 200


def test_list_is_paginated_without_counting_the_documents(client, project, people):
    make_documents(project, 26)
    client.force_login(people["outsider"])
    url = reverse("documents:list")

    with CaptureQueriesContext(connection) as queries:
        first = client.get(url, {"sort": "title"}, **HTMX)
    second = client.get(url, {"sort": "title", "page": 2}, **HTMX)
    beyond = client.get(url, {"sort": "title", "page": 99}, **HTMX)
    garbage = client.get(url, {"sort": "title", "page": "x"}, **HTMX)

    everything = sorted(f"Doc {index}" for index in range(26))
    assert titles(first) == everything[:25]
    assert titles(second) == everything[25:]
    assert 'data-testid="next-page"' in first.content.decode()
    assert 'data-testid="next-page"' not in second.content.decode()
    assert 'data-testid="page-number"' in second.content.decode()
    for response in (beyond, garbage):  # a page that does not exist shows the first one
        assert response.status_code == 200 and titles(response) == everything[:25]
    assert not [query for query in queries.captured_queries if "COUNT(" in query["sql"]]


def test_list_offers_deactivated_uploaders_in_the_filter(client, project, people):
    people["creator"].status = UserStatus.DISABLED
    people["creator"].save(update_fields=["status"])
    make_documents(project, 1, uploaded_by=people["creator"])
    client.force_login(people["outsider"])

    response = client.get(reverse("documents:list"), {"uploaded_by": people["creator"].pk})

    assert response.status_code == 200
    assert titles(response) == ["Doc 0"]
    assert f'<option value="{people["creator"].pk}" selected>Creator</option>' in (
        response.content.decode()
    )


def test_nav_links_to_the_documents_page(client, people):
    client.force_login(people["outsider"])

    body = client.get(reverse("home")).content.decode()

    assert 'data-testid="nav-documents"' in body


def test_list_offers_upload_only_with_the_upload_permission(client, people):
    client.force_login(people["auditor"])
    assert 'data-testid="document-upload"' not in client.get("/documents/").content.decode()

    client.force_login(people["outsider"])
    assert 'data-testid="document-upload"' in client.get("/documents/").content.decode()
