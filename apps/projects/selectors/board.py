"""The projects board: kanban columns by stage with capped cards."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from apps.projects import rules
from apps.projects.filters import ProjectFilter
from apps.projects.models import CLOSED_PROJECT, ProgressStatus, Project, ProjectSubStageProgress
from apps.projects.rules import StageAction
from apps.workflow.models import WorkflowStage
from apps.workflow.selectors import definition_plan

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
    (a window function numbers the cards within each stage)."""
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
    cards = (
        running.filter(pk__in=chosen)
        # The list's rows do not load the definition; the "Advance" offer needs it.
        .annotate(definition_id=F("workflow_definition_id"))
        .order_by("current_stage", "-priority_rank", "stage_entered_at", "pk")
    )
    columns = {
        stage.pk: BoardColumn(stage=stage, total=totals.get(stage.pk, 0)) for stage in stages
    }
    shown = []
    for project in cards:
        column = columns.get(project.current_stage_id)
        if column is not None:
            column.cards.append(project)
            shown.append(project)
    _offer_advance(user, shown)
    return list(columns.values())


def _offer_advance(user, cards: list[Project]) -> None:
    """Set `card.can_advance`: whether the stage table (`rules.stage_actions`) lets `user` advance
    the card's project now, as the project page decides its "Advance" button. Two queries per
    workflow definition among the cards (one, mostly) and one for their open work."""
    plans = {
        definition_id: definition_plan(definition_id)
        for definition_id in {card.definition_id for card in cards}
    }
    open_work: dict = {}
    for project_id, sub_stage_id in (
        ProjectSubStageProgress.objects.filter(project__in=[card.pk for card in cards])
        .exclude(status__in=(ProgressStatus.COMPLETED, ProgressStatus.SKIPPED))
        .values_list("project_id", "sub_stage_id")
    ):
        open_work.setdefault(project_id, set()).add(sub_stage_id)
    for card in cards:
        plan = plans[card.definition_id]
        index = next(
            (i for i, stage in enumerate(plan) if stage.stage_id == card.current_stage_id), None
        )
        if index is None:
            card.can_advance = False
            continue
        stage = plan[index]
        open_required = [
            planned.name
            for planned in stage.sub_stages
            if planned.is_required and planned.sub_stage_id in open_work.get(card.pk, ())
        ]
        card.can_advance = StageAction.ADVANCE in rules.stage_actions(
            user,
            card,
            rules.stage_position(card, index, len(plan)),
            stage_name=stage.name,
            responsible_roles=stage.responsible_roles,
            open_required=open_required,
        )
