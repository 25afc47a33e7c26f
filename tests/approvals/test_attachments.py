"""Files on approvals: what may be uploaded, where it is stored, who may add and download it."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.approvals.models import ApprovalAttachment
from apps.approvals.services import approval_approve, approval_attachment_add
from apps.approvals.services import attachments as attachments_service
from apps.approvals.uploads import clean_file_name, validate_upload
from apps.users.models import Role
from tests.approvals.factories import ApprovalFactory
from tests.approvals.helpers import act, actions_of, ask, by_role
from tests.users.factories import UserFactory

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- the validation module ---


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("signed-quote.pdf", PDF, "application/pdf"),
        ("Photo.PNG", PNG, "image/png"),
        ("bom.csv", "part,qty\nbracket,4\nốc vít,12\n".encode(), "text/csv"),
        ("notes.txt", b"Torque 25 Nm", "text/plain"),
    ],
)
def test_allowed_files_are_recognised_by_their_content(name, content, mime_type):
    checked = validate_upload(upload(name, content))
    assert (checked.file_name, checked.mime_type, checked.size) == (name, mime_type, len(content))
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("quote.pdf", WINDOWS_PROGRAM, "is not a PDF file"),
        ("photo.png", PDF, "is not a PNG file"),
        ("bom.csv", b"a,b\x00\x01", "is not a CSV file"),
        ("setup.exe", WINDOWS_PROGRAM, "cannot be attached"),
        ("no-extension", PDF, "cannot be attached"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_disguised_unknown_and_empty_files_are_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_upload(upload(name, content))


def test_files_over_the_size_limit_are_refused(settings):
    settings.APPROVAL_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="too large"):
        validate_upload(upload("big.pdf", PDF + b"x" * 1024))


def test_file_names_lose_their_path_and_control_characters():
    assert clean_file_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_file_name("C:\\Users\\an\\quote.pdf") == "quote.pdf"
    assert clean_file_name("quo\x00te\n.pdf") == "quote.pdf"
    assert len(clean_file_name("a" * 400 + ".pdf")) == 255


# --- the service ---


@pytest.mark.django_db
def test_an_attachment_is_stored_under_the_tenant_with_a_random_name(team, project, media):
    sales = team[Role.SALES]
    approval = ask(sales, project, by_role(Role.FINANCE))

    attachment = act(
        sales, approval_attachment_add, approval_id=approval.pk, upload=upload("q.pdf", PDF)
    )

    name = attachment.file.name
    assert name.startswith(f"tenants/{project.organization_id}/approvals/{approval.pk}/")
    assert "q.pdf" not in name
    assert (media / name).read_bytes() == PDF
    assert (attachment.file_name, attachment.size_bytes) == ("q.pdf", len(PDF))
    assert actions_of(approval) == ["request", "comment"]


@pytest.mark.django_db
def test_only_people_of_an_open_approval_attach_and_bad_files_leave_nothing(team, project, media):
    sales, finance = team[Role.SALES], team[Role.FINANCE]
    approval = ask(sales, project, by_role(Role.FINANCE))

    with pytest.raises(PermissionDenied, match="Only the requester and the approvers"):
        act(team[Role.QA], approval_attachment_add, approval_id=approval.pk,
            upload=upload("q.pdf", PDF))  # fmt: skip
    with pytest.raises(ValidationError, match="not a PDF"):
        act(finance, approval_attachment_add, approval_id=approval.pk,
            upload=upload("q.pdf", WINDOWS_PROGRAM))  # fmt: skip
    act(finance, approval_approve, approval_id=approval.pk)
    with pytest.raises(PermissionDenied):
        act(sales, approval_attachment_add, approval_id=approval.pk, upload=upload("q.pdf", PDF))

    assert not ApprovalAttachment.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


@pytest.mark.django_db
def test_a_failure_after_the_file_is_stored_removes_it_again(team, project, media, monkeypatch):
    sales = team[Role.SALES]
    approval = ask(sales, project, by_role(Role.FINANCE))

    def history_fails(*args, **kwargs):
        raise RuntimeError("history could not be written")

    monkeypatch.setattr(attachments_service, "history_record", history_fails)
    with pytest.raises(RuntimeError, match="history could not be written"):
        act(sales, approval_attachment_add, approval_id=approval.pk, upload=upload("q.pdf", PDF))

    assert not ApprovalAttachment.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))
    assert actions_of(approval) == ["request"]


# --- the views ---


pytestmark_views = pytest.mark.django_db(transaction=True)


@pytestmark_views
def test_upload_and_download_through_the_pages(client, team, project, media):
    sales = team[Role.SALES]
    approval = ask(sales, project, by_role(Role.FINANCE))
    client.force_login(sales)

    response = client.post(
        reverse("approvals:attach", kwargs={"pk": approval.pk}), {"file": upload("q.pdf", PDF)}
    )
    assert response.status_code == 302
    attachment = ApprovalAttachment.objects.get()

    client.force_login(team[Role.AUDITOR])  # read-only, but may look
    url = reverse("approvals:attachment", kwargs={"pk": approval.pk,
                                                  "attachment_pk": attachment.pk})  # fmt: skip
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="q.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


@pytestmark_views
def test_a_refused_upload_shows_the_reason_with_422(client, team, project):
    sales = team[Role.SALES]
    approval = ask(sales, project, by_role(Role.FINANCE))
    client.force_login(sales)

    response = client.post(
        reverse("approvals:attach", kwargs={"pk": approval.pk}),
        {"file": upload("invoice.pdf", WINDOWS_PROGRAM)},
    )

    assert response.status_code == 422
    assert "is not a PDF file" in response.content.decode()
    assert not ApprovalAttachment.objects.exists()


@pytestmark_views
def test_another_tenants_file_is_a_404_and_so_is_a_file_of_another_approval(
    client, team, project, other_tenant
):
    sales = team[Role.SALES]
    approval = ask(sales, project, by_role(Role.FINANCE))
    other = ask(sales, project, by_role(Role.FINANCE), approval_type="cost_approval")
    attachment = act(sales, approval_attachment_add, approval_id=approval.pk,
                     upload=upload("q.pdf", PDF))  # fmt: skip
    client.force_login(UserFactory(organization=other_tenant, role=Role.ADMIN))

    def get(approval_pk):
        return client.get(reverse("approvals:attachment", kwargs={
            "pk": approval_pk, "attachment_pk": attachment.pk}))  # fmt: skip

    assert get(approval.pk).status_code == 404
    client.force_login(sales)
    assert get(other.pk).status_code == 404
    assert get(ApprovalFactory(organization=other_tenant).pk).status_code == 404
    assert get(approval.pk).status_code == 200
