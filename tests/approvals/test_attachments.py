"""Files on approvals: what may be uploaded, where it is stored, who may add and download it."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.approvals.forms import AttachmentForm
from apps.approvals.models import ApprovalAttachment
from apps.approvals.services import approval_approve, approval_attachment_add
from apps.approvals.services import attachments as attachments_service
from apps.core.files import ACCEPTED_SUMMARY, XLSX
from apps.users.models import Role
from tests.approvals.factories import ApprovalFactory
from tests.approvals.helpers import act, actions_of, ask, by_role
from tests.documents.conftest import office_zip
from tests.users.factories import UserFactory

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
OLE_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- what may be attached (the documents' content checks, the attachments' size limit) ---


def attach(team, project, file):
    sales = team[Role.SALES]
    approval = ask(sales, project, by_role(Role.FINANCE))
    return act(sales, approval_attachment_add, approval_id=approval.pk, upload=file)


def refusal(team, project, file) -> str:
    with pytest.raises(ValidationError) as caught:
        attach(team, project, file)
    assert not ApprovalAttachment.objects.exists()
    return " ".join(caught.value.message_dict["file"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("signed-quote.pdf", PDF, "application/pdf"),
        ("Photo.PNG", PNG, "image/png"),
        ("bom.csv", "part,qty\nbracket,4\nốc vít,12\n".encode(), "text/csv"),
        ("notes.txt", b"Torque 25 Nm", "text/plain"),
        ("cost-breakdown.xlsx", office_zip("xl/"), XLSX.mime_type),
    ],
)
def test_accepted_files_are_recognised_by_their_content(team, project, name, content, mime_type):
    attachment = attach(team, project, upload(name, content))

    assert (attachment.file_name, attachment.mime_type) == (name, mime_type)
    assert attachment.size_bytes == len(content)
    assert attachment.checksum_sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("quote.pdf", WINDOWS_PROGRAM, "is a Windows program, not a document"),
        ("setup.exe", WINDOWS_PROGRAM, "is a Windows program, not a document"),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n", "is a script"),
        ("photo.png", PDF, "named .png but its content is a PDF document"),
        ("bom.csv", b"a,b\x00\x01", "is not accepted"),
        ("no-extension", PDF, "has no file extension"),
        ("empty.pdf", b"", "is empty"),
        ("costs.xlsm", office_zip("xl/", macros=True), "contains macros"),
        ("quote.doc", OLE_OFFICE, "old-format Office file"),
        ("reports.zip", b"PK\x05\x06" + b"\x00" * 18, "is a ZIP archive"),
    ],
)
def test_programs_macros_archives_disguised_and_empty_files_are_refused(
    team, project, name, content, message
):
    assert message in refusal(team, project, upload(name, content))


@pytest.mark.django_db
def test_attachments_have_their_own_size_limit(team, project, settings):
    settings.APPROVAL_ATTACHMENT_MAX_BYTES = 1024
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100 * 1024
    sales = team[Role.SALES]
    approval = ask(sales, project, by_role(Role.FINANCE))

    def add(size: int):
        file = upload("big.pdf", PDF + b"x" * size)
        return act(sales, approval_attachment_add, approval_id=approval.pk, upload=file)

    with pytest.raises(ValidationError) as caught:
        add(1024)
    assert "the limit is 1.0\xa0KB" in caught.value.message_dict["file"][0]
    settings.APPROVAL_ATTACHMENT_MAX_BYTES = 200 * 1024
    assert add(150 * 1024).size_bytes > settings.DOCUMENT_MAX_UPLOAD_BYTES


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../etc/passwd.pdf", "is not a plain file name"),
        ("C:\\Users\\an\\quote.pdf", "is not a plain file name"),
        ("quo\x00te\n.pdf", "invisible control characters"),
        ("a" * 400 + ".pdf", "The file name is too long"),
    ],
)
def test_file_names_are_refused_not_rewritten(team, project, name, message):
    # A ContentFile keeps the name as given (an HTTP upload's is cut to its last part by Django).
    assert message in refusal(team, project, ContentFile(PDF, name=name))


def test_the_form_lists_what_may_be_attached_and_the_limit(settings):
    settings.APPROVAL_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024

    field = AttachmentForm().fields["file"]

    assert field.help_text == f"{ACCEPTED_SUMMARY}; up to 5.0\xa0MB."
    assert ".pdf" in field.widget.attrs["accept"].split(",")


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
    with pytest.raises(ValidationError, match="Windows program"):
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
    assert "is a Windows program, not a document" in response.content.decode()
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
