"""The audit events of documents write the entries they name."""

import pytest

from apps.activity.models import ActivityAction, EntityType
from apps.core.tenancy import tenant_context
from apps.documents.events import (
    document_deleted_event,
    document_files_purged_event,
    document_uploaded_event,
    document_version_added_event,
)
from tests.activity.helpers import entries_by
from tests.documents.factories import DRAWING_SHA256, DocumentFactory

pytestmark = pytest.mark.django_db


def test_each_event_writes_its_entry_about_the_document(tenant, admin_user):
    document = DocumentFactory(
        tenant=tenant, title="Bracket", file_name="bracket.pdf", current_version_number=2
    )
    about = {
        "organization_id": tenant.pk,
        "user_id": admin_user.pk,
        "project_id": document.project_id,
        "entity_type": EntityType.DOCUMENT,
        "entity_id": document.pk,
    }

    with tenant_context(tenant, admin_user):
        document_uploaded_event(user=admin_user, document=document)
        document_version_added_event(
            user=admin_user,
            document=document,
            previous_version=1,
            previous_checksum="0" * 64,
            summary="Hole moved",
        )
        document_deleted_event(user=admin_user, document=document, reason="Duplicate")
        document_files_purged_event(user=admin_user, document=document, file_count=2)

    assert entries_by(admin_user) == [
        {
            **about,
            "action": ActivityAction.DOCUMENT_UPLOADED,
            "description": "Uploaded “Bracket” (bracket.pdf)",
            "old_values": None,
            "new_values": {
                "title": "Bracket",
                "file_name": "bracket.pdf",
                "category": document.category,
                "access_level": document.access_level,
                "checksum": DRAWING_SHA256,
            },
        },
        {
            **about,
            "action": ActivityAction.DOCUMENT_VERSION_ADDED,
            "description": "Added version 2 of “Bracket”: Hole moved",
            "old_values": {"version": 1, "checksum": "0" * 64},
            "new_values": {"version": 2, "checksum": DRAWING_SHA256},
        },
        {
            **about,
            "action": ActivityAction.DOCUMENT_DELETED,
            "description": "Deleted “Bracket”: Duplicate",
            "old_values": {"is_deleted": False},
            "new_values": {"is_deleted": True, "reason": "Duplicate"},
        },
        {
            **about,
            "entity_type": EntityType.DOCUMENT_FILE,
            "action": ActivityAction.DELETED,
            "description": "Removed the 2 stored file(s) of the deleted “Bracket”",
            "old_values": {"files": 2},
            "new_values": {"files": 0},
        },
    ]
