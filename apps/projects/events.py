"""The audit trail of projects and their workflow: one function per kind of event, each writing
one activity entry (`apps.activity`) in the words of the domain. Services call these, never
`activity_record`."""

from __future__ import annotations

from typing import Any

from apps.activity.models import ActivityAction, EntityType
from apps.activity.services import activity_record
from apps.projects.models import Project, ProjectSubStageProgress

# --- The project ---


def _project_event(
    project: Project,
    *,
    user,
    action: ActivityAction,
    description: str,
    old_values: dict[str, Any] | None = None,
    new_values: dict[str, Any] | None = None,
) -> None:
    activity_record(
        organization_id=project.organization_id,
        user=user,
        action=action,
        entity_type=EntityType.PROJECT,
        entity_id=project.pk,
        project=project,
        description=description,
        old_values=old_values,
        new_values=new_values,
    )


def project_created_event(project: Project, *, user, stage_name: str) -> None:
    _project_event(
        project,
        user=user,
        action=ActivityAction.CREATED,
        description=f"Created {project.project_id} “{project.title}”",
        new_values={"status": project.status, "stage": stage_name},
    )


def project_updated_event(
    project: Project, *, user, old_values: dict[str, Any], new_values: dict[str, Any]
) -> None:
    """Its own fields edited (`new_values` names them, in the order they were changed)."""
    _project_event(
        project,
        user=user,
        action=ActivityAction.UPDATED,
        description=f"Edited {', '.join(name.replace('_', ' ') for name in new_values)}",
        old_values=old_values,
        new_values=new_values,
    )


def project_cancelled_event(project: Project, *, user, old_status: str, reason: str) -> None:
    _project_event(
        project,
        user=user,
        action=ActivityAction.STATUS_CHANGED,
        description=f"Cancelled: {reason}",
        old_values={"status": old_status},
        new_values={"status": project.status, "reason": reason},
    )


def project_stage_advanced_event(
    project: Project, *, user, description: str, old_values: dict, new_values: dict
) -> None:
    """On to the next stage, or completed after the last (`description` says which)."""
    _project_event(
        project,
        user=user,
        action=ActivityAction.STAGE_ADVANCED,
        description=description,
        old_values=old_values,
        new_values=new_values,
    )


def project_stage_moved_back_event(
    project: Project, *, user, description: str, old_values: dict, new_values: dict
) -> None:
    _project_event(
        project,
        user=user,
        action=ActivityAction.STAGE_REVERTED,
        description=description,
        old_values=old_values,
        new_values=new_values,
    )


# --- A sub-stage's progress ---


def _sub_stage_event(
    progress: ProjectSubStageProgress,
    *,
    user,
    action: ActivityAction,
    old_status: str,
    description: str = "",
    **new_values: Any,
) -> None:
    """A change of status: from `old_status` to the row's status now (and `new_values`)."""
    activity_record(
        organization_id=progress.organization_id,
        user=user,
        action=action,
        entity_type=EntityType.SUB_STAGE_PROGRESS,
        entity_id=progress.pk,
        project=progress.project,
        description=description or f"{progress.sub_stage.name}: {action.label.lower()}",
        old_values={"status": old_status},
        new_values={"status": progress.status, **new_values},
    )


def sub_stage_started_event(progress: ProjectSubStageProgress, *, user, old_status: str) -> None:
    _sub_stage_event(
        progress, user=user, action=ActivityAction.SUB_STAGE_STARTED, old_status=old_status
    )


def sub_stage_submitted_event(progress: ProjectSubStageProgress, *, user, old_status: str) -> None:
    _sub_stage_event(
        progress, user=user, action=ActivityAction.SUB_STAGE_SUBMITTED, old_status=old_status
    )


def sub_stage_sent_for_approval_event(
    progress: ProjectSubStageProgress, *, user, old_status: str
) -> None:
    """Completed by its worker, and held in review while its approval is asked."""
    _sub_stage_event(
        progress,
        user=user,
        action=ActivityAction.SUB_STAGE_SUBMITTED,
        old_status=old_status,
        description="Sent for approval",
    )


def sub_stage_completed_event(progress: ProjectSubStageProgress, *, user, old_status: str) -> None:
    _sub_stage_event(
        progress, user=user, action=ActivityAction.SUB_STAGE_COMPLETED, old_status=old_status
    )


def sub_stage_reopened_event(
    progress: ProjectSubStageProgress, *, user, old_status: str, note: str
) -> None:
    """Back to work from review, because its approval was rejected or cancelled (`note`)."""
    _sub_stage_event(
        progress,
        user=user,
        action=ActivityAction.SUB_STAGE_REOPENED,
        old_status=old_status,
        description=note,
    )


def sub_stage_skipped_event(
    progress: ProjectSubStageProgress, *, user, old_status: str, reason: str
) -> None:
    _sub_stage_event(
        progress,
        user=user,
        action=ActivityAction.SUB_STAGE_SKIPPED,
        old_status=old_status,
        reason=reason,
    )


def sub_stage_blocked_event(
    progress: ProjectSubStageProgress, *, user, old_status: str, reason: str
) -> None:
    _sub_stage_event(
        progress,
        user=user,
        action=ActivityAction.SUB_STAGE_BLOCKED,
        old_status=old_status,
        reason=reason,
    )


def sub_stage_unblocked_event(progress: ProjectSubStageProgress, *, user, old_status: str) -> None:
    _sub_stage_event(
        progress, user=user, action=ActivityAction.SUB_STAGE_UNBLOCKED, old_status=old_status
    )


def sub_stage_reassigned_event(
    progress: ProjectSubStageProgress, *, user, sub_stage_name: str, old_assignee_id
) -> None:
    """Given to another person (the row's `assigned_to` now); the status does not change."""
    activity_record(
        organization_id=progress.organization_id,
        user=user,
        action=ActivityAction.SUB_STAGE_REASSIGNED,
        entity_type=EntityType.SUB_STAGE_PROGRESS,
        entity_id=progress.pk,
        project=progress.project,
        description=f"{sub_stage_name} assigned to {progress.assigned_to.name}",
        old_values={"assigned_to": str(old_assignee_id) if old_assignee_id else None},
        new_values={"assigned_to": str(progress.assigned_to_id)},
    )
