"""The library upload page (to the library, or to a project by its code), new versions through
the page, and the CSRF check every upload makes itself.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.documents.models import Document, DocumentVersion
from tests.documents.conftest import pdf, upload, upload_file
from tests.documents.helpers import errors_of, form_data, project_upload_url
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_library_upload_page_uploads_to_the_library_or_to_a_project_by_code(
    client, project, people
):
    client.force_login(people["admin"])
    url = reverse("documents:upload")

    library = client.post(
        url,
        form_data(
            upload_file("iso.pdf", pdf("iso")), access_level="organization", category="certificate"
        ),
    )
    in_project = client.post(
        url, form_data(upload_file("ga.pdf", pdf("ga")), project_code=project.project_id.lower())
    )

    assert library.status_code == in_project.status_code == 302
    assert Document.objects.get(file_name="iso.pdf").project is None
    assert Document.objects.get(file_name="ga.pdf").project == project


def test_library_upload_refuses_an_unknown_project_code(client, people, other_tenant):
    foreign = ProjectFactory(organization=other_tenant, project_id="P-99990001")
    client.force_login(people["admin"])

    response = client.post(
        reverse("documents:upload"),
        form_data(upload_file("ga.pdf", pdf()), project_code=foreign.project_id),
    )

    assert response.status_code == 422
    assert "No project with the code “P-99990001”" in errors_of(response, "project_code")


def test_library_upload_explains_that_project_access_needs_a_project(client, people):
    client.force_login(people["admin"])

    response = client.post(reverse("documents:upload"), form_data(upload_file("a.pdf", pdf())))

    assert response.status_code == 422
    assert "needs a project" in errors_of(response, "access_level")


def test_a_new_version_through_the_page(client, project, people):
    document = upload(people["creator"], project=project, content=pdf("Rev A"))
    client.force_login(people["sub_stage"])
    url = reverse("documents:new_version", kwargs={"pk": document.pk})

    response = client.post(
        url,
        {"file": upload_file("rev-b.pdf", pdf("Rev B")), "change_summary": "Rev B: holes moved"},
    )

    assert response.status_code == 302
    assert DocumentVersion.objects.get(is_current=True).version_number == 2


def test_a_new_version_identical_to_an_old_one_is_422(client, project, people):
    document = upload(people["creator"], project=project, content=pdf("Rev A"))
    client.force_login(people["sub_stage"])
    url = reverse("documents:new_version", kwargs={"pk": document.pk})

    response = client.post(
        url, {"file": upload_file("again.pdf", pdf("Rev A")), "change_summary": "same again"}
    )

    assert response.status_code == 422
    assert "identical to version 1" in errors_of(response)


def test_a_new_version_of_a_document_the_user_may_not_open_is_403(client, project, people):
    document = upload(people["creator"], project=project, access_level="project")
    client.force_login(people["outsider"])
    url = reverse("documents:new_version", kwargs={"pk": document.pk})

    response = client.post(url, {"file": upload_file("b.pdf", pdf("b")), "change_summary": "x"})

    assert response.status_code == 403
    assert document.versions.count() == 1


def test_uploads_check_the_csrf_token_themselves(project, people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["sub_stage"])

    response = client.post(project_upload_url(project), form_data(upload_file("a.pdf", pdf())))

    assert response.status_code == 403
    assert not Document.objects.exists()
