"""The projects board: kanban columns by stage with capped cards."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone

from apps.projects import rules
from apps.projects.filters import ProjectFilter
from apps.projects.models import CLOSED_PROJECT, Project
from apps.projects.rules import StageAction
from apps.projects.selectors.listing import DONE_PROGRESS, OPEN_PROGRESS
from apps.workflow.models import WorkflowDefinitionStage, WorkflowDefinitionSubStage, WorkflowStage

BOARD_CARDS_PER_COLUMN = 20
# Most urgent first, then the longest in the stage: the order of `projects_board_column_idx`.
BOARD_CARD_ORDER = ("-priority_rank", "stage_entered_at", "pk")


@dataclass
class BoardColumn:
    stage: WorkflowStage
    total: int
    # Each card a dict (`_cards`): the template reads dict keys faster than model attributes,
    # and a full board has 160 cards.
    cards: list[dict] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.total - len(self.cards), 0)


@dataclass(frozen=True)
class _Plan:
    """What judging "advance" needs of one workflow definition, read once per board."""

    stage_ids: tuple  # its stages in the plan's order (`workflow.selectors.definition_plan`)
    roles: dict  # stage id -> who is responsible for it in this definition
    required: dict  # sub-stage id -> name, for its required sub-stages


def project_board(user, *, filterset: ProjectFilter) -> list[BoardColumn]:
    """Kanban columns, one per active stage of the tenant, of running projects (filtered like the
    list): every column's count, and its first BOARD_CARDS_PER_COLUMN cards, most urgent first
    (then the longest in the stage).

    Four queries whatever the number of projects or workflows. The first reads the stages, each
    with its count and the ids of its cards: a correlated `ARRAY(SELECT … LIMIT n)` per stage,
    which PostgreSQL runs as a LATERAL loop over the stages, each an ordered range scan of
    `projects_board_column_idx` that stops after n rows, instead of ranking every running project
    of the tenant. The second loads the chosen cards with their figures in one pass over their
    progress rows (`_cards`); the last two read the plans of the cards' workflows (`_plans`)."""
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
    cards = _cards(user, chosen) if chosen else {}
    plans = _plans({card["workflow_definition_id"] for card in cards.values()})
    columns, judged = [], {}
    for stage in stages:
        column = BoardColumn(stage=stage, total=stage.total)
        for card_id in stage.card_ids:
            card = cards.get(card_id)
            if card is not None:
                plan = plans[card["workflow_definition_id"]]
                card["can_advance"] = _may_advance(user, card, stage, plan, judged)
                column.cards.append(card)
        columns.append(column)
    return columns


def _cards(user, chosen: list) -> dict:
    """The chosen cards by id, each a dict of what it shows (code, title, customer, priority,
    progress done / total, the next due time of its current stage, whether any open work is
    overdue) and what judging "advance" needs (status, stage, workflow, the open sub-stages of its
    current stage).

    The figures come from one join to the cards' progress rows, grouped by card: one pass over
    about 30 rows a card, instead of a correlated subquery per figure and card (four passes)."""
    # Counted by a column of `pssp_board_figures_idx`, like every figure: an index-only scan.
    progress = "sub_stage_progress__project_id"
    open_work = Q(sub_stage_progress__status__in=OPEN_PROGRESS)
    here = Q(sub_stage_progress__workflow_stage_id=F("current_stage_id"))
    rows = (
        Project.objects.filter(organization_id=user.organization_id, pk__in=chosen)
        .order_by()
        .values(
            "pk",
            "project_id",
            "title",
            "priority_level",
            "status",
            "current_stage_id",
            "workflow_definition_id",
        )
        .annotate(
            # An aggregate of its one value, not a grouping column: the rows then group by the
            # card's id alone, in the order the id index gives them, without a sort. Compared
            # bytewise ("C"): with the language's collation this MIN was a large share of it.
            customer_name=Min(Collate("customer_organization__name", "C")),
            done_count=Count(progress, filter=Q(sub_stage_progress__status__in=DONE_PROGRESS)),
            total_count=Count(progress),
            due_at=Min("sub_stage_progress__due_at", filter=open_work & here),
            overdue_count=Count(
                progress, filter=open_work & Q(sub_stage_progress__due_at__lt=timezone.now())
            ),
            open_here=ArrayAgg(
                "sub_stage_progress__sub_stage_id", filter=open_work & here, default=Value([])
            ),
        )
    )
    return {row["pk"]: row for row in rows}


def _plans(definition_ids: set) -> dict:
    """The plan (`_Plan`) of each workflow definition the cards run on: two queries for all."""
    if not definition_ids:
        return {}
    stages: dict = {key: [] for key in definition_ids}
    roles: dict = {key: {} for key in definition_ids}
    required: dict = {key: {} for key in definition_ids}
    plan_rows = (
        WorkflowDefinitionStage.objects.filter(workflow_definition_id__in=definition_ids)
        .annotate(
            effective_order=Coalesce("stage_order", F("workflow_stage__stage_order")),
            roles=Coalesce("responsible_roles", F("workflow_stage__responsible_roles")),
        )
        .order_by("workflow_definition_id", "effective_order", "workflow_stage__name")
        .values_list("workflow_definition_id", "workflow_stage_id", "roles")
    )
    for definition_id, stage_id, stage_roles in plan_rows:
        stages[definition_id].append(stage_id)
        roles[definition_id][stage_id] = tuple(stage_roles or ())
    required_rows = (
        WorkflowDefinitionSubStage.objects.filter(
            workflow_definition_id__in=definition_ids, sub_stage__is_required=True
        )
        .order_by("sub_stage_order")
        .values_list("workflow_definition_id", "sub_stage_id", "sub_stage__name")
    )
    for definition_id, sub_stage_id, name in required_rows:
        required[definition_id][sub_stage_id] = name
    return {key: _Plan(tuple(stages[key]), roles[key], required[key]) for key in definition_ids}


def _may_advance(user, card: dict, stage: WorkflowStage, plan: _Plan, judged: dict) -> bool:
    """Whether the stage table offers `user` "advance" on the card, as the project page decides
    its button (`rules.stage_actions`), with the facts `services.stages`
    uses: the card's position in its own workflow's plan, who is responsible for its stage there,
    its required sub-stages still open. The table is a pure function of what the key holds, so
    cards that stand alike are judged once (`judged`, for one board)."""
    open_here = card["open_here"]
    open_required = tuple(sorted(plan.required[key] for key in open_here if key in plan.required))
    key = (card["status"], card["workflow_definition_id"], stage.pk, open_required)
    if key not in judged:
        judged[key] = stage.pk in plan.stage_ids and _offers_advance(
            user, card["status"], stage, plan, open_required
        )
    return judged[key]


def _offers_advance(user, status: str, stage: WorkflowStage, plan: _Plan, open_required) -> bool:
    project = _project_in(status)
    position = rules.stage_position(project, plan.stage_ids.index(stage.pk), len(plan.stage_ids))
    return StageAction.ADVANCE in rules.stage_actions(
        user,
        project,
        position,
        stage_name=stage.name,
        responsible_roles=plan.roles.get(stage.pk, ()),
        open_required=open_required,
    )


@functools.cache
def _project_in(status: str) -> Project:
    """A project standing for the card in the rules, which read only its status: built once per
    status (a model instance costs more to build than the rest of judging a card)."""
    return Project(status=status)
