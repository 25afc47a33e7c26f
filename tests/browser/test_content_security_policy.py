"""The Content-Security-Policy holds on the project page while htmx swaps its sections: nothing
sets an inline style or runs an inline script (the browser reports each attempt as a
`securitypolicyviolation` event and on the console)."""

import pytest
from playwright.sync_api import expect

from apps.demo.sample_data.files import pdf_bytes
from apps.users.models import Role
from tests.browser.helpers import engineers_project, sign_in
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def engineer(tenant):
    return UserFactory(organization=tenant, role=Role.ENGINEERING, name="Eric Eng")


@pytest.fixture
def project(tenant, engineer):
    return engineers_project(tenant, engineer)


def resize_the_text_boxes(page):
    """What a user does by dragging a text box's corner: the browser sets the box's style (through
    the CSSOM, which the policy allows). htmx, settling a swap, copied an element's `style`
    attribute to its replacement with `setAttribute`, which the policy refuses."""
    page.evaluate(
        "document.querySelectorAll('textarea').forEach((box) => { box.style.height = '9rem'; })"
    )


def csp_reports(page) -> list[str]:
    reports = page.evaluate("window.cspViolations")
    reports += [text for text in page.console_errors if "Content Security Policy" in text]
    return reports


def test_no_csp_violation_while_the_project_page_swaps_its_sections(
    page, engineer, password, project
):
    page.add_init_script(RECORD_VIOLATIONS)
    sign_in(page, engineer, password)
    page.goto(f"/projects/{project.pk}/")
    expect(page.get_by_test_id("project-messages-empty")).to_be_visible()

    section = page.get_by_test_id("project-documents")
    section.locator("summary", has_text="Upload a document").click()
    resize_the_text_boxes(page)
    section.locator("input[type=file]").set_input_files(
        {"name": "ga.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("GA", ["1"])}
    )
    section.get_by_label("Title").fill("Caliper fixture GA")
    section.get_by_test_id("document-upload-submit").click()
    expect(page.get_by_test_id("documents-notice")).to_be_visible()

    messages = page.get_by_test_id("project-messages")
    resize_the_text_boxes(page)
    messages.get_by_label("Subject").fill("Tolerances")
    messages.get_by_label("Message").fill("Please check the bore tolerance.")
    messages.get_by_test_id("message-send").click()
    expect(messages.get_by_test_id("message-item")).to_be_visible()

    assert csp_reports(page) == []
