"""The audit events of workflow templates: one function per kind, each writing one `activity_log`
entry."""

from __future__ import annotations

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.activity.services import activity_record
from apps.workflow.models import WorkflowDefinition


def workflow_definition_version_created_event(
    *, user, definition: WorkflowDefinition, copied_from: WorkflowDefinition
) -> ActivityLog:
    """A new version of a definition, copied from an earlier one."""
    return activity_record(
        organization_id=definition.organization_id,
        user=user,
        action=ActivityAction.CREATED,
        entity_type=EntityType.WORKFLOW_DEFINITION,
        entity_id=definition.pk,
        description=f"Version {definition.version} of “{definition.name}” copied from "
        f"{copied_from.version}",
    )
