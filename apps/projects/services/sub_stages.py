"""Sub-stage transitions: the rules of the workflow engine for one unit of work.

    pending ──start──▶ in_progress ──submit──▶ in_review
       │                   │  ▲                   │
       │                   │  └──reject (approval)┤
       │                   └──complete──▶ completed (or in_review + approval when required)
       └──skip (only where allowed)──▶ skipped
    pending / in_progress / in_review ──block(reason)──▶ blocked ──unblock──▶ in_progress/pending

Every transition locks the progress row (`SELECT ... FOR UPDATE`), re-checks the state it found,
bumps `version`, records activity and notifies; two people acting at once get one transition and
one clear refusal, never a lost update.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.activity.models import ActivityAction
from apps.activity.services import activity_record
from apps.approvals.models import OPEN_STATUSES as OPEN_APPROVAL_STATUSES
from apps.core.reasons import REASON_MAX, required_reason
from apps.notifications.services import notification_notify
from apps.projects.models import ProgressStatus, ProjectSubStageProgress
from apps.users.models import Role
from apps.users.permissions import has_permission
from apps.workflow.selectors import PlannedSubStage, definition_plan

OVERSEERS = (Role.MANAGEMENT, Role.ADMIN)
OPEN = (ProgressStatus.PENDING, ProgressStatus.IN_PROGRESS, ProgressStatus.IN_REVIEW)


def project_url(project) -> str:
    return reverse("projects:detail", kwargs={"pk": project.pk})


def progress_lock(*, user, progress_id) -> ProjectSubStageProgress:
    """The progress row, locked for this transaction, with its project, stage and sub-stage."""
    try:
        return (
            ProjectSubStageProgress.objects.select_for_update(of=("self",))
            .select_related("project", "sub_stage", "workflow_stage", "project__current_stage")
            .get(pk=progress_id, organization_id=user.organization_id)
        )
    except (ProjectSubStageProgress.DoesNotExist, ValueError, ValidationError):
        raise ValidationError("That sub-stage does not exist.") from None


def planned_sub_stage(progress: ProjectSubStageProgress) -> PlannedSubStage:
    for stage in definition_plan(progress.project.workflow_definition):
        for sub_stage in stage.sub_stages:
            if sub_stage.sub_stage_id == progress.sub_stage_id:
                return sub_stage
    raise ValidationError("This sub-stage is not part of the project's workflow any more.")


def may_work_on(user, responsible_roles) -> bool:
    """The engine's one rule for workflow work (a sub-stage, or advancing a stage): the roles the
    workflow names as responsible, plus management and admin, with `workflow.advance`. Pages ask
    it to decide which buttons to show; the services enforce it."""
    return has_permission(user, "workflow.advance") and (
        user.role in responsible_roles or user.role in OVERSEERS
    )


def authorize_sub_stage_action(user, planned: PlannedSubStage, verb: str) -> None:
    if not has_permission(user, "workflow.advance"):
        raise PermissionDenied("Your role cannot change workflow progress.")
    if not may_work_on(user, planned.responsible_roles):
        roles = ", ".join(planned.responsible_roles) or "management"
        raise PermissionDenied(f"Only {roles} (or management) may {verb} “{planned.name}”.")


def _check_state(progress, allowed: tuple[str, ...], verb: str) -> None:
    project = progress.project
    if project.is_closed:
        raise ValidationError(f"The project is {project.get_status_display().lower()}.")
    if progress.workflow_stage_id != project.current_stage_id:
        raise ValidationError(
            f"“{progress.sub_stage.name}” belongs to {progress.workflow_stage.name}, but the "
            f"project is in {project.current_stage.name}."
        )
    if progress.status not in allowed:
        raise ValidationError(
            f"Cannot {verb} “{progress.sub_stage.name}”: it is "
            f"{progress.get_status_display().lower()}."
        )


def _save(progress, fields: list[str]) -> None:
    progress.version += 1
    progress.full_clean(exclude=["project", "workflow_stage", "sub_stage", "assigned_to"])
    progress.save(update_fields=[*fields, "version", "updated_at"])


def _record(progress, user, action, old_status, description="", **extra_new) -> None:
    activity_record(
        organization_id=progress.organization_id,
        user=user,
        action=action,
        entity_type="project_sub_stage_progress",
        entity_id=progress.pk,
        project=progress.project,
        description=description or f"{progress.sub_stage.name}: {action.label.lower()}",
        old_values={"status": old_status},
        new_values={"status": progress.status, **extra_new},
    )


@transaction.atomic
def sub_stage_start(*, user, progress_id, now: datetime.datetime | None = None):
    progress = progress_lock(user=user, progress_id=progress_id)
    planned = planned_sub_stage(progress)
    authorize_sub_stage_action(user, planned, "start")
    _check_state(progress, (ProgressStatus.PENDING,), "start")
    old = progress.status
    progress.status = ProgressStatus.IN_PROGRESS
    progress.started_at = now or timezone.now()
    if progress.assigned_to_id is None:
        progress.assigned_to = user
    _save(progress, ["status", "started_at", "assigned_to"])
    _record(progress, user, ActivityAction.SUB_STAGE_STARTED, old)
    return progress


@transaction.atomic
def sub_stage_submit_for_review(*, user, progress_id):
    progress = progress_lock(user=user, progress_id=progress_id)
    planned = planned_sub_stage(progress)
    authorize_sub_stage_action(user, planned, "submit")
    _check_state(progress, (ProgressStatus.IN_PROGRESS,), "submit for review")
    old = progress.status
    progress.status = ProgressStatus.IN_REVIEW
    _save(progress, ["status"])
    _record(progress, user, ActivityAction.SUB_STAGE_SUBMITTED, old)
    return progress


@transaction.atomic
def sub_stage_complete(*, user, progress_id, notes: str = "", now=None):
    """Complete the sub-stage, or, where it needs an approval, request one and hold it in review.

    Completing the last required work of the stage advances the project when the sub-stage says
    `auto_advance`.
    """
    from apps.approvals.services import approval_request_for_sub_stage

    progress = progress_lock(user=user, progress_id=progress_id)
    planned = planned_sub_stage(progress)
    authorize_sub_stage_action(user, planned, "complete")
    _check_state(progress, (ProgressStatus.IN_PROGRESS, ProgressStatus.IN_REVIEW), "complete")
    now = now or timezone.now()
    old = progress.status
    if planned.requires_approval:
        if (
            progress.status == ProgressStatus.IN_REVIEW
            and progress.approvals.filter(status__in=OPEN_APPROVAL_STATUSES).exists()
        ):
            raise ValidationError(f"“{planned.name}” is already waiting for its approval.")
        progress.status = ProgressStatus.IN_REVIEW
        if notes:
            progress.notes = notes[:REASON_MAX]
        _save(progress, ["status", "notes"])
        approval_request_for_sub_stage(user=user, progress=progress, planned=planned, now=now)
        _record(progress, user, ActivityAction.SUB_STAGE_SUBMITTED, old, "Sent for approval")
        return progress
    return sub_stage_mark_completed(user=user, progress=progress, planned=planned, now=now,
                                    notes=notes, old_status=old)  # fmt: skip


def sub_stage_mark_completed(*, user, progress, planned, now, notes="", old_status=None):
    """Finish a locked progress row (also used when its approval is granted)."""
    from apps.projects.services.stages import project_advance_if_complete

    old = old_status or progress.status
    progress.status = ProgressStatus.COMPLETED
    progress.started_at = progress.started_at or now
    progress.completed_at = max(now, progress.started_at)
    if notes:
        progress.notes = notes[:REASON_MAX]
    _save(progress, ["status", "started_at", "completed_at", "notes"])
    _record(progress, user, ActivityAction.SUB_STAGE_COMPLETED, old)
    project = progress.project
    notification_notify(
        organization_id=progress.organization_id,
        recipients=[project.assigned_to],
        exclude=user,
        type="workflow",
        title=f"{project.project_id}: {planned.name} completed",
        action_url=project_url(project),
    )
    if planned.auto_advance:
        project_advance_if_complete(user=user, project_id=project.pk, now=now)
    return progress


def sub_stage_return_to_work(*, user, progress, note: str) -> None:
    """A sub-stage held in review goes back to work (its approval was rejected or withdrawn).
    Called by the approvals with the row already locked (`progress_lock`); anything not in review
    is left alone."""
    if progress.status != ProgressStatus.IN_REVIEW:
        return
    old = progress.status
    progress.status = ProgressStatus.IN_PROGRESS
    progress.notes = note[:REASON_MAX]
    _save(progress, ["status", "notes"])
    _record(progress, user, ActivityAction.SUB_STAGE_REOPENED, old, note)


@transaction.atomic
def sub_stage_skip(*, user, progress_id, reason: str = "", now=None):
    progress = progress_lock(user=user, progress_id=progress_id)
    planned = planned_sub_stage(progress)
    authorize_sub_stage_action(user, planned, "skip")
    if not planned.can_skip:
        raise ValidationError(f"“{planned.name}” cannot be skipped in this workflow.")
    _check_state(progress, (ProgressStatus.PENDING, ProgressStatus.IN_PROGRESS), "skip")
    old = progress.status
    progress.status = ProgressStatus.SKIPPED
    now = now or timezone.now()
    progress.completed_at = max(now, progress.started_at) if progress.started_at else now
    progress.notes = reason[:REASON_MAX] or progress.notes
    _save(progress, ["status", "completed_at", "notes"])
    _record(progress, user, ActivityAction.SUB_STAGE_SKIPPED, old, reason=reason)
    return progress


@transaction.atomic
def sub_stage_block(*, user, progress_id, reason: str):
    reason = required_reason(reason, ask="Say why it is blocked, so someone can unblock it.")
    progress = progress_lock(user=user, progress_id=progress_id)
    planned = planned_sub_stage(progress)
    authorize_sub_stage_action(user, planned, "block")
    _check_state(progress, OPEN, "block")
    old = progress.status
    progress.status = ProgressStatus.BLOCKED
    progress.blocked_reason = reason
    _save(progress, ["status", "blocked_reason"])
    _record(progress, user, ActivityAction.SUB_STAGE_BLOCKED, old, reason=reason)
    project = progress.project
    notification_notify(
        organization_id=progress.organization_id,
        recipients=[project.assigned_to, progress.assigned_to],
        exclude=user,
        type="workflow",
        priority="high",
        title=f"{project.project_id}: {planned.name} is blocked",
        message=reason,
        action_url=project_url(project),
    )
    return progress


@transaction.atomic
def sub_stage_unblock(*, user, progress_id):
    progress = progress_lock(user=user, progress_id=progress_id)
    planned = planned_sub_stage(progress)
    authorize_sub_stage_action(user, planned, "unblock")
    _check_state(progress, (ProgressStatus.BLOCKED,), "unblock")
    old = progress.status
    progress.status = ProgressStatus.IN_PROGRESS if progress.started_at else ProgressStatus.PENDING
    progress.blocked_reason = ""
    _save(progress, ["status", "blocked_reason"])
    _record(progress, user, ActivityAction.SUB_STAGE_UNBLOCKED, old)
    return progress


@transaction.atomic
def sub_stage_reassign(*, user, progress_id, assignee):
    progress = progress_lock(user=user, progress_id=progress_id)
    planned = planned_sub_stage(progress)
    authorize_sub_stage_action(user, planned, "reassign")
    _check_state(progress, (*OPEN, ProgressStatus.BLOCKED), "reassign")
    if assignee.organization_id != progress.organization_id or not assignee.is_active:
        raise ValidationError({"assignee": "Choose an active colleague of your factory."})
    old_assignee = progress.assigned_to_id
    progress.assigned_to = assignee
    _save(progress, ["assigned_to"])
    activity_record(
        organization_id=progress.organization_id,
        user=user,
        action=ActivityAction.SUB_STAGE_REASSIGNED,
        entity_type="project_sub_stage_progress",
        entity_id=progress.pk,
        project=progress.project,
        description=f"{planned.name} assigned to {assignee.name}",
        old_values={"assigned_to": str(old_assignee) if old_assignee else None},
        new_values={"assigned_to": str(assignee.pk)},
    )
    notification_notify(
        organization_id=progress.organization_id,
        recipients=[assignee],
        exclude=user,
        type="workflow",
        title=f"{progress.project.project_id}: {planned.name} is yours",
        action_url=project_url(progress.project),
    )
    return progress
