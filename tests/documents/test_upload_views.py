"""Uploading through the pages: the project's documents section (HTMX), the upload pages and
new versions; every refusal comes back as a form error with status 422, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.documents.models import Document, DocumentVersion
from apps.users.models import UserStatus
from tests.documents.conftest import pdf, upload, upload_file
from tests.documents.factories import DocumentFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, user, BEGIN, tenant settings, project, documents, people (upload form), COMMIT
SECTION_QUERIES = 8


def section_url(project):
    return reverse("documents:project_section", kwargs={"project_pk": project.pk})


def project_upload_url(project):
    return reverse("documents:project_upload", kwargs={"project_pk": project.pk})


def form_data(file, **overrides):
    data = {
        "file": file,
        "title": "",
        "category": "drawing",
        "access_level": "project",
        "tags": "",
        "description": "",
    }
    data.update(overrides)
    return data


def errors_of(response, field="file") -> str:
    return " ".join(response.context["form"].errors.get(field, []))


# --- the project's documents section ---


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


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("drawing.pdf", b"MZ\x90\x00" + b"\x00" * 200, "is a Windows program, not a document"),
        ("drawing.pdf", b"\x7fELF\x02\x01" + b"\x00" * 200, "is a Linux program"),
        ("drawing.pdf", b"", "“drawing.pdf” is empty (0 bytes)"),
        ("../../etc/passwd", b"root:x:0:0::/root:/bin/sh\n", "“passwd” has no file extension"),
        ("photo.png", pdf(), "named .png but its content is a PDF document"),
    ],
)
def test_refused_files_come_back_as_form_errors_with_422(
    client, project, people, media_root, name, content, expected
):
    client.force_login(people["sub_stage"])

    response = client.post(
        project_upload_url(project), form_data(upload_file(name, content)), **HTMX
    )

    assert response.status_code == 422
    assert expected in errors_of(response)
    assert expected in response.content.decode()
    assert not Document.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_an_oversized_file_is_cut_off_while_received_and_refused(
    client, project, people, settings, media_root
):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100 * 1024
    client.force_login(people["sub_stage"])
    big = pdf() + b" " * (300 * 1024)

    response = client.post(
        project_upload_url(project), form_data(upload_file("big.pdf", big)), **HTMX
    )

    assert response.status_code == 422
    assert errors_of(response) == (
        "“big.pdf” is larger than the 100.0\xa0KB limit. Upload a smaller file."
    )
    assert not Document.objects.exists()


def test_a_missing_file_is_a_field_error(client, project, people):
    client.force_login(people["sub_stage"])

    response = client.post(project_upload_url(project), form_data(""), **HTMX)

    assert response.status_code == 422
    assert "required" in errors_of(response)


def test_a_duplicate_upload_is_refused_with_422(client, project, people):
    upload(people["creator"], project=project, title="GA", content=pdf("same"))
    client.force_login(people["sub_stage"])

    response = client.post(
        project_upload_url(project), form_data(upload_file("copy.pdf", pdf("same"))), **HTMX
    )

    assert response.status_code == 422
    assert "already in this project as “GA”" in errors_of(response)


def test_restricted_without_named_people_is_a_field_error(client, project, people):
    client.force_login(people["sub_stage"])

    response = client.post(
        project_upload_url(project),
        form_data(upload_file("a.pdf", pdf()), access_level="restricted"),
        **HTMX,
    )

    assert response.status_code == 422
    assert "Name at least one person" in errors_of(response, "restricted_users")


def test_named_people_from_another_tenant_are_not_a_valid_choice(
    client, project, people, other_admin
):
    client.force_login(people["sub_stage"])

    response = client.post(
        project_upload_url(project),
        form_data(
            upload_file("a.pdf", pdf()),
            access_level="restricted",
            restricted_users=[str(other_admin.pk)],
        ),
        **HTMX,
    )

    assert response.status_code == 422
    assert "is not an active person of your factory" in errors_of(response, "restricted_users")


def test_deactivated_people_are_not_a_valid_choice(client, project, people):
    people["named"].status = UserStatus.DISABLED
    people["named"].save(update_fields=["status"])
    client.force_login(people["sub_stage"])

    response = client.post(
        project_upload_url(project),
        form_data(
            upload_file("a.pdf", pdf()),
            access_level="restricted",
            restricted_users=[str(people["named"].pk)],
        ),
        **HTMX,
    )

    assert response.status_code == 422
    assert "is not an active person of your factory" in errors_of(response, "restricted_users")
    assert not Document.objects.exists()


def test_named_people_are_offered_and_kept_through_a_refused_upload(client, project, people):
    client.force_login(people["sub_stage"])
    named, assignee = people["named"], people["assignee"]

    response = client.post(
        project_upload_url(project),
        form_data(
            upload_file("a.exe", b"MZ" + b"\x00" * 64),
            access_level="restricted",
            restricted_users=[str(named.pk), str(assignee.pk)],
        ),
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert 'name="restricted_users"' in body and " multiple" in body
    assert f'<option value="{named.pk}" selected>Named (Quality assurance)</option>' in body
    assert f'<option value="{assignee.pk}" selected>Assignee (Sales)</option>' in body
    assert f'<option value="{people["admin"].pk}">Boss (Admin)</option>' in body


def test_an_upload_for_named_people_only_names_them(client, project, people):
    client.force_login(people["sub_stage"])
    named = [people["named"].pk, people["assignee"].pk]

    response = client.post(
        project_upload_url(project),
        form_data(
            upload_file("a.pdf", pdf()),
            access_level="restricted",
            restricted_users=[str(pk) for pk in named],
        ),
        **HTMX,
    )

    assert response.status_code == 200
    assert sorted(Document.objects.get().restricted_user_ids) == sorted(named)


@pytest.mark.parametrize("value", ["bogus", ""])
def test_unknown_choices_are_refused(client, project, people, value):
    client.force_login(people["sub_stage"])

    response = client.post(
        project_upload_url(project), form_data(upload_file("a.pdf", pdf()), category=value), **HTMX
    )

    assert response.status_code == 422
    assert errors_of(response, "category")


# --- the library upload page ---


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


# --- new versions ---


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
