"""A project's documents section (an htmx partial, or a page of its own without htmx): what it
lists, who may upload, 404 for another tenant's project, a constant query count, and uploading
from it or from the project's upload page, with or without JavaScript.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.documents.models import Document
from tests.documents.conftest import pdf, upload, upload_file
from tests.documents.factories import DocumentFactory
from tests.documents.helpers import HTMX, form_data, project_upload_url, section_url
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

# session, user, BEGIN, tenant settings, project, documents, people (upload form), COMMIT
SECTION_QUERIES = 8


def test_section_lists_the_projects_documents_the_user_may_open(client, project, people, tenant):
    upload(
        people["creator"],
        project=project,
        title="Open GA",
        access_level="organization",
        content=pdf("a"),
    )
    upload(
        people["creator"],
        project=project,
        title="Named only",
        access_level="restricted",
        restricted_user_ids=[people["named"].pk],
        content=pdf("b"),
    )
    upload(
        people["creator"],
        project=ProjectFactory(organization=tenant),
        title="Elsewhere",
        access_level="organization",
        content=pdf("c"),
    )
    client.force_login(people["assignee"])

    response = client.get(section_url(project), **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="project-documents"')
    assert "<html" not in body
    assert "Open GA" in body
    assert "Named only" not in body and "Elsewhere" not in body
    assert 'data-testid="document-upload-form"' in body
    assert f'hx-post="{project_upload_url(project)}"' in body


def test_section_without_htmx_is_a_page_of_its_own(client, project, people):
    upload(people["creator"], project=project, title="Open GA", access_level="organization")
    client.force_login(people["assignee"])

    response = client.get(section_url(project))

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body and 'id="project-documents"' in body
    assert "Open GA" in body
    assert 'class="breadcrumb"' in body
    assert f'href="{reverse("projects:detail", kwargs={"pk": project.pk})}"' in body
    assert "HX-Request" in response["Vary"]


def test_section_hides_the_upload_form_without_the_upload_permission(client, project, people):
    client.force_login(people["auditor"])

    body = client.get(section_url(project), **HTMX).content.decode()

    assert 'data-testid="project-documents-empty"' in body
    assert 'data-testid="document-upload-form"' not in body


def test_section_of_another_tenants_project_is_404(client, people, other_tenant):
    foreign = ProjectFactory(organization=other_tenant)
    client.force_login(people["admin"])

    assert client.get(section_url(foreign), **HTMX).status_code == 404
    assert client.post(project_upload_url(foreign), **HTMX).status_code == 404


@pytest.mark.parametrize("rows", [1, 60])
def test_section_query_count_is_constant_and_rows_are_bounded(
    client, project, people, django_assert_max_num_queries, rows
):
    for index in range(rows):
        DocumentFactory(
            project=project,
            organization=project.organization,
            access_level="organization",
            title=f"Doc {index}",
        )
    client.force_login(people["assignee"])

    with django_assert_max_num_queries(SECTION_QUERIES):
        response = client.get(section_url(project), **HTMX)

    body = response.content.decode()
    assert body.count('data-testid="project-document-row"') == min(rows, 50)
    assert ("Showing the newest 50" in body) is (rows > 50)


def test_upload_from_the_section_returns_the_section_with_the_new_document(client, project, people):
    client.force_login(people["sub_stage"])

    response = client.post(
        project_upload_url(project),
        form_data(upload_file("weld-map.pdf", pdf()), title="Weld map", tags="weld, rev-a"),
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "project-changed"
    assert "“Weld map” was uploaded." in body
    assert 'data-testid="project-document-row"' in body
    document = Document.objects.get()
    assert (document.project, document.uploaded_by) == (project, people["sub_stage"])
    assert document.tags == ["weld", "rev-a"]


def test_upload_without_javascript_leads_to_the_new_documents_page(client, project, people):
    client.force_login(people["sub_stage"])

    response = client.post(project_upload_url(project), form_data(upload_file("a.pdf", pdf())))

    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", kwargs={"pk": document.pk})


def test_the_project_upload_page_works_without_javascript(client, project, people):
    client.force_login(people["sub_stage"])

    response = client.get(project_upload_url(project))

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
