"""The projects board: a column per stage with capped cards, and moving a card through the
engine's rules.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.projects.models import ProjectSubStageProgress
from apps.users.models import Role
from tests.projects.helpers import HTMX, login, make_projects

pytestmark = pytest.mark.django_db(transaction=True)

# + stages, counts per stage, capped cards
BOARD_QUERIES = 11


def test_board_has_a_column_per_stage_with_counts_and_capped_cards(
    client, sales, project, monkeypatch, django_assert_max_num_queries
):
    from apps.projects.selectors import board

    monkeypatch.setattr(board, "BOARD_CARDS_PER_COLUMN", 3)
    make_projects(sales, project.customer_organization, 4)
    login(client, sales)

    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(reverse("projects:board"))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="board-column"') == 8
    assert body.count('data-testid="board-card"') == 3
    assert ">5</span>" in body  # the first column's count
    assert 'data-testid="column-more"' in body


def test_board_card_advance_goes_through_the_engine_rules(client, team, project):
    management = team[Role.MANAGEMENT]
    login(client, management)
    url = reverse("projects:board_move", kwargs={"pk": project.pk})

    refused = client.post(url, **HTMX)

    assert refused.status_code == 422
    assert "still has required work open" in refused["HX-Trigger"]
    project.refresh_from_db()
    assert project.current_stage.slug == "inquiry_received"


def test_board_drop_on_a_column_other_than_the_next_is_refused(client, team, project):
    management = team[Role.MANAGEMENT]
    ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage=project.current_stage
    ).update(status="skipped", completed_at=timezone.now())
    stages = [
        row.workflow_stage
        for row in project.workflow_definition.definition_stages.select_related(
            "workflow_stage"
        ).order_by("workflow_stage__stage_order")
    ]
    login(client, management)
    url = reverse("projects:board_move", kwargs={"pk": project.pk})

    skipping = client.post(url, {"stage": stages[3].pk}, **HTMX)
    moving = client.post(url, {"stage": stages[1].pk}, **HTMX)

    assert skipping.status_code == 422
    assert "can only move on to" in skipping["HX-Trigger"]
    assert moving.status_code == 200
    project.refresh_from_db()
    assert project.current_stage_id == stages[1].pk
