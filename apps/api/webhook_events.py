"""Which audit entries are webhook events.

The lower apps record every domain event in `activity_log` through their `events.py`; they do not
know the api app exists. The api app listens to new entries (connected in `ApiConfig.ready()`) and,
once the transaction that recorded them commits, writes the deliveries for the tenant's endpoints
and queues them. Nothing happens inside the request's transaction: a change that rolls back sends
nothing, and a page pays no query for webhooks.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.api.models import WebhookEndpoint, WebhookEvent
from apps.api.webhooks import tenant_webhooks_changed, webhook_deliveries_queue

EVENT_OF_ENTRY = {
    (EntityType.PROJECT, ActivityAction.CREATED): WebhookEvent.PROJECT_CREATED,
    (EntityType.PROJECT, ActivityAction.STAGE_ADVANCED): WebhookEvent.STAGE_CHANGED,
    (EntityType.PROJECT, ActivityAction.STAGE_REVERTED): WebhookEvent.STAGE_CHANGED,
    (EntityType.SUB_STAGE_PROGRESS, ActivityAction.SUB_STAGE_BLOCKED): (
        WebhookEvent.SUB_STAGE_BLOCKED
    ),
    (EntityType.APPROVAL, ActivityAction.APPROVAL_REQUESTED): WebhookEvent.APPROVAL_REQUESTED,
    (EntityType.APPROVAL, ActivityAction.APPROVAL_APPROVED): WebhookEvent.APPROVAL_DECIDED,
    (EntityType.APPROVAL, ActivityAction.APPROVAL_REJECTED): WebhookEvent.APPROVAL_DECIDED,
    (EntityType.DOCUMENT, ActivityAction.DOCUMENT_UPLOADED): WebhookEvent.DOCUMENT_UPLOADED,
    (EntityType.DOCUMENT, ActivityAction.DOCUMENT_VERSION_ADDED): WebhookEvent.DOCUMENT_UPLOADED,
}


def webhook_event_of(entry: ActivityLog) -> str | None:
    return EVENT_OF_ENTRY.get((entry.entity_type, entry.action))


def entry_payload(entry: ActivityLog) -> dict:
    """What a receiver gets: the entity, the project it belongs to, who did it and what changed."""
    return {
        "entity_type": entry.entity_type,
        "entity_id": str(entry.entity_id) if entry.entity_id else None,
        "project_id": str(entry.project_id) if entry.project_id else None,
        "action": entry.action,
        "description": entry.description,
        "actor_id": str(entry.user_id) if entry.user_id else None,
        "old_values": entry.old_values,
        "new_values": entry.new_values,
        "occurred_at": entry.created_at.isoformat() if entry.created_at else None,
    }


def _on_activity(sender, instance: ActivityLog, created: bool, **kwargs) -> None:
    if not created:
        return
    event = webhook_event_of(instance)
    if event is None:
        return
    organization_id, data = instance.organization_id, entry_payload(instance)
    transaction.on_commit(
        lambda: webhook_deliveries_queue(organization_id=organization_id, event=event, data=data)
    )


def _on_endpoint_change(sender, instance: WebhookEndpoint, **kwargs) -> None:
    tenant_webhooks_changed(instance.organization_id)


def connect() -> None:
    post_save.connect(_on_activity, sender=ActivityLog, dispatch_uid="api-webhook-events")
    # The cached "does this tenant have webhooks" answer is forgotten on any change of an
    # endpoint, whichever code made it (services, admin, tests' factories).
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(
            _on_endpoint_change, sender=WebhookEndpoint, dispatch_uid=f"api-webhooks-{name}"
        )
