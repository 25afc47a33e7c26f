"""The audit events of the api app: one function per kind, each writing one `activity_log` entry.

A token is a credential of its user, so its entries are about the user (`EntityType.USER`); a
webhook endpoint is tenant configuration recorded against the admin who changed it.
"""

from __future__ import annotations

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.activity.services import activity_record
from apps.api.models import ApiToken, WebhookEndpoint


def api_token_created_event(token: ApiToken, *, user) -> ActivityLog:
    return activity_record(
        organization_id=token.organization_id,
        user=user,
        action=ActivityAction.CREATED,
        entity_type=EntityType.USER,
        entity_id=user.pk,
        description=f"Created API token “{token.name}” ({token.scope})",
        new_values={
            "token": token.prefix,
            "scope": token.scope,
            "expires_at": str(token.expires_at),
        },
    )


def api_token_revoked_event(token: ApiToken, *, user) -> ActivityLog:
    return activity_record(
        organization_id=token.organization_id,
        user=user,
        action=ActivityAction.UPDATED,
        entity_type=EntityType.USER,
        entity_id=user.pk,
        description=f"Revoked API token “{token.name}”",
        new_values={"token": token.prefix, "revoked_at": str(token.revoked_at)},
    )


def webhook_endpoint_created_event(endpoint: WebhookEndpoint, *, user) -> ActivityLog:
    return activity_record(
        organization_id=endpoint.organization_id,
        user=user,
        action=ActivityAction.CREATED,
        entity_type=EntityType.USER,
        entity_id=user.pk,
        description=f"Registered webhook {endpoint.url}",
        new_values={"url": endpoint.url, "events": endpoint.events},
    )


def webhook_endpoint_deleted_event(endpoint: WebhookEndpoint, *, user) -> ActivityLog:
    return activity_record(
        organization_id=endpoint.organization_id,
        user=user,
        action=ActivityAction.DELETED,
        entity_type=EntityType.USER,
        entity_id=user.pk,
        description=f"Removed webhook {endpoint.url}",
        old_values={"url": endpoint.url, "events": endpoint.events},
    )
