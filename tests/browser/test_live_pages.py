"""Live pages in a browser, two people at once: what one changes appears on the other's board
and project page within one polling interval, without a reload; a refused drag puts the card
back with the engine's message; an open edit form is told when someone else saved the project."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.core.tenancy import tenant_context
from apps.messaging.services import message_post_to_project
from apps.projects.models import ProgressStatus, ProjectSubStageProgress
from apps.projects.services import project_update
from apps.users.models import Role
from tests.browser.helpers import engineers_project, sign_in
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLL_SECONDS = 1
# One polling interval, and the time to answer and swap on a busy shared machine.
WITHIN_ONE_POLL = (POLL_SECONDS + 3) * 1000


@pytest.fixture(autouse=True)
def quick_polls(settings):
    settings.LIVE_POLL_SECONDS = POLL_SECONDS


@pytest.fixture
def second_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    yield context.new_page()
    context.close()


def card_in(page, project, stage):
    column = page.locator(f'[data-testid="board-column"][data-stage="{stage.pk}"]')
    return column.locator(f'[data-testid="board-card"][data-project="{project.project_id}"]')


def someone_renames(project, user, title):
    with tenant_context(project.organization_id, user):
        project_update(
            user=user,
            project_id=project.pk,
            expected_version=project.version,
            data={"title": title},
        )


def work_done(project):
    ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage=project.current_stage
    ).update(status=ProgressStatus.SKIPPED, completed_at=timezone.now())


def test_an_advance_shows_on_the_other_persons_board_and_project_page(
    page, second_page, tenant, password
):
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT, name="Mai Manager")
    planner = UserFactory(organization=tenant, role=Role.MANAGEMENT, name="Phuc Planner")
    project = engineers_project(tenant, manager)
    first_stage = project.current_stage
    work_done(project)
    sign_in(second_page, planner, password)
    second_page.goto("/projects/board/")
    expect(card_in(second_page, project, first_stage)).to_be_visible()
    project_page = second_page.context.new_page()
    project_page.goto(f"/projects/{project.pk}/")
    expect(project_page.get_by_test_id("project-stage")).to_contain_text(first_stage.name)

    sign_in(page, manager, password)
    page.goto(f"/projects/{project.pk}/")
    page.get_by_test_id("advance-stage").click()
    expect(page.get_by_test_id("action-message")).to_be_visible()
    project.refresh_from_db()
    assert project.current_stage != first_stage

    expect(card_in(second_page, project, project.current_stage)).to_be_visible(
        timeout=WITHIN_ONE_POLL
    )
    expect(card_in(second_page, project, first_stage)).to_have_count(0)
    expect(project_page.get_by_test_id("project-stage")).to_contain_text(
        project.current_stage.name, timeout=WITHIN_ONE_POLL
    )


def test_a_message_shows_in_the_other_persons_thread(page, tenant, password):
    engineer = UserFactory(organization=tenant, role=Role.ENGINEERING, name="Eli Engineer")
    colleague = UserFactory(organization=tenant, role=Role.SALES, name="Sam Sales")
    project = engineers_project(tenant, engineer)
    sign_in(page, engineer, password)
    page.goto(f"/projects/{project.pk}/")
    expect(page.get_by_test_id("project-thread")).to_be_visible()

    with tenant_context(tenant, colleague):
        message_post_to_project(
            sender=colleague, project=project, content="The customer sent Rev C of the drawing."
        )

    expect(page.get_by_test_id("project-messages")).to_contain_text(
        "The customer sent Rev C of the drawing.", timeout=WITHIN_ONE_POLL
    )


def test_a_refused_drag_puts_the_card_back_with_the_engines_message(page, tenant, password):
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT, name="Mai Manager")
    project = engineers_project(tenant, manager)  # its stage's work is still open
    sign_in(page, manager, password)
    page.goto("/projects/board/")
    first_stage = project.current_stage
    card = card_in(page, project, first_stage)
    expect(card).to_be_visible()
    # Draggable only where the stage table offers a move: open work makes the engine refuse it.
    work_done(project)
    page.reload()
    ProjectSubStageProgress.objects.filter(project=project, workflow_stage=first_stage).update(
        status=ProgressStatus.PENDING, completed_at=None
    )  # reopened meanwhile
    next_column = page.locator('[data-testid="board-column"]').nth(1)

    card_in(page, project, first_stage).drag_to(next_column)

    message = page.get_by_test_id("board-message")
    expect(message).to_be_visible()
    expect(message).to_contain_text("still has required work open")
    expect(card_in(page, project, first_stage)).to_be_visible()
    expect(next_column.locator(f'[data-project="{project.project_id}"]')).to_have_count(0)


def test_an_open_edit_form_is_told_that_someone_else_saved_the_project(page, tenant, password):
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT, name="Mai Manager")
    project = engineers_project(tenant, manager)
    sign_in(page, manager, password)
    page.goto(f"/projects/{project.pk}/edit/")
    notice = page.get_by_test_id("live-notice")
    expect(notice).to_be_hidden()

    someone_renames(project, manager, "Brake caliper fixture rev B")

    expect(notice).to_be_visible(timeout=WITHIN_ONE_POLL)
    expect(notice).to_contain_text("Someone else changed this project")


def show_as(page, state):
    """What the browser does when the tab is hidden or shown again: visibilityState and the
    visibilitychange event (headless Chromium keeps every page visible)."""
    page.evaluate(
        """state => {
            const visibility = {configurable: true, get: () => state};
            Object.defineProperty(document, "visibilityState", visibility);
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        state,
    )


def is_live_poll(request):
    return "x-live-poll" in request.headers


def test_a_hidden_page_does_not_poll_and_catches_up_when_shown(page, tenant, password):
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT, name="Mai Manager")
    project = engineers_project(tenant, manager)
    sign_in(page, manager, password)
    page.goto("/projects/board/")
    card = card_in(page, project, project.current_stage)
    expect(card).to_contain_text("Brake caliper fixture")
    polls = []
    page.on("request", lambda request: polls.append(request.url) if is_live_poll(request) else None)
    with page.expect_request(is_live_poll, timeout=WITHIN_ONE_POLL):
        pass  # visible: it asks

    show_as(page, "hidden")
    asked = len(polls)
    someone_renames(project, manager, "Brake caliper fixture rev B")
    page.wait_for_timeout(3 * POLL_SECONDS * 1000)

    assert len(polls) == asked, "a hidden page kept polling"
    expect(card).not_to_contain_text("rev B")
    with page.expect_request(is_live_poll, timeout=1000):
        show_as(page, "visible")  # at once, not at the next tick
    expect(card).to_contain_text("Brake caliper fixture rev B", timeout=WITHIN_ONE_POLL)


def test_completing_a_sub_stage_shows_it_done_before_the_server_answers(page, tenant, password):
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT, name="Mai Manager")
    project = engineers_project(tenant, manager)
    ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage=project.current_stage
    ).update(status=ProgressStatus.IN_PROGRESS, started_at=timezone.now())
    sign_in(page, manager, password)
    page.goto(f"/projects/{project.pk}/")
    completable = (
        page.get_by_test_id("stage-current")
        .locator("[data-sub-stage]")
        .filter(has=page.locator("form[data-optimistic-step]"))
        .first
    )
    name = completable.get_attribute("data-sub-stage")
    step = page.locator(f'[data-testid="stage-current"] [data-sub-stage="{name}"]')
    held = []
    page.route("**/steps/*/complete/", lambda route: held.append(route))  # held: not sent yet

    step.get_by_test_id("action-complete").click()

    expect(step).to_have_attribute("data-status", "completed")
    expect(step).to_contain_text("Completed")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    progress = ProjectSubStageProgress.objects.get(project=project, sub_stage__name=name)
    assert progress.status == ProgressStatus.IN_PROGRESS  # shown done while the request is held
    with page.expect_response(lambda response: "/complete/" in response.url) as answer:
        held[0].continue_()
    assert answer.value.status == 200
    page.get_by_test_id("action-message").wait_for()
    expect(step).to_have_attribute("data-status", "completed")
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.COMPLETED
