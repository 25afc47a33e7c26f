"""A refused upload's message is seen, not just sent: an `.exe` renamed `evil.pdf` answers 422 and
its message is visible (Playwright's visibility: displayed, with a size, not hidden by CSS) on the
project page's documents section and on the documents library's upload page."""

import pytest
from playwright.sync_api import expect

from apps.documents.models import Document
from apps.users.models import Role
from tests.browser.helpers import engineers_project, sign_in
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISGUISED_PROGRAM = {
    "name": "evil.pdf",
    "mimeType": "application/pdf",
    "buffer": b"MZ\x90\x00" + b"\x00" * 1020,
}
REFUSAL = (
    "“evil.pdf” is a Windows program, not a document. Programs and scripts cannot be uploaded."
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def engineer(tenant):
    return UserFactory(organization=tenant, role=Role.ENGINEERING, name="Eric Eng")


def submit_and_get_status(page, form) -> int:
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        form.get_by_test_id("document-upload-submit").click()
    return answer.value.status


def test_refused_upload_message_is_visible_in_the_project_documents_section(
    page, tenant, engineer, password
):
    project = engineers_project(tenant, engineer)
    sign_in(page, engineer, password)
    page.goto(f"/projects/{project.pk}/")
    section = page.get_by_test_id("project-documents")
    section.locator("summary", has_text="Upload a document").click()
    section.locator("input[type=file]").set_input_files(DISGUISED_PROGRAM)

    status = submit_and_get_status(page, section)

    error = page.get_by_test_id("project-documents").get_by_test_id("error-file")
    error.wait_for(state="attached")
    assert status == 422
    # Playwright's visibility, waited for as the user's eye would: htmx settles the swapped section
    # a moment after the response arrives.
    expect(error).to_have_text(REFUSAL)
    expect(error).to_be_visible()
    assert not Document.objects.exists()


def test_refused_upload_message_is_visible_on_the_upload_page(page, engineer, password):
    sign_in(page, engineer, password)
    page.goto("/documents/upload/")
    form = page.get_by_test_id("document-upload-form")
    form.locator("input[type=file]").set_input_files(DISGUISED_PROGRAM)

    status = submit_and_get_status(page, form)

    error = page.get_by_test_id("error-file")
    error.wait_for(state="attached")
    assert status == 422
    # Playwright's visibility, waited for as the user's eye would: htmx settles the swapped section
    # a moment after the response arrives.
    expect(error).to_have_text(REFUSAL)
    expect(error).to_be_visible()
    assert not Document.objects.exists()
