"""A tenant's standard workflow as the loader needs it: ids as hex, flat list of steps."""

from __future__ import annotations

from dataclasses import dataclass

from apps.workflow.models import WorkflowSubStage
from apps.workflow.selectors import definition_plan, workflow_definition_default

# Calendar hours per estimated working hour: queues, shifts and weekends between the work. It
# puts the standard workflow's 464 estimated hours at about four months from inquiry to delivery.
CALENDAR_FACTOR = 6.0


@dataclass(frozen=True, slots=True)
class Step:
    index: int
    stage_index: int
    stage_id: str
    sub_stage_id: str
    slug: str
    name: str
    hours: float
    required: bool
    can_skip: bool
    approval: bool
    roles: tuple[str, ...]


@dataclass(frozen=True)
class StageInfo:
    stage_id: str
    name: str
    project_status: str
    first_step: int
    last_step: int


@dataclass(frozen=True)
class TenantWorkflow:
    definition_id: str
    stages: tuple[StageInfo, ...]
    steps: tuple[Step, ...]
    # Seconds from a project's start until each step is due when everything runs to plan.
    planned_end: tuple[float, ...]


def tenant_workflow(organization_id) -> TenantWorkflow:
    """Read the tenant's active definition (installed by tenant_create) into a flat plan."""
    definition = workflow_definition_default(organization_id)
    plan = definition_plan(definition)
    slugs = dict(
        WorkflowSubStage.objects.filter(organization_id=organization_id).values_list("id", "slug")
    )
    stages: list[StageInfo] = []
    steps: list[Step] = []
    for stage_index, stage in enumerate(plan):
        first = len(steps)
        for sub in stage.sub_stages:
            steps.append(
                Step(
                    index=len(steps),
                    stage_index=stage_index,
                    stage_id=stage.stage_id.hex,
                    sub_stage_id=sub.sub_stage_id.hex,
                    slug=slugs[sub.sub_stage_id],
                    name=sub.name,
                    hours=float(sub.estimated_duration_hours or 1),
                    required=sub.is_required,
                    can_skip=sub.can_skip,
                    approval=sub.requires_approval,
                    roles=sub.responsible_roles or stage.responsible_roles,
                )
            )
        stages.append(
            StageInfo(stage.stage_id.hex, stage.name, stage.project_status, first, len(steps) - 1)
        )
    planned_end = []
    elapsed = 0.0
    for step in steps:
        elapsed += step.hours * CALENDAR_FACTOR * 3600
        planned_end.append(elapsed)
    return TenantWorkflow(definition.pk.hex, tuple(stages), tuple(steps), tuple(planned_end))
