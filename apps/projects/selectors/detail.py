"""The project page: the workflow as a stepper with what the user may do at each step, and its
activity (its approvals come from apps.approvals.selectors.approvals_for_project). What the user
may do is asked of the transitions tables (`apps.projects.rules`), the same the services refuse
by."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from apps.activity.models import ActivityLog
from apps.approvals.models import OPEN_STATUSES as OPEN_APPROVAL_STATUSES
from apps.approvals.models import Approval
from apps.projects import rules
from apps.projects.models import ProgressStatus, Project, ProjectStatus, ProjectSubStageProgress
from apps.projects.rules import StageAction
from apps.projects.selectors.listing import DONE_PROGRESS, OPEN_PROGRESS
from apps.workflow.selectors import PlannedStage, PlannedSubStage, definition_plan

ACTIVITY_LIMIT = 50


@dataclass
class SubStageStep:
    planned: PlannedSubStage
    progress: ProjectSubStageProgress | None
    actions: tuple[str, ...] = ()
    awaiting_approval: bool = False
    is_overdue: bool = False  # open and past its due time when the page was built

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else ProgressStatus.PENDING

    @property
    def status_label(self) -> str:
        """The status in the viewer's language. Not `get_status_display`, which builds a dict
        of every lazy label at each call: a tenth of the stepper's rendering for 30 steps."""
        return str(ProgressStatus(self.status).label)


def is_overdue(progress: ProjectSubStageProgress | None, now) -> bool:
    return bool(
        progress and progress.status in OPEN_PROGRESS and progress.due_at and progress.due_at < now
    )


@dataclass
class StageStep:
    planned: PlannedStage
    state: str  # "done", "current" or "upcoming"
    sub_stages: list[SubStageStep] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.sub_stages if step.status in DONE_PROGRESS)

    @property
    def open_required(self) -> list[str]:
        return [
            step.planned.name
            for step in self.sub_stages
            if step.planned.is_required and step.status not in DONE_PROGRESS
        ]


@dataclass
class ProjectWorkflow:
    stages: list[StageStep]
    can_advance: bool
    can_move_back: bool

    @property
    def done_count(self) -> int:
        return sum(stage.done_count for stage in self.stages)

    @property
    def total_count(self) -> int:
        return sum(len(stage.sub_stages) for stage in self.stages)

    @property
    def current(self) -> StageStep | None:
        return next((stage for stage in self.stages if stage.state == "current"), None)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total_count) if self.total_count else 0


def step_actions(user, step: SubStageStep) -> tuple[str, ...]:
    """The buttons a sub-stage of the running project's current stage offers this user: what the
    table allows (`rules.sub_stage_actions`). The services refuse by the same table."""
    if step.progress is None:
        return ()
    facts = rules.SubStageFacts(
        name=step.planned.name,
        can_skip=step.planned.can_skip,
        requires_approval=step.planned.requires_approval,
        awaiting_approval=lambda: step.awaiting_approval,
    )
    return tuple(
        rules.sub_stage_actions(user, step.progress.status, facts, step.planned.responsible_roles)
    )


def project_workflow(user, project: Project, approvals: list[Approval]) -> ProjectWorkflow:
    """The project's definition as a stepper: every stage with its sub-stages, their progress and
    the actions open to `user` (three queries: the plan's two and the progress rows)."""
    plan = definition_plan(project.workflow_definition)
    progress_by_sub_stage = {
        row.sub_stage_id: row
        for row in ProjectSubStageProgress.objects.filter(
            project=project, organization_id=project.organization_id
        ).select_related("assigned_to")
    }
    waiting = {
        approval.sub_stage_progress_id
        for approval in approvals
        if approval.status in OPEN_APPROVAL_STATUSES
    }
    current_index = next(
        (i for i, stage in enumerate(plan) if stage.stage_id == project.current_stage_id), -1
    )
    running = not project.is_closed
    now = timezone.now()
    stages = []
    for index, planned_stage in enumerate(plan):
        if project.status == ProjectStatus.COMPLETED or index < current_index:
            state = "done"
        elif index == current_index:
            state = "current"
        else:
            state = "upcoming"
        stage = StageStep(planned=planned_stage, state=state)
        for planned in planned_stage.sub_stages:
            progress = progress_by_sub_stage.get(planned.sub_stage_id)
            step = SubStageStep(
                planned=planned, progress=progress, is_overdue=is_overdue(progress, now)
            )
            step.awaiting_approval = progress is not None and progress.pk in waiting
            if running and state == "current":
                step.actions = step_actions(user, step)
            stage.sub_stages.append(step)
        stages.append(stage)

    current = stages[current_index] if running and current_index >= 0 else None
    offered: tuple[StageAction, ...] = ()
    if current is not None:
        offered = rules.stage_actions(
            user,
            project,
            rules.stage_position(project, current_index, len(plan)),
            stage_name=current.planned.name,
            responsible_roles=current.planned.responsible_roles,
            open_required=current.open_required,
        )
    return ProjectWorkflow(
        stages=stages,
        can_advance=StageAction.ADVANCE in offered,
        can_move_back=StageAction.MOVE_BACK in offered,
    )


def project_activity(project: Project, *, limit: int = ACTIVITY_LIMIT) -> list[ActivityLog]:
    """The newest entries, with only the name of who did each (the timeline shows nothing else
    of them; the old and new values stay unread)."""
    return list(
        ActivityLog.objects.filter(project=project, organization_id=project.organization_id)
        .select_related("user")
        .only(
            "id",
            "organization_id",
            "created_at",
            "project_id",
            "action",
            "description",
            "user__id",
            "user__organization_id",
            "user__name",
        )
        .order_by("-created_at")[:limit]
    )
