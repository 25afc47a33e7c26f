"""The issue's journey in a real browser: sales records an inquiry for a new customer, engineering
completes the technical review (its sign-off approved by management), and the project goes stage by
stage to completion — every step clicked on the project page, htmx swapping the workflow section.

The journey runs at frozen instants on both sides of midnight in UTC and in the factory's UTC+7
(the live server's thread shares this process's clock, so time-machine moves it too; `tick=True`
lets the clock run so the pages work). The factory is in Ho Chi Minh City and its people read the
clock in Chicago: the project is delivered on the factory's date, whatever the hour CI runs at."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from apps.projects.models import Project
from apps.users.models import Role
from apps.workflow.services import workflow_install_standard
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTION_PATH = "/steps/"


FACTORY_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
VIEWER_PREFERENCES = {"timezone": "America/Chicago", "language": "en"}
# Hours (UTC) of today's real date at which the journey starts, and how many days the factory's
# date is ahead of that UTC date. It takes minutes, so it starts at 16:45 rather than 16:59 to end
# before the factory's midnight (17:00 UTC); from 17:01 on, Ho Chi Minh City is on the next day.
STARTS = [(datetime.time(0, 30), 0), (datetime.time(16, 45), 0),
          (datetime.time(17, 1), 1), (datetime.time(23, 30), 1)]  # fmt: skip


@pytest.fixture
def people(tenant):
    assert tenant.timezone == FACTORY_ZONE.key
    workflow_install_standard(organization_id=tenant.pk)
    names = {
        "sales": (Role.SALES, "Sara Sales"),
        "engineer": (Role.ENGINEERING, "Eric Eng"),
        "manager": (Role.MANAGEMENT, "Mia Manager"),
        "director": (Role.MANAGEMENT, "Dan Director"),
    }
    return {
        key: UserFactory(organization=tenant, role=role, name=name, preferences=VIEWER_PREFERENCES)
        for key, (role, name) in names.items()
    }


@pytest.fixture
def open_page(browser, live_server, password):
    contexts = []

    def signed_in(user):
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.console_errors = errors
        page.goto("/accounts/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield signed_in
    for context in contexts:
        context.close()


def sub_stage(page, name):
    return page.locator(f'[data-testid="stage-current"] [data-sub-stage="{name}"]')


def click_action(page, name, action, *, reason=None):
    """Click one inline action of a sub-stage of the current stage and wait for htmx's answer."""
    item = sub_stage(page, name)
    if reason is not None:
        item.get_by_test_id(f"action-{action}-toggle").click()
        item.locator("details[open] input[name=reason]").fill(reason)
    with page.expect_response(lambda response: ACTION_PATH in response.url) as answer:
        item.get_by_test_id(f"action-{action}").click()
    assert answer.value.status == 200, answer.value.text()
    page.get_by_test_id("action-message").wait_for()


def start_and_complete(page, name):
    if sub_stage(page, name).get_by_test_id("action-start").count():
        click_action(page, name, "start")
    click_action(page, name, "complete")


def approve_pending(page, url):
    """Approve the open approval on the project page (the approvals' own partial); the section
    then reloads itself with the decision."""
    page.goto(url)
    with page.expect_response(lambda response: "/approve/" in response.url) as answer:
        page.get_by_test_id("open-approval").first.get_by_test_id("approve-button").click()
    assert answer.value.status == 200, answer.value.text()
    expect(page.get_by_test_id("open-approval")).to_have_count(0)


def current_stage_name(page) -> str:
    return page.get_by_test_id("project-stage").locator("strong").inner_text()


@pytest.fixture(params=STARTS, ids=lambda start: f"{start[0]:%H%M}UTC")
def factory_date(request):
    """Travel to the start instant for the whole test; the factory's expected date."""
    hour, days_ahead = request.param
    today_in_utc = datetime.datetime.now(datetime.UTC).date()
    start = datetime.datetime.combine(today_in_utc, hour, datetime.UTC)
    with time_machine.travel(start, tick=True):
        yield start.date() + datetime.timedelta(days=days_ahead)


def test_an_inquiry_goes_from_intake_to_completion_in_the_browser(factory_date, open_page, people):
    # Sales records the inquiry for a customer the factory has never worked with.
    sales = open_page(people["sales"])
    sales.get_by_test_id("nav-projects").click()
    sales.get_by_test_id("project-create").click()
    sales.check("#id_customer_mode_1")  # "New customer"
    sales.fill("#id_customer_name", "Mekong Motors")
    sales.fill("#id_customer_country", "VN")
    sales.fill("#id_new_contact_name", "Tran Thi Lan")
    sales.fill("#id_new_email", "lan@mekong.example.com")
    sales.fill("#id_title", "Gearbox housing, 200 pcs")
    sales.select_option("#id_priority_level", "high")
    requested = factory_date + datetime.timedelta(days=90)
    sales.fill("#id_requested_delivery_date", requested.isoformat())
    sales.fill("#id_estimated_value", "125000")
    sales.get_by_test_id("intake-submit").click()
    sales.get_by_test_id("project-workflow").wait_for()
    project = Project.objects.get(title="Gearbox housing, 200 pcs")
    url = f"/projects/{project.pk}/"
    assert project.project_id in sales.get_by_test_id("project-header").inner_text()
    assert "Mekong Motors" in sales.get_by_test_id("project-header").inner_text()

    start_and_complete(sales, "Log inquiry and customer details")
    start_and_complete(sales, "Collect drawings and specifications")
    manager = open_page(people["manager"])
    manager.goto(url)
    start_and_complete(manager, "Assign project owner")
    expect(manager.get_by_test_id("project-stage")).to_contain_text("Technical Review")

    # Engineering does the technical review; QA's optional check is skipped by management.
    engineer = open_page(people["engineer"])
    engineer.goto(url)
    start_and_complete(engineer, "Feasibility and manufacturability review")
    start_and_complete(engineer, "Material and process selection")
    manager.reload()
    click_action(manager, "Quality and inspection requirements", "skip", reason="Standard QA")
    start_and_complete(engineer, "Technical sign-off")
    expect(
        sub_stage(engineer, "Technical sign-off").get_by_test_id("awaiting-approval")
    ).to_be_visible()

    # Management approves inline; the sign-off completes and the project moves on by itself.
    approve_pending(manager, url)
    expect(manager.get_by_test_id("project-stage")).to_contain_text("Quote Preparation")

    # From here management runs each stage; another manager approves what the first requested.
    director = open_page(people["director"])
    for _ in range(40):
        manager.goto(url)
        if manager.get_by_test_id("project-status").inner_text() == "Completed":
            break
        stage = current_stage_name(manager)
        names = manager.locator('[data-testid="stage-current"] [data-testid="sub-stage"]')
        for name in names.evaluate_all("items => items.map(item => item.dataset.subStage)"):
            item = sub_stage(manager, name)
            if not item.count() or item.get_attribute("data-status") in ("completed", "skipped"):
                continue
            start_and_complete(manager, name)
            if sub_stage(manager, name).get_by_test_id("awaiting-approval").count():
                approve_pending(director, url)
                manager.goto(url)
        if manager.get_by_test_id("advance-stage").count() and current_stage_name(manager) == stage:
            with manager.expect_response(lambda response: "/advance/" in response.url):
                manager.get_by_test_id("advance-stage").click()
    expect(manager.get_by_test_id("project-status")).to_have_text("Completed")

    project.refresh_from_db()
    assert project.status == "completed"
    assert project.actual_delivery_date == factory_date
    assert project.activity.filter(action="stage_advanced").count() == 8
    for page in (sales, manager, engineer, director):
        assert page.console_errors == []
