"""The audit events of messaging: one function per kind, each writing one `activity_log` entry.

Only messages in a project's thread reach the project's trail; direct messages stay between
their two people."""

from __future__ import annotations

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.activity.services import activity_record
from apps.messaging.models import Message

DESCRIPTION_MAX = 500


def project_message_sent_event(*, message: Message, excerpt: str) -> ActivityLog:
    """A message posted in a project's thread; `excerpt` stands in for a missing subject."""
    return activity_record(
        organization_id=message.organization_id,
        user=message.sender,
        action=ActivityAction.MESSAGE_SENT,
        entity_type=EntityType.MESSAGE,
        entity_id=message.pk,
        project=message.project,
        description=f"Message: {message.subject or excerpt}"[:DESCRIPTION_MAX],
    )
