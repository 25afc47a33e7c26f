"""Recording the audit trail. Services do not call `activity_record` themselves: each app's
`events.py` has one small function per event kind (`contact_created_event`, ...) that calls it with
the event's `EntityType` and `ActivityAction`, so every entry says what happened in the words of
the domain (no signals)."""

from __future__ import annotations

from typing import Any

from apps.activity.feed import activity_changed
from apps.activity.models import ActivityAction, ActivityLog, EntityType


def activity_record(
    *,
    organization_id,
    user,
    action: ActivityAction,
    entity_type: EntityType,
    entity_id=None,
    project=None,
    description: str = "",
    old_values: dict[str, Any] | None = None,
    new_values: dict[str, Any] | None = None,
    request=None,
) -> ActivityLog:
    entry = ActivityLog(
        organization_id=organization_id,
        user=user if getattr(user, "is_authenticated", False) else None,
        project=project,
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        description=description,
        old_values=old_values,
        new_values=new_values,
    )
    if request is not None:
        entry.ip_address = request.META.get("REMOTE_ADDR") or None
        entry.user_agent = request.META.get("HTTP_USER_AGENT", "")[:1000]
    entry.save(force_insert=True)
    # Open pages follow the change once it commits.
    activity_changed(entry)
    return entry
