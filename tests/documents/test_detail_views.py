"""A document's page (versions, who accessed it) and downloads: streamed, byte-identical, with
safe headers, logged; access levels and tenants enforced."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from apps.documents.models import DocumentAccessLog
from apps.documents.services import document_purge_files, document_soft_delete
from tests.documents.conftest import add_version, as_user, pdf, upload
from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)

# session, user, BEGIN, tenant settings, document (+ access rule), access log INSERT, versions,
# access log entries, named people, COMMIT
DETAIL_QUERIES = 10
# session, user, BEGIN, tenant settings, document (+ access rule), version, log INSERT, COMMIT
DOWNLOAD_QUERIES = 8
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11) Chromium", "REMOTE_ADDR": "203.0.113.9"}


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def drawing(project, people):
    document = upload(
        people["creator"],
        name="GA drawing.pdf",
        project=project,
        content=pdf("Rev A"),
        title="Caliper GA",
    )
    add_version(
        people["creator"],
        document,
        name="GA drawing.pdf",
        content=pdf("Rev B"),
        summary="Rev B: pads",
    )
    return document


# --- detail ---


def test_detail_shows_the_versions_and_who_accessed_it(client, drawing, people):
    client.force_login(people["assignee"])

    response = client.get(reverse("documents:detail", kwargs={"pk": drawing.pk}), **BROWSER)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Caliper GA" in body
    assert body.count('data-testid="version-row"') == 2
    assert "Rev B: pads" in body
    assert body.count('data-testid="current-version"') == 1
    assert (
        reverse("documents:download_version", kwargs={"pk": drawing.pk, "version_number": 1})
        in body
    )
    entries = list(DocumentAccessLog.objects.filter(document=drawing).order_by("created_at"))
    assert [entry.action for entry in entries] == ["upload", "upload", "view"]
    view = entries[-1]
    assert (view.user, view.ip_address) == (people["assignee"], "203.0.113.9")
    assert view.user_agent == "Mozilla/5.0 (X11) Chromium"
    assert body.count('data-testid="access-row"') == 3  # two uploads and this very view


def test_detail_names_the_people_of_a_restricted_document(client, project, people):
    document = upload(
        people["creator"],
        project=project,
        access_level="restricted",
        restricted_user_ids=[people["named"].pk],
    )
    client.force_login(people["named"])

    body = client.get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()

    assert "Named" in body.split('data-testid="document-access"')[1].split("</dd>")[0]


@pytest.mark.parametrize("versions", [1, 8])
def test_detail_query_count_does_not_grow_with_versions_or_log(
    client, project, people, django_assert_max_num_queries, versions
):
    document = upload(people["creator"], project=project, content=pdf("v1"))
    for number in range(2, versions + 1):
        add_version(people["creator"], document, content=pdf(f"v{number}"), summary=f"v{number}")
    client.force_login(people["assignee"])
    url = reverse("documents:detail", kwargs={"pk": document.pk})
    for _ in range(versions):
        client.get(url)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(url)

    assert response.status_code == 200


def test_detail_of_another_tenants_document_is_404(client, people, other_tenant):
    foreign = DocumentFactory(organization=other_tenant, access_level="organization")
    client.force_login(people["admin"])

    assert client.get(reverse("documents:detail", kwargs={"pk": foreign.pk})).status_code == 404
    assert client.get(reverse("documents:download", kwargs={"pk": foreign.pk})).status_code == 404
    assert client.get(f"/documents/{uuid.uuid4()}/").status_code == 404
    assert not DocumentAccessLog.objects.filter(document=foreign).exists()


def test_detail_of_a_document_the_user_may_not_open_is_403_and_not_logged(client, project, people):
    document = upload(people["creator"], project=project, access_level="project")
    client.force_login(people["outsider"])

    response = client.get(reverse("documents:detail", kwargs={"pk": document.pk}))

    assert response.status_code == 403
    assert not DocumentAccessLog.objects.filter(document=document, action="view").exists()


# --- download ---


def test_download_streams_the_current_version_byte_identical_with_safe_headers(
    client, drawing, people
):
    client.force_login(people["assignee"])

    response = client.get(reverse("documents:download", kwargs={"pk": drawing.pk}), **BROWSER)

    assert response.status_code == 200
    assert response.streaming
    assert body_of(response) == pdf("Rev B")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="GA drawing.pdf"'
    assert "no-store" in response["Cache-Control"]
    entry = DocumentAccessLog.objects.get(document=drawing, action="download")
    assert (entry.user, entry.document_version.version_number) == (people["assignee"], 2)
    assert (entry.ip_address, entry.user_agent) == ("203.0.113.9", "Mozilla/5.0 (X11) Chromium")


def test_an_earlier_version_can_be_downloaded(client, drawing, people):
    client.force_login(people["assignee"])
    url = reverse("documents:download_version", kwargs={"pk": drawing.pk, "version_number": 1})

    response = client.get(url)

    assert body_of(response) == pdf("Rev A")
    assert DocumentAccessLog.objects.get(action="download").document_version.version_number == 1


def test_an_unknown_version_is_404(client, drawing, people):
    client.force_login(people["assignee"])
    url = reverse("documents:download_version", kwargs={"pk": drawing.pk, "version_number": 9})

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "disposition"),
    [
        ("GA drawing.pdf", 'attachment; filename="GA drawing.pdf"'),
        # Quotes are escaped inside the quoted string; the semicolon stays inside it.
        ('quote "final";x.pdf', 'attachment; filename="quote \\"final\\";x.pdf"'),
        ("Bản vẽ.pdf", "attachment; filename*=utf-8''B%E1%BA%A3n%20v%E1%BA%BD.pdf"),
        ("图纸.pdf", "attachment; filename*=utf-8''%E5%9B%BE%E7%BA%B8.pdf"),
    ],
)
def test_content_disposition_is_safe_for_any_name(client, project, people, name, disposition):
    document = upload(people["creator"], name=name, project=project, access_level="organization")
    client.force_login(people["assignee"])

    response = client.get(reverse("documents:download", kwargs={"pk": document.pk}))

    assert response.status_code == 200
    assert response["Content-Disposition"] == disposition


def test_a_stored_name_with_a_line_break_cannot_split_the_header(client, project, people):
    # Uploads refuse such names; a row written before that check (or by hand) must still not
    # break the response into two headers.
    document = upload(people["creator"], project=project, access_level="organization")
    document.versions.update(file_name="evil\r\nSet-Cookie: x=1.pdf")
    client.force_login(people["assignee"])

    response = client.get(reverse("documents:download", kwargs={"pk": document.pk}))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''evil%0D%0ASet-Cookie%3A%20x%3D1.pdf"
    )
    assert "Set-Cookie" not in response.headers


def test_download_is_refused_to_someone_off_the_project(client, project, people):
    document = upload(people["creator"], project=project, access_level="project")
    client.force_login(people["outsider"])

    response = client.get(reverse("documents:download", kwargs={"pk": document.pk}))

    assert response.status_code == 403
    assert not DocumentAccessLog.objects.filter(action="download").exists()


def test_download_of_a_deleted_document_is_404(client, drawing, people):
    as_user(people["management"], document_soft_delete, document=drawing)
    client.force_login(people["admin"])

    assert client.get(reverse("documents:download", kwargs={"pk": drawing.pk})).status_code == 404


def test_download_after_the_files_were_removed_is_410(client, drawing, people):
    as_user(people["admin"], document_soft_delete, document=drawing)
    as_user(people["admin"], document_purge_files, document=drawing)
    version = drawing.versions.get(version_number=1)

    # Deleted documents are 404 to users; the version's own response says why it is gone.
    from django.test import RequestFactory

    from apps.documents.downloads import stored_file_response

    request = RequestFactory().get("/")
    request.user = people["admin"]
    response = stored_file_response(request, version)
    assert response.status_code == 410
    assert "removed by an administrator" in response.content.decode()


def test_a_missing_stored_file_is_410_not_500(client, drawing, people, media_root):
    for path in media_root.rglob("*"):
        if path.is_file():
            path.unlink()
    client.force_login(people["assignee"])

    response = client.get(reverse("documents:download", kwargs={"pk": drawing.pk}))

    assert response.status_code == 410
    assert "cannot be found" in response.content.decode()
    assert not DocumentAccessLog.objects.filter(action="download").exists()


def test_download_query_count_is_constant(client, drawing, people, django_assert_max_num_queries):
    client.force_login(people["assignee"])

    with django_assert_max_num_queries(DOWNLOAD_QUERIES):
        response = client.get(reverse("documents:download", kwargs={"pk": drawing.pk}))

    assert body_of(response) == pdf("Rev B")
