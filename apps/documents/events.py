"""The audit events of documents: one function per kind, each writing one `activity_log` entry.

(Views and downloads go to `document_access_log` instead: `services/access_log.py`.)
"""

from __future__ import annotations

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.activity.services import activity_record
from apps.documents.models import Document

DESCRIPTION_MAX = 2000


def document_uploaded_event(*, user, document: Document) -> ActivityLog:
    return activity_record(
        organization_id=document.organization_id,
        user=user,
        action=ActivityAction.DOCUMENT_UPLOADED,
        entity_type=EntityType.DOCUMENT,
        entity_id=document.pk,
        project=document.project,
        description=f"Uploaded “{document.title}” ({document.file_name})",
        new_values={
            "title": document.title,
            "file_name": document.file_name,
            "category": document.category,
            "access_level": document.access_level,
            "checksum": document.checksum,
        },
    )


def document_version_added_event(
    *, user, document: Document, previous_version: int, previous_checksum: str, summary: str
) -> ActivityLog:
    """`document` already holds the new version's number and checksum."""
    number = document.current_version_number
    return activity_record(
        organization_id=document.organization_id,
        user=user,
        action=ActivityAction.DOCUMENT_VERSION_ADDED,
        entity_type=EntityType.DOCUMENT,
        entity_id=document.pk,
        project=document.project,
        description=f"Added version {number} of “{document.title}”: {summary}"[:DESCRIPTION_MAX],
        old_values={"version": previous_version, "checksum": previous_checksum},
        new_values={"version": number, "checksum": document.checksum},
    )


def document_deleted_event(*, user, document: Document, reason: str) -> ActivityLog:
    """A soft delete (the reason may be empty)."""
    description = f"Deleted “{document.title}”"
    return activity_record(
        organization_id=document.organization_id,
        user=user,
        action=ActivityAction.DOCUMENT_DELETED,
        entity_type=EntityType.DOCUMENT,
        entity_id=document.pk,
        project=document.project,
        description=f"{description}: {reason}" if reason else description,
        old_values={"is_deleted": False},
        new_values={"is_deleted": True, "reason": reason},
    )


def document_files_purged_event(*, user, document: Document, file_count: int) -> ActivityLog:
    """The stored files of a deleted document were removed (the rows stay)."""
    return activity_record(
        organization_id=document.organization_id,
        user=user,
        action=ActivityAction.DELETED,
        entity_type=EntityType.DOCUMENT_FILE,
        entity_id=document.pk,
        project=document.project,
        description=f"Removed the {file_count} stored file(s) of the deleted “{document.title}”",
        old_values={"files": file_count},
        new_values={"files": 0},
    )
