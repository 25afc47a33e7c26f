"""A document's round trip in a real browser: on the project's page an engineer uploads a file in
the documents section (htmx), the section shows it, and the download gives back the same bytes."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.demo.sample_data.files import pdf_bytes
from apps.documents.models import DocumentAccessLog
from apps.users.models import Role
from tests.browser.helpers import engineers_project, sign_in
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def engineer(tenant):
    return UserFactory(organization=tenant, role=Role.ENGINEERING, name="Eric Eng")


@pytest.fixture
def project(tenant, engineer):
    return engineers_project(tenant, engineer)


def test_upload_on_the_project_page_and_download_the_same_bytes(
    page, engineer, password, project, tmp_path
):
    content = pdf_bytes("Caliper fixture GA", ["Sheet 1 of 3", "Rev A", "Bản vẽ"])
    sign_in(page, engineer, password)

    page.goto(f"/projects/{project.pk}/")
    section = page.get_by_test_id("project-documents")
    expect(section.get_by_test_id("project-documents-empty")).to_be_visible()
    section.locator("summary", has_text="Upload a document").click()
    section.locator("input[type=file]").set_input_files(
        {"name": "Bản vẽ GA.pdf", "mimeType": "application/pdf", "buffer": content}
    )
    section.get_by_label("Title").fill("Caliper fixture GA")
    section.get_by_label("Category").select_option("drawing")
    section.get_by_test_id("document-upload-submit").click()

    expect(page.get_by_test_id("documents-notice")).to_have_text(
        "“Caliper fixture GA” was uploaded."
    )
    rows = page.get_by_test_id("project-document-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bản vẽ GA.pdf")
    assert page.url.endswith(f"/projects/{project.pk}/")  # htmx swapped the section in place

    with page.expect_download() as download_info:
        rows.first.get_by_test_id("document-download").click()
    download = download_info.value
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)

    assert download.suggested_filename == "Bản vẽ GA.pdf"
    assert Path(saved).read_bytes() == content
    assert DocumentAccessLog.objects.filter(action="download", user=engineer).count() == 1
    assert page.console_errors == []


def test_a_disguised_program_is_refused_in_the_section(page, engineer, password, project):
    sign_in(page, engineer, password)

    page.goto(f"/projects/{project.pk}/")
    section = page.get_by_test_id("project-documents")
    section.locator("summary", has_text="Upload a document").click()
    section.locator("input[type=file]").set_input_files(
        {"name": "drawing.pdf", "mimeType": "application/pdf", "buffer": b"MZ" + b"\x00" * 512}
    )
    section.get_by_test_id("document-upload-submit").click()

    expect(page.get_by_test_id("error-file")).to_contain_text(
        "“drawing.pdf” is a Windows program, not a document."
    )
    expect(page.get_by_test_id("project-documents-empty")).to_be_visible()
