"""The projects board: a column per stage with capped cards, and moving a card through the
engine's rules.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import datetime
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.projects.models import ProjectSubStageProgress
from apps.users.models import Role
from apps.workflow.models import WorkflowDefinitionStage
from apps.workflow.selectors import workflow_definition_default
from apps.workflow.services import workflow_definition_new_version, workflow_definition_publish
from tests.projects.helpers import HTMX, login, make_projects

pytestmark = pytest.mark.django_db(transaction=True)

# + stages with their counts and card ids, the cards with their figures, the workflows' plans (2)
BOARD_QUERIES = 10


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


def board_columns(body: str) -> list[tuple[str, list[str]]]:
    """Each column's count and its cards' project codes, in the order shown."""
    columns = []
    for column in body.split('data-testid="board-column"')[1:]:
        count = re.search(r'data-testid="column-count">(\d+)<', column).group(1)
        columns.append((count, re.findall(r'data-project="([^"]+)"', column)))
    return columns


def test_board_columns_are_capped_each_and_ordered_most_urgent_then_longest_in_stage(
    client, sales, customer, monkeypatch
):
    """Every column keeps its own first cards (not the first cards of the whole board): urgency
    first, then the longest in the stage; a filter narrows the columns and their counts."""
    from apps.projects.selectors import board

    monkeypatch.setattr(board, "BOARD_CARDS_PER_COLUMN", 2)
    first = make_projects(sales, customer, 4)
    second = make_projects(sales, customer, 3)
    stages = list(
        first[0]
        .workflow_definition.definition_stages.order_by("workflow_stage__stage_order")
        .values_list("workflow_stage_id", flat=True)
    )
    now = timezone.now()

    def place(project, *, stage, priority, days_in_stage):
        type(project).objects.filter(pk=project.pk).update(
            current_stage_id=stage,
            priority_level=priority,
            stage_entered_at=now - timezone.timedelta(days=days_in_stage),
        )

    place(first[0], stage=stages[0], priority="low", days_in_stage=30)
    place(first[1], stage=stages[0], priority="urgent", days_in_stage=1)
    place(first[2], stage=stages[0], priority="normal", days_in_stage=9)
    place(first[3], stage=stages[0], priority="normal", days_in_stage=3)
    place(second[0], stage=stages[1], priority="high", days_in_stage=2)
    place(second[1], stage=stages[1], priority="high", days_in_stage=5)
    place(second[2], stage=stages[1], priority="low", days_in_stage=8)
    login(client, sales)

    columns = board_columns(client.get(reverse("projects:board")).content.decode())
    urgent = board_columns(
        client.get(reverse("projects:board"), {"priority_level": "urgent"}).content.decode()
    )

    assert columns[0] == ("4", [first[1].project_id, first[2].project_id])
    assert columns[1] == ("3", [second[1].project_id, second[0].project_id])
    assert all(column == ("0", []) for column in columns[2:])
    assert urgent[0] == ("1", [first[1].project_id])
    assert all(column == ("0", []) for column in urgent[1:])


def test_board_card_advance_goes_through_the_engine_rules(client, team, project):
    management = team[Role.MANAGEMENT]
    login(client, management)
    url = reverse("projects:board_move", kwargs={"pk": project.pk})

    refused = client.post(url, **HTMX)

    assert refused.status_code == 422
    assert "still has required work open" in refused["HX-Trigger"]
    # The board shows many projects: the refusal names this one, by code and title.
    message = json.loads(refused["HX-Trigger"])["fp-message"]["text"]
    assert message.startswith(f"{project.project_id} “Brake caliper fixture” was not moved: ")
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


def work_done(*projects) -> None:
    """Every sub-stage of the projects' current stage skipped: nothing required is open."""
    for project in projects:
        ProjectSubStageProgress.objects.filter(
            project=project, workflow_stage=project.current_stage
        ).update(status="skipped", completed_at=timezone.now())


def cards_offering_advance(body: str) -> set[str]:
    """The project codes of the board's cards that offer "Advance" and can be dragged."""
    offered = set()
    for card in body.split("<article")[1:]:
        code = re.search(r'data-project="([^"]+)"', card).group(1)
        has_button = 'data-testid="card-advance"' in card
        assert has_button == ('draggable="true"' in card)  # the button and the drag agree
        if has_button:
            offered.add(code)
    return offered


def test_board_offers_advance_only_where_the_stage_table_allows_it(client, team, project):
    url = reverse("projects:board")
    login(client, team[Role.MANAGEMENT])
    with_open_work = client.get(url).content.decode()
    work_done(project)

    done = client.get(url).content.decode()
    login(client, team[Role.PRODUCTION])  # not responsible for the inquiry stage
    not_responsible = client.get(url).content.decode()
    login(client, team[Role.AUDITOR])  # may not advance anything
    read_only = client.get(url).content.decode()

    assert cards_offering_advance(with_open_work) == set()
    assert cards_offering_advance(done) == {project.project_id}
    assert cards_offering_advance(not_responsible) == set()
    assert cards_offering_advance(read_only) == set()


def board_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("projects:board")).status_code == 200
    return len(queries)


def test_board_judges_each_cards_own_workflow_in_the_same_queries_however_many(
    client, team, tenant, sales, customer, admin_user
):
    """Cards on three versions of the workflow, one of which makes production responsible for
    the inquiry stage: each card is judged by its own version, and the board costs the same
    queries as with one card on one version (no query per card or per workflow)."""
    production = team[Role.PRODUCTION]
    with tenant_context(tenant, admin_user):
        first = workflow_definition_default(tenant.pk)
        second = workflow_definition_new_version(definition=first, user=admin_user)
    WorkflowDefinitionStage.objects.filter(
        workflow_definition=second, workflow_stage__slug="inquiry_received"
    ).update(responsible_roles=[Role.PRODUCTION])
    with tenant_context(tenant, admin_user):  # projects run on published versions only
        second = workflow_definition_publish(definition=second, user=admin_user)
        third = workflow_definition_new_version(definition=first, user=admin_user)
        third = workflow_definition_publish(definition=third, user=admin_user)
    (lone,) = make_projects(sales, customer, 1, workflow_definition=first)
    work_done(lone)
    login(client, production)
    small = board_queries(client)

    on_first = make_projects(sales, customer, 2, workflow_definition=first)
    on_second = make_projects(sales, customer, 2, workflow_definition=second)
    on_third = make_projects(sales, customer, 2, workflow_definition=third)
    work_done(*on_first, *on_second, on_third[0])
    large = board_queries(client)
    offered = cards_offering_advance(client.get(reverse("projects:board")).content.decode())

    assert offered == {project.project_id for project in on_second}
    assert small == large <= BOARD_QUERIES


def card_of(body: str, code: str) -> str:
    """The markup of the board's card for the project `code`."""
    return next(card for card in body.split("<article")[1:] if f'data-project="{code}"' in card)


@pytest.mark.parametrize(
    ("now", "due", "shown"),
    [
        # 18:30 UTC is 01:30 the next day in Ho Chi Minh City: the date is the viewer's.
        ("2027-03-01T18:30:00Z", "2027-03-03T17:30:00Z", "4 Mar 2027"),
        ("2027-03-01T23:30:00Z", "2027-03-04T17:01:00Z", "5 Mar 2027"),
    ],
)
def test_board_card_shows_its_progress_next_due_date_and_overdue_work(
    client, sales, customer, now, due, shown
):
    """A card's figures: the share of its sub-stages done (completed or skipped), the earliest due
    date of the open work of its current stage in the viewer's timezone, and the overdue mark when
    any open work of the project (of any stage) is past due. Its texts are escaped once."""
    sales.preferences = {"language": "en", "timezone": "Asia/Ho_Chi_Minh"}
    sales.save(update_fields=["preferences"])
    moment = datetime.datetime.fromisoformat(now)
    with time_machine.travel(moment, tick=False):
        (project,) = make_projects(sales, customer, 1)
        type(project).objects.filter(pk=project.pk).update(title='Caps & "lids" <b>')
        rows = ProjectSubStageProgress.objects.filter(project=project)
        here = rows.filter(workflow_stage=project.current_stage).order_by("sub_stage__name")
        first, second = list(here[:2])
        total = rows.count()
        rows.update(due_at=None)
        rows.filter(pk=first.pk).update(
            status="skipped", completed_at=moment, due_at=moment - datetime.timedelta(days=9)
        )
        rows.filter(pk=second.pk).update(due_at=datetime.datetime.fromisoformat(due))
        elsewhere = rows.exclude(workflow_stage=project.current_stage).first()
        login(client, sales)

        on_time = card_of(
            client.get(reverse("projects:board")).content.decode(), project.project_id
        )
        rows.filter(pk=elsewhere.pk).update(due_at=moment - datetime.timedelta(minutes=1))
        late = card_of(client.get(reverse("projects:board")).content.decode(), project.project_id)

    percent = round(1 / total * 100)
    assert f'value="{percent}"' in on_time and f'aria-label="{percent}% done"' in on_time
    assert f"> {shown}</span>" not in on_time and f">{shown}</span>" in on_time
    assert "border-danger" not in on_time and "bi-exclamation-triangle" not in on_time
    assert "border-danger" in late and f'<i class="bi bi-exclamation-triangle"></i> {shown}' in late
    assert 'title="Caps &amp; &quot;lids&quot; &lt;b&gt;"' in on_time
    assert ">Caps &amp; &quot;lids&quot; &lt;b&gt;</div>" in on_time
    assert f'href="/projects/{project.pk}/"' in on_time
