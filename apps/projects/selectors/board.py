"""The projects board: kanban columns by stage with capped cards."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Exists, F, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from apps.projects import rules
from apps.projects.filters import ProjectFilter
from apps.projects.models import CLOSED_PROJECT, ProgressStatus, Project, ProjectSubStageProgress
from apps.projects.rules import StageAction
from apps.workflow.models import WorkflowDefinitionStage, WorkflowDefinitionSubStage, WorkflowStage

BOARD_CARDS_PER_COLUMN = 20


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
    list): every column's count, and its first BOARD_CARDS_PER_COLUMN cards, most urgent first.

    Three queries whatever the number of projects: stages, counts per stage, and the capped cards
    (a window function numbers the cards within each stage). Each card also says whether `user`
    may advance it (`can_advance`), from what its own row brings (`_with_advance_facts`)."""
    stages = list(
        WorkflowStage.objects.filter(organization_id=user.organization_id, is_active=True).order_by(
            "stage_order", "name"
        )
    )
    running = filterset.results.exclude(status__in=CLOSED_PROJECT)
    totals = dict(
        running.order_by()
        .values_list("current_stage")
        .annotate(n=Count("pk"))
        .values_list("current_stage", "n")
    )
    # The cards of each column: most urgent first, then the longest in the stage. The ranking
    # uses plain columns only, so the per-card figures (progress, due, overdue) are computed for
    # the chosen cards alone, not for every running project of the tenant.
    chosen = (
        running.annotate(
            position=Window(
                RowNumber(),
                partition_by=["current_stage"],
                order_by=["-priority_rank", "stage_entered_at", "pk"],
            )
        )
        .filter(position__lte=BOARD_CARDS_PER_COLUMN)
        .values("pk")
    )
    cards = _with_advance_facts(running.filter(pk__in=chosen)).order_by(
        "current_stage", "-priority_rank", "stage_entered_at", "pk"
    )
    columns = {
        stage.pk: BoardColumn(stage=stage, total=totals.get(stage.pk, 0)) for stage in stages
    }
    for project in cards:
        column = columns.get(project.current_stage_id)
        if column is not None:
            project.can_advance = _may_advance(user, project)
            column.cards.append(project)
    return list(columns.values())


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
    in_definition = WorkflowDefinitionSubStage.objects.filter(
        workflow_definition=OuterRef(OuterRef("workflow_definition")),
        sub_stage=OuterRef("sub_stage"),
    )
    open_required = (
        ProjectSubStageProgress.objects.filter(
            project=OuterRef("pk"),
            workflow_stage=OuterRef("current_stage"),
            sub_stage__is_required=True,
        )
        .exclude(status__in=(ProgressStatus.COMPLETED, ProgressStatus.SKIPPED))
        .filter(Exists(in_definition))
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


def _may_advance(user, card: Project) -> bool:
    """Whether the stage table (`rules.stage_actions`) offers `user` "advance" on the card, as the
    project page decides its button."""
    if card.current_stage_id not in card.plan_stage_ids:
        return False  # the engine refuses a project whose stage left its workflow
    return StageAction.ADVANCE in rules.stage_actions(
        user,
        card,
        rules.stage_position(
            card, card.plan_stage_ids.index(card.current_stage_id), len(card.plan_stage_ids)
        ),
        stage_name=card.current_stage.name,
        responsible_roles=card.stage_responsible_roles or (),
        open_required=card.open_required_names,
    )
