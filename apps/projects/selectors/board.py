"""The projects board: kanban columns by stage with capped cards."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, Count, F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from apps.projects import rules
from apps.projects.filters import ProjectFilter
from apps.projects.models import CLOSED_PROJECT, ProgressStatus, Project, ProjectSubStageProgress
from apps.projects.rules import StageAction
from apps.workflow.models import WorkflowDefinitionStage, WorkflowDefinitionSubStage, WorkflowStage

BOARD_CARDS_PER_COLUMN = 20
# Most urgent first, then the longest in the stage: the order of `projects_board_column_idx`.
BOARD_CARD_ORDER = ("-priority_rank", "stage_entered_at", "pk")


class _EqualsAny(Func):
    """`value = ANY(array)`: whether the array holds the value."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


@dataclass
class BoardColumn:
    stage: WorkflowStage
    total: int
    cards: list[Project] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.total - len(self.cards), 0)


def project_board(user, *, filterset: ProjectFilter) -> list[BoardColumn]:
    """Kanban columns, one per active stage of the tenant, of running projects (filtered like the
    list): every column's count, and its first BOARD_CARDS_PER_COLUMN cards, most urgent first
    (then the longest in the stage).

    Two queries whatever the number of projects. The first reads the stages, each with its count
    and the ids of its cards: a correlated `ARRAY(SELECT … LIMIT n)` per stage, which PostgreSQL
    runs as a LATERAL loop over the stages, each an ordered range scan of
    `projects_board_column_idx` that stops after n rows, instead of ranking every running project
    of the tenant. The second loads the chosen cards with their figures (progress, due, overdue)
    and what judging "advance" needs (`_with_advance_facts`): no query per card or per column."""
    running = filterset.results.exclude(status__in=CLOSED_PROJECT)
    in_column = running.filter(current_stage=OuterRef("pk")).order_by()
    stages = list(
        WorkflowStage.objects.filter(organization_id=user.organization_id, is_active=True)
        .annotate(
            total=Coalesce(
                Subquery(
                    in_column.values("current_stage").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            card_ids=ArraySubquery(
                in_column.order_by(*BOARD_CARD_ORDER).values("pk")[:BOARD_CARDS_PER_COLUMN]
            ),
        )
        .order_by("stage_order", "name")
    )
    chosen = [card_id for stage in stages for card_id in stage.card_ids]
    # The base queryset (the tenant's projects with the row figures), not the filtered one: the
    # ids are already chosen, so the search and filters need not run again.
    cards = {
        card.pk: card
        for card in _with_advance_facts(filterset.queryset.filter(pk__in=chosen)).order_by()
    }
    columns, judged = [], {}
    for stage in stages:
        column = BoardColumn(stage=stage, total=stage.total)
        for card_id in stage.card_ids:
            card = cards.get(card_id)
            if card is not None:
                card.can_advance = _may_advance(user, card, judged)
                column.cards.append(card)
        columns.append(column)
    return columns


def _with_advance_facts(cards):
    """The cards, each with what the stage table needs to judge "advance" (as the engine does in
    `services.stages`), computed inside the cards' own query: no query per card or per workflow.

    - `plan_stage_ids`: the stages of the card's workflow definition, in the plan's order
      (`workflow.selectors.definition_plan`), for the card's position;
    - `stage_responsible_roles`: who is responsible for its current stage in that definition;
    - `open_required_names`: the required sub-stages of its current stage not completed or
      skipped (`services.stages.open_required_work`)."""
    definition_stages = WorkflowDefinitionStage.objects.filter(
        workflow_definition=OuterRef("workflow_definition")
    )
    # Written as `= ANY(ARRAY(…))` rather than EXISTS: PostgreSQL turns an EXISTS into a join that
    # starts from the definition's 30 sub-stages and probes the progress of each (0.35 ms a card,
    # 56 ms for a full board); the array is read once per card and the few open progress rows of
    # the project are checked against it.
    definition_sub_stages = ArraySubquery(
        WorkflowDefinitionSubStage.objects.filter(
            workflow_definition=OuterRef(OuterRef("workflow_definition"))
        ).values("sub_stage_id")
    )
    open_required = (
        ProjectSubStageProgress.objects.filter(
            project=OuterRef("pk"),
            workflow_stage=OuterRef("current_stage"),
            sub_stage__is_required=True,
        )
        .filter(_EqualsAny(F("sub_stage_id"), definition_sub_stages))
        .exclude(status__in=(ProgressStatus.COMPLETED, ProgressStatus.SKIPPED))
        .order_by()
        .values("sub_stage__name")
    )
    return cards.annotate(
        plan_stage_ids=ArraySubquery(
            definition_stages.annotate(
                effective_order=Coalesce("stage_order", F("workflow_stage__stage_order"))
            )
            .order_by("effective_order", "workflow_stage__name")
            .values("workflow_stage_id")
        ),
        stage_responsible_roles=Subquery(
            definition_stages.filter(workflow_stage=OuterRef("current_stage"))
            .annotate(roles=Coalesce("responsible_roles", F("workflow_stage__responsible_roles")))
            .values("roles")[:1]
        ),
        open_required_names=ArraySubquery(open_required),
    )


def _may_advance(user, card: Project, judged: dict) -> bool:
    """Whether the stage table (`rules.stage_actions`) offers `user` "advance" on the card, as the
    project page decides its button. The table is a pure function of what the key holds (for a
    running project), so cards that stand alike are judged once (`judged`, for one board)."""
    if card.current_stage_id not in card.plan_stage_ids:
        return False  # the engine refuses a project whose stage left its workflow
    position = rules.stage_position(
        card, card.plan_stage_ids.index(card.current_stage_id), len(card.plan_stage_ids)
    )
    roles = tuple(card.stage_responsible_roles or ())
    open_required = tuple(card.open_required_names)
    key = (position, card.current_stage_id, roles, open_required)
    if key not in judged:
        judged[key] = StageAction.ADVANCE in rules.stage_actions(
            user,
            card,
            position,
            stage_name=card.current_stage.name,
            responsible_roles=roles,
            open_required=open_required,
        )
    return judged[key]
