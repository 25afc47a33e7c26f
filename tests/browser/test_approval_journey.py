"""Issue 6's journey in a real browser: engineering submits a sub-stage that needs approval, the
manager's bell count rises without a reload, the manager approves from the approvals queue, the
engineer's bell announces it, and the project's message thread carries a question and its answer."""

import pytest
from playwright.sync_api import expect

from apps.core.tenancy import tenant_context
from apps.projects.models import ProjectSubStageProgress
from apps.projects.services import project_create
from apps.users.models import Role
from apps.workflow.services import workflow_install_standard
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(tenant):
    workflow_install_standard(organization_id=tenant.pk)
    return {
        "engineer": UserFactory(organization=tenant, role=Role.ENGINEERING, name="Eric Eng"),
        "manager": UserFactory(organization=tenant, role=Role.MANAGEMENT, name="Mia Manager"),
    }


@pytest.fixture
def project_in_review(tenant, people):
    """A project in Technical Review (the inquiry stage already done)."""
    customer = CustomerFactory(owner_organization=tenant, name="Boeing Vietnam")
    manager = people["manager"]
    with tenant_context(tenant, manager):
        project = project_create(
            user=manager, title="Seat rail bracket", customer_organization=customer,
            assigned_to=people["engineer"],
        )  # fmt: skip
    inquiry = ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage=project.current_stage
    )
    inquiry.update(status="skipped")
    review = ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage__slug="technical_review"
    ).first()
    project.current_stage_id = review.workflow_stage_id
    project.status = "reviewing"
    project.save(update_fields=["current_stage", "status"])
    return project


@pytest.fixture
def signed_in(browser, live_server, password):
    contexts = []

    def open_as(user):
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            # A refused form answers 422 on purpose; the browser logs that as an error.
            lambda msg: (
                errors.append(msg.text) if msg.type == "error" and "422" not in msg.text else None
            ),
        )
        page.console_errors = errors
        page.goto("/accounts/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_submit_notify_approve_from_the_queue_and_talk_on_the_project(
    signed_in, people, project_in_review, settings
):
    settings.NOTIFICATION_POLL_SECONDS = 1
    url = f"/projects/{project_in_review.pk}/"
    manager = signed_in(people["manager"])
    manager_bell = manager.get_by_test_id("notification-count")
    expect(manager_bell).to_have_attribute("data-unread", "0")

    # Engineering finishes the sign-off: it needs management's approval.
    engineer = signed_in(people["engineer"])
    engineer.goto(url)
    sign_off = engineer.locator(
        '[data-testid="stage-current"] [data-sub-stage="Technical sign-off"]'
    )
    sign_off.get_by_test_id("action-start").click()
    expect(sign_off).to_have_attribute("data-status", "in_progress")
    sign_off.get_by_test_id("action-complete").click()
    expect(sign_off.get_by_test_id("awaiting-approval")).to_be_visible()

    # The manager's bell rises without a reload; the queue shows the request; approve it there.
    expect(manager_bell).to_have_text("1", timeout=10_000)
    manager.get_by_test_id("nav-approvals").click()
    row = manager.get_by_test_id("approval-row").filter(has_text="Technical sign-off")
    expect(row).to_have_count(1)
    row.get_by_test_id("approve-comments").fill("Drawings checked, go ahead.")
    row.get_by_test_id("approve-button").click()
    expect(manager.get_by_test_id("approval-flash")).to_be_visible()

    # The engineer hears about it, and the sub-stage is completed on the project page.
    engineer_bell = engineer.get_by_test_id("notification-count")
    expect(engineer_bell).not_to_have_attribute("data-unread", "0", timeout=10_000)
    engineer.get_by_test_id("notification-bell").click()
    dropdown = engineer.get_by_test_id("notification-dropdown")
    approved = dropdown.get_by_test_id("notification-item").filter(has_text="Approved")
    expect(approved).to_have_count(1)
    engineer.goto(url)
    expect(engineer.locator('[data-sub-stage="Technical sign-off"]').first).to_have_attribute(
        "data-status", "completed"
    )

    # The project's message thread: a question from engineering, an answer from management.
    thread = engineer.get_by_test_id("project-thread")
    form = thread.get_by_test_id("message-form")
    form.locator("[name=subject]").fill("Surface finish")
    form.locator("[name=content]").fill("Is Ra 1.6 on the rail face <b>mandatory</b>?")
    form.locator("button[type=submit]").first.click()
    expect(engineer.get_by_test_id("message-item").first).to_contain_text(
        "Is Ra 1.6 on the rail face <b>mandatory</b>?"
    )
    manager.goto(url)
    expect(manager.get_by_test_id("project-thread")).to_contain_text("Surface finish")
    expect(manager.get_by_test_id("message-item").first).to_contain_text("Ra 1.6")

    for page in (manager, engineer):
        assert page.console_errors == []
