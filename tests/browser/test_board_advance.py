"""The board's "Advance" in a browser: offered on the card whose stage's work is done, and a move
the engine refuses (the page was loaded before work reopened) says which project it was."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.projects.models import ProgressStatus, ProjectSubStageProgress
from apps.users.models import Role
from tests.browser.helpers import engineers_project, sign_in
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_advance_on_the_board_names_the_project(page, tenant, password):
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT, name="Mai Manager")
    ready = engineers_project(tenant, manager)
    current_work = ProjectSubStageProgress.objects.filter(
        project=ready, workflow_stage=ready.current_stage
    )
    current_work.update(status=ProgressStatus.SKIPPED, completed_at=timezone.now())
    sign_in(page, manager, password)
    page.goto("/projects/board/")
    card = page.locator(f'[data-testid="board-card"][data-project="{ready.project_id}"]')
    advance = card.get_by_test_id("card-advance")
    expect(advance).to_be_visible()

    current_work.update(status=ProgressStatus.PENDING, completed_at=None)  # reopened meanwhile
    advance.click()

    message = page.get_by_test_id("board-message")
    expect(message).to_be_visible()
    expect(message).to_contain_text(f"{ready.project_id} “{ready.title}” was not moved:")
    expect(message).to_contain_text("still has required work open")
    expect(
        page.locator(
            f'[data-testid="board-card"][data-project="{ready.project_id}"]'
        ).get_by_test_id("card-advance")
    ).to_have_count(0)  # the board re-rendered: no longer offered
