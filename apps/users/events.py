"""The audit events of the team: one function per kind, each writing one `activity_log` entry."""

from __future__ import annotations

from typing import Any

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.activity.services import activity_record
from apps.users.models import User


def user_role_or_status_changed_event(
    *, user, member: User, old_values: dict[str, Any], new_values: dict[str, Any]
) -> ActivityLog:
    """`member`'s role or status changed; the values hold only the fields that changed."""
    changes = "; ".join(f"{name} {old_values[name]} → {new_values[name]}" for name in new_values)
    return activity_record(
        organization_id=member.organization_id,
        user=user,
        action=ActivityAction.UPDATED,
        entity_type=EntityType.USER,
        entity_id=member.pk,
        description=f"{member}: {changes}",
        old_values=old_values,
        new_values=new_values,
    )
