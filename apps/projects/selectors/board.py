"""The projects board: kanban columns by stage with capped cards."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Window
from django.db.models.functions import RowNumber

from apps.projects.filters import ProjectFilter
from apps.projects.models import CLOSED_PROJECT, Project
from apps.workflow.models import WorkflowStage

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
    cards = running.filter(pk__in=chosen).order_by(
        "current_stage", "-priority_rank", "stage_entered_at", "pk"
    )
    columns = {
        stage.pk: BoardColumn(stage=stage, total=totals.get(stage.pk, 0)) for stage in stages
    }
    for project in cards:
        column = columns.get(project.current_stage_id)
        if column is not None:
            column.cards.append(project)
    return list(columns.values())
