"""What the upload form refuses, always as a form error with status 422 and never a 500: refused,
oversized, missing and duplicate files, unknown choices, and named people (none for restricted,
not of another tenant, not deactivated); the people named are kept and only they are named.
"""

from __future__ import annotations

import pytest

from apps.documents.models import Document
from apps.users.models import UserStatus
from tests.documents.conftest import pdf, upload, upload_file
from tests.documents.helpers import HTMX, errors_of, form_data, project_upload_url

pytestmark = pytest.mark.django_db(transaction=True)


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
