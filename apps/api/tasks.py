"""Celery tasks of the api app: they take ids and call `webhooks`."""

from __future__ import annotations

from celery import shared_task

from apps.api import webhooks


@shared_task(acks_late=True, ignore_result=True)
def webhook_delivery_send(*, delivery_id: str, organization_id: str) -> str:
    """Attempt one webhook delivery; a failure schedules the next attempt itself (see
    `webhooks.webhook_delivery_attempt`), so this task never retries inside Celery."""
    return webhooks.webhook_delivery_attempt(
        organization_id=organization_id, delivery_id=delivery_id
    )
