"""The audit trail of the sample story, written with the times the events happened.

`apps.activity.services.activity_record` stamps entries with the present moment, which suits live
events; sample history needs its past times (ActivityLog.created_at is settable for imported
history), so entries are collected here and inserted in one statement at the end.
"""

from __future__ import annotations

import datetime
from typing import Any

from apps.activity.models import ActivityAction, ActivityLog, EntityType


class History:
    def __init__(self, organization_id) -> None:
        self.organization_id = organization_id
        self.entries: list[ActivityLog] = []

    def add(
        self,
        *,
        at: datetime.datetime,
        user,
        action: ActivityAction,
        entity_type: EntityType,
        entity_id=None,
        project=None,
        description: str = "",
        old_values: dict[str, Any] | None = None,
        new_values: dict[str, Any] | None = None,
    ) -> None:
        self.entries.append(
            ActivityLog(
                organization_id=self.organization_id,
                created_at=at,
                user=user,
                project=project,
                entity_type=entity_type,
                entity_id=entity_id,
                action=action,
                description=description,
                old_values=old_values,
                new_values=new_values,
            )
        )

    def save(self) -> int:
        self.entries.sort(key=lambda entry: entry.created_at)
        ActivityLog.objects.bulk_create(self.entries, batch_size=500)
        return len(self.entries)
