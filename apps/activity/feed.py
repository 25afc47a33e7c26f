"""The activity log feeds the change feed (apps/core/changefeed.py): every audited change of a
project, sub-stage, approval, document or message bumps the tenant's version and the project page
part that shows it, and the newest entry is the version's database-derived mark."""

from __future__ import annotations

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
        organization_id=entry.organization_id, project_id=entry.project_id, parts=[part]
    )


def activity_mark(organization_id, project_id) -> str:
    """The newest entry's time (µs) in the scope: one backward scan of an index."""
    entries = ActivityLog.objects.filter(organization_id=organization_id)
    if project_id is not None:
        entries = entries.filter(project_id=project_id)
    newest = entries.aggregate(newest=Max("created_at"))["newest"]
    return str(int(newest.timestamp() * 1_000_000)) if newest else "0"
