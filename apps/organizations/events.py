"""The audit events of a tenant's external organizations (customers, suppliers, partners): one
function per kind, each writing one `activity_log` entry."""

from __future__ import annotations

from typing import Any

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.activity.services import activity_record
from apps.core.services import FieldChanges
from apps.organizations.models import Organization


def organization_created_event(
    *, user, organization: Organization, new_values: dict[str, Any]
) -> ActivityLog:
    kind = organization.get_organization_type_display().lower()
    return activity_record(
        organization_id=user.organization_id,
        user=user,
        action=ActivityAction.CREATED,
        entity_type=EntityType.ORGANIZATION,
        entity_id=organization.pk,
        description=f"Added {kind} {organization.name}",
        new_values=new_values,
    )


def organization_updated_event(
    *, user, organization: Organization, changes: FieldChanges
) -> ActivityLog:
    return activity_record(
        organization_id=user.organization_id,
        user=user,
        action=ActivityAction.UPDATED,
        entity_type=EntityType.ORGANIZATION,
        entity_id=organization.pk,
        description=f"Edited {', '.join(changes.fields)} of {organization.name}",
        old_values=changes.old_values,
        new_values=changes.new_values,
    )


def organization_deactivated_event(*, user, organization: Organization) -> ActivityLog:
    return _active_changed(user=user, organization=organization, is_active=False)


def organization_restored_event(*, user, organization: Organization) -> ActivityLog:
    return _active_changed(user=user, organization=organization, is_active=True)


def _active_changed(*, user, organization: Organization, is_active: bool) -> ActivityLog:
    return activity_record(
        organization_id=user.organization_id,
        user=user,
        action=ActivityAction.STATUS_CHANGED,
        entity_type=EntityType.ORGANIZATION,
        entity_id=organization.pk,
        description=f"{'Restored' if is_active else 'Deactivated'} {organization.name}",
        old_values={"is_active": not is_active},
        new_values={"is_active": is_active},
    )
