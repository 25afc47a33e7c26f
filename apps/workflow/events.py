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


def workflow_definition_published_event(*, user, definition: WorkflowDefinition) -> ActivityLog:
    """A draft checked and frozen."""
    return activity_record(
        organization_id=definition.organization_id,
        user=user,
        action=ActivityAction.STATUS_CHANGED,
        entity_type=EntityType.WORKFLOW_DEFINITION,
        entity_id=definition.pk,
        description=f"“{definition}” published",
        old_values={"status": "draft"},
        new_values={"status": "published"},
    )


def workflow_definition_default_changed_event(
    *, user, definition: WorkflowDefinition, previous: WorkflowDefinition | None
) -> ActivityLog:
    """The workflow new projects follow switched to `definition`."""
    return activity_record(
        organization_id=definition.organization_id,
        user=user,
        action=ActivityAction.UPDATED,
        entity_type=EntityType.WORKFLOW_DEFINITION,
        entity_id=definition.pk,
        description=f"New projects now follow “{definition}”"
        + (f" instead of “{previous}”" if previous else ""),
        old_values={"default": str(previous.pk) if previous else None},
        new_values={"default": str(definition.pk)},
    )


def workflow_definition_draft_changed_event(
    *, user, definition: WorkflowDefinition, change: str, changes: dict | None = None
) -> ActivityLog:
    """A draft edited: a sub-stage's rules set, one moved, one added."""
    return activity_record(
        organization_id=definition.organization_id,
        user=user,
        action=ActivityAction.UPDATED,
        entity_type=EntityType.WORKFLOW_DEFINITION,
        entity_id=definition.pk,
        description=f"Draft “{definition}”: {change}",
        new_values=changes,
    )


def workflow_definition_imported_event(
    *, user, definition: WorkflowDefinition, source: str
) -> ActivityLog:
    """A definition brought in from a template file, as a draft."""
    return activity_record(
        organization_id=definition.organization_id,
        user=user,
        action=ActivityAction.CREATED,
        entity_type=EntityType.WORKFLOW_DEFINITION,
        entity_id=definition.pk,
        description=f"“{definition}” imported as a draft from {source}",
    )
