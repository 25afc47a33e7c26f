"""The activity log feeds the change feed (apps/core/changefeed.py): every audited change of a
project, sub-stage, approval, document or message bumps the tenant's version and the project page
part that shows it, and the newest entry is the version's database-derived mark."""

from __future__ import annotations

import datetime

from django.db.models import Max

from apps.activity.models import ActivityLog, EntityType
from apps.core import changefeed

# Which part of the project page shows an entity; other entity types do not move live pages.
PART_OF_ENTITY = {
    EntityType.PROJECT: changefeed.PART_MAIN,
    EntityType.SUB_STAGE_PROGRESS: changefeed.PART_MAIN,
    EntityType.APPROVAL: changefeed.PART_MAIN,
    EntityType.DOCUMENT: changefeed.PART_DOCUMENTS,
    EntityType.DOCUMENT_FILE: changefeed.PART_DOCUMENTS,
    EntityType.MESSAGE: changefeed.PART_MESSAGES,
}


def activity_changed(entry: ActivityLog) -> None:
    part = PART_OF_ENTITY.get(entry.entity_type)
    if part is None:
        return
    changefeed.changefeed_bump(
        organization_id=entry.organization_id,
        mark=_microseconds(entry.created_at),
        project_id=entry.project_id,
        parts=[part],
    )


def activity_mark(organization_id, project_id) -> int:
    """The newest followed entry's time (µs) in the scope: a backward scan of an index."""
    entries = ActivityLog.objects.filter(
        organization_id=organization_id, entity_type__in=list(PART_OF_ENTITY)
    )
    if project_id is not None:
        entries = entries.filter(project_id=project_id)
    newest = entries.aggregate(newest=Max("created_at"))["newest"]
    return _microseconds(newest) if newest else 0


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _microseconds(moment: datetime.datetime) -> int:
    return (moment - _EPOCH) // datetime.timedelta(microseconds=1)
