"""Projects with the progress, stage moves and audit trail of their story (approvals: see
`build_approvals`)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import pairwise

from django.db import connection

from apps.activity.models import ActivityAction, EntityType
from apps.approvals.models import Approval
from apps.demo.sample_data.build_approvals import build_step_approval
from apps.demo.sample_data.build_people import Directory
from apps.demo.sample_data.history import History
from apps.demo.sample_data.specs import ProjectSpec, TenantSpec
from apps.demo.sample_data.timeline import Step, Timeline, project_timeline
from apps.demo.sample_data.validation import clean_story_row
from apps.organizations.calendar import tenant_date
from apps.projects.models import ProgressStatus, Project, ProjectStatus, ProjectSubStageProgress
from apps.projects.services import project_create
from apps.users.models import User
from apps.workflow.models import WorkflowSubStage
from apps.workflow.selectors import PlannedSubStage, definition_plan, workflow_definition_default

# The columns the story sets on each progress row (in the order of `_save_progress`'s VALUES).
PROGRESS_COLUMNS = (
    "status",
    "assigned_to_id",
    "started_at",
    "due_at",
    "completed_at",
    "blocked_reason",
    "notes",
)


@dataclass
class BuiltProject:
    spec: ProjectSpec
    project: Project
    timeline: Timeline
    approvals: dict[str, Approval] = field(default_factory=dict)  # by sub-stage slug

    @property
    def active_step(self) -> Step:
        return self.timeline.step(self.spec.at or "")


def build_projects(
    spec: TenantSpec,
    directory: Directory,
    *,
    rng: random.Random,
    now: datetime.datetime,
    history: History,
) -> dict[str, BuiltProject]:
    """Every project of `spec`, created in the order of its story so codes count up in time."""
    tenant = directory.tenant
    definition = workflow_definition_default(tenant.pk)
    plan = definition_plan(definition)
    slugs = dict(WorkflowSubStage.objects.filter(organization=tenant).values_list("id", "slug"))
    stories = [
        (
            project_spec,
            project_timeline(plan=plan, slugs=slugs, spec=project_spec, rng=rng, now=now),
        )
        for project_spec in spec.projects
    ]
    built: dict[str, BuiltProject] = {}
    for project_spec, timeline in sorted(stories, key=lambda story: story[1].created_at):
        project = _create_project(project_spec, timeline, directory, definition=definition)
        item = BuiltProject(spec=project_spec, project=project, timeline=timeline)
        team = {role: rng.choice(people) for role, people in sorted(directory.by_role().items())}
        rows = _record_progress(item, team, rng=rng)
        _finish_project(item, rng=rng)
        _record_history(item, rows, history)
        for step in timeline.steps:
            if step.approval:
                item.approvals[step.slug] = build_step_approval(
                    project, rows[step.slug], step, project_spec=project_spec, tenant_spec=spec,
                    directory=directory, rng=rng, now=now, history=history,
                )  # fmt: skip
        built[project_spec.key] = item
    return built


def _create_project(
    spec: ProjectSpec, timeline: Timeline, directory: Directory, *, definition
) -> Project:
    owner = directory.users[spec.owner]
    planned_hours = sum(step.sub.estimated_duration_hours for step in timeline.steps)
    requested = timeline.created_at + datetime.timedelta(
        hours=spec.pace * planned_hours * 1.1, days=7
    )
    return project_create(
        user=owner,
        title=spec.title,
        customer_organization=directory.companies[spec.customer],
        project_type=spec.project_type,
        intake_type=spec.intake_type,
        intake_source=spec.intake_source,
        priority_level=spec.priority,
        description=spec.description,
        point_of_contact=directory.contacts[spec.customer][spec.contact],
        workflow_definition=definition,
        requested_delivery_date=tenant_date(owner.organization_id, requested),
        estimated_value=Decimal(spec.value),
        assigned_to=owner,
        tags=list(spec.tags),
        notes=spec.notes,
        now=timeline.created_at,
    )


def _assignee(sub: PlannedSubStage, team: dict[str, User], rng: random.Random) -> User | None:
    """Someone whose role the workflow names as responsible for the sub-stage."""
    roles = [role for role in sub.responsible_roles if role in team]
    if not roles:
        return None
    return team[roles[0] if len(roles) == 1 else rng.choice(roles)]


def _record_progress(
    item: BuiltProject, team: dict[str, User], *, rng: random.Random
) -> dict[str, ProjectSubStageProgress]:
    """Write each step's status and times; work is assigned once its stage has been reached."""
    timeline, spec = item.timeline, item.spec
    by_sub_stage = {row.sub_stage_id: row for row in item.project.sub_stage_progress.all()}
    reached = set(timeline.stage_entered)
    rows: dict[str, ProjectSubStageProgress] = {}
    for step in timeline.steps:
        row = by_sub_stage[step.sub.sub_stage_id]
        row.status = step.status
        row.started_at = step.started_at
        row.completed_at = step.completed_at
        row.due_at = step.due_at
        if step.stage.stage_id in reached:
            row.assigned_to = _assignee(step.sub, team, rng)
        if step.status == ProgressStatus.BLOCKED:
            row.blocked_reason = spec.blocked_reason
        if step.approval == "rejected":
            row.notes = f"Returned at review: {spec.rejected_reason}"
        elif step.status == ProgressStatus.SKIPPED:
            row.notes = "Not needed for this order."
        rows[step.slug] = row
    _save_progress(list(rows.values()))
    return rows


def _save_progress(rows: list[ProjectSubStageProgress]) -> None:
    """One UPDATE ... FROM (VALUES ...) for a project's rows: `bulk_update` builds a CASE per
    field and row, and took most of the load time."""
    columns = ", ".join(f"{name} = v.{name}" for name in PROGRESS_COLUMNS)
    row_sql = "(%s::uuid, %s, %s::uuid, %s::timestamptz, %s::timestamptz, %s::timestamptz, %s, %s)"
    params = []
    for row in rows:
        params += [row.pk, *(getattr(row, name) for name in PROGRESS_COLUMNS)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE project_sub_stage_progress AS row SET {columns} "
            f"FROM (VALUES {', '.join([row_sql] * len(rows))}) "
            f"AS v(id, {', '.join(PROGRESS_COLUMNS)}) WHERE row.id = v.id",
            params,
        )


def _finish_project(item: BuiltProject, *, rng: random.Random) -> None:
    """Put the project where its story left it: stage, status, dates and creation time."""
    project, timeline, spec = item.project, item.timeline, item.spec
    stage = timeline.current_stage
    project.current_stage_id = stage.stage_id
    project.stage_entered_at = timeline.stage_entered[stage.stage_id]
    project.status = ProjectStatus.COMPLETED if timeline.delivered_at else stage.project_status
    if timeline.step("send_quote").is_done and project.requested_delivery_date:
        slip = datetime.timedelta(days=rng.choice([-3, 0, 0, 5, 10]))
        project.promised_delivery_date = project.requested_delivery_date + slip
    # Dates are the factory's (apps.core.calendar), as the services make them.
    if timeline.delivered_at:
        delivered_on = tenant_date(project.organization_id, timeline.delivered_at)
        project.estimated_delivery_date = project.actual_delivery_date = delivered_on
        project.actual_value = Decimal(spec.value * rng.uniform(0.97, 1.06)).quantize(
            Decimal("0.01")
        )
    else:
        project.estimated_delivery_date = tenant_date(project.organization_id, timeline.planned_end)
    project.created_at = timeline.created_at
    clean_story_row(project, exclude=["search_vector"])
    project.save(
        update_fields=[
            "current_stage",
            "stage_entered_at",
            "status",
            "promised_delivery_date",
            "estimated_delivery_date",
            "actual_delivery_date",
            "actual_value",
            "created_at",
            "updated_at",
        ]
    )


def _record_history(
    item: BuiltProject, rows: dict[str, ProjectSubStageProgress], history: History
) -> None:
    """Sub-stage completions, skips, starts and blocks, stage moves and the delivery."""
    project, timeline = item.project, item.timeline
    owner = project.assigned_to
    for step in timeline.steps:
        row = rows[step.slug]
        log = partial(
            history.add,
            user=row.assigned_to or owner,
            entity_type=EntityType.SUB_STAGE_PROGRESS,
            entity_id=row.pk,
            project=project,
        )
        name = step.sub.name
        if step.status == ProgressStatus.SKIPPED:
            log(at=step.completed_at, action=ActivityAction.SUB_STAGE_SKIPPED,
                description=f"Skipped “{name}”")  # fmt: skip
        elif step.status == ProgressStatus.COMPLETED:
            log(at=step.completed_at, action=ActivityAction.SUB_STAGE_COMPLETED,
                description=f"Completed “{name}”", new_values={"status": step.status})  # fmt: skip
        elif step.started_at is not None:
            log(at=step.started_at, action=ActivityAction.SUB_STAGE_STARTED,
                description=f"Started “{name}”")  # fmt: skip
            if step.blocked_at is not None:
                log(at=step.blocked_at, action=ActivityAction.SUB_STAGE_BLOCKED,
                    description=f"Blocked “{name}”: {row.blocked_reason}",
                    new_values={"blocked_reason": row.blocked_reason})  # fmt: skip

    stages = [step.stage for step in timeline.steps]
    ordered = list(dict.fromkeys(stage.stage_id for stage in stages))
    by_id = {stage.stage_id: stage for stage in stages}
    entered = [stage_id for stage_id in ordered if stage_id in timeline.stage_entered]
    for before_id, after_id in pairwise(entered):
        before, after = by_id[before_id], by_id[after_id]
        history.add(
            at=timeline.stage_entered[after_id], user=owner, project=project,
            action=ActivityAction.STAGE_ADVANCED, entity_type=EntityType.PROJECT,
            entity_id=project.pk, description=f"Moved from {before.name} to {after.name}",
            old_values={"stage": before.name, "status": before.project_status},
            new_values={"stage": after.name, "status": after.project_status},
        )  # fmt: skip
    if timeline.delivered_at:
        history.add(
            at=timeline.delivered_at, user=owner, action=ActivityAction.STATUS_CHANGED,
            entity_type=EntityType.PROJECT, entity_id=project.pk, project=project,
            description=f"{project.project_id} delivered and accepted by the customer",
            old_values={"status": timeline.current_stage.project_status},
            new_values={"status": ProjectStatus.COMPLETED},
        )  # fmt: skip
