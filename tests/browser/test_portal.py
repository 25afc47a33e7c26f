"""The customer portal in a real browser, on the sample data: a Toyota Vietnam contact follows
Toyota's projects and only Toyota's, downloads a shared document, uploads a drawing and writes to
the factory, whose project page shows the message."""

from __future__ import annotations

import io
import re

import pytest
import redis
from django.conf import settings
from django.core.management import call_command

from apps.demo.sample_data import SAMPLE_PASSWORD, SIGN_IN_EMAIL
from apps.documents.models import AccessLevel, Document
from apps.projects.models import Project
from apps.users.models import User
from tests.browser.helpers import sign_in
from tests.workers import eventually

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOYOTA_CONTACT = "hai.nguyen@toyota.com.vn"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def sample_factory():
    call_command("seed_sample_data", stdout=io.StringIO())
    yield
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")  # queued notifications


def test_a_toyota_contact_follows_toyotas_projects_only(
    page, browser, live_server, sample_factory, celery_worker
):
    contact = User.accounts.get(email=TOYOTA_CONTACT)
    toyota = Project.objects.filter(customer_organization__name="Toyota Vietnam")
    honda = Project.objects.filter(customer_organization__name="Honda Vietnam")
    assert toyota.count() == 6 and honda.exists()
    shared = Document.objects.filter(
        project__in=toyota, access_level=AccessLevel.CUSTOMER, is_deleted=False
    ).first()
    project = shared.project

    # Signs in and lands on the portal's own layout, with exactly Toyota's projects.
    sign_in(page, contact, SAMPLE_PASSWORD)
    page.wait_for_url(re.compile(r"/portal/$"))
    assert page.locator("[data-testid=portal-layout]").count() == 1
    cards = page.locator("[data-testid=portal-project]")
    assert cards.count() == 6
    text = page.locator("main").inner_text()
    for code in toyota.values_list("project_id", flat=True):
        assert code in text
    for code in honda.values_list("project_id", flat=True):
        assert code not in text

    # Opens one project and downloads a document the factory shared.
    page.click(f"text={project.project_id}")
    page.wait_for_url(re.compile(rf"/portal/projects/{project.pk}/$"))
    assert page.locator("[data-testid=stage-bar]").count() == 1
    with page.expect_download() as download_info:
        page.locator("[data-testid=download-link]", has_text=shared.title).click()
    download = download_info.value
    assert download.suggested_filename == shared.file_name

    # Uploads a drawing of their own: it is listed as shared at once.
    page.set_input_files(
        "[data-testid=upload-form] input[type=file]",
        files=[{"name": "seat-bracket-rev-c.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.select_option("[data-testid=upload-form] select", "drawing")
    page.locator("[data-testid=upload-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r"#documents$"))
    assert page.locator("[data-testid=shared-documents]").inner_text().count("seat-bracket-rev-c")

    # Writes to the factory.
    page.fill("#conversation textarea", "Could the first article ship a week early?")
    page.locator("#conversation button[type=submit]").click()
    page.locator("[data-testid=portal-message]", has_text="ship a week early").wait_for()

    assert not page.console_errors, page.console_errors

    # Submits a request for quote with a drawing; a worker makes it a project of Toyota's.
    page.goto("/portal/")
    page.locator("[data-testid=new-inquiry]").click()
    page.fill("#id_title", "Door hinge checking fixture")
    page.set_input_files(
        "#id_files",
        files=[{"name": "hinge-rev-a.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.locator("[data-testid=inquiry-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/portal/$"))
    made = Project.objects.filter(title="Door hinge checking fixture")
    eventually(made.exists, "the inquiry becomes a project")
    rfq = made.get()
    assert (rfq.intake_source, rfq.customer_organization_id) == (
        "portal",
        project.customer_organization_id,
    )
    page.reload()
    assert page.locator("[data-testid=portal-project]").count() == 7

    # Another customer's project is a 404, and so is any staff page.
    other = honda.first()
    assert page.goto(f"/portal/projects/{other.pk}/").status == 404
    assert page.goto(f"/projects/{project.pk}/").status == 404

    # The factory sees the message on the project's page.
    staff_context = browser.new_context(base_url=live_server.url, locale="en-US")
    staff_page = staff_context.new_page()
    sign_in(staff_page, User.objects.get(email=SIGN_IN_EMAIL), SAMPLE_PASSWORD)
    staff_page.goto(f"/projects/{project.pk}/")
    staff_page.locator(
        "[data-testid=customer-conversation-message]", has_text="ship a week early"
    ).wait_for()
    assert staff_page.locator("[data-testid=portal-layout]").count() == 0
    # ... and the inquiry in its project list.
    staff_page.goto("/projects/")
    assert rfq.project_id in staff_page.locator("main").inner_text()
    staff_context.close()
