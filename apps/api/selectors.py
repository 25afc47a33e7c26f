"""Reads of the settings pages: the caller's tokens, the tenant's webhooks and their deliveries."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.api.models import ApiToken, WebhookDelivery, WebhookEndpoint
from apps.core.access import get_for_tenant_or_404

DELIVERY_LOG_SIZE = 50


def api_tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organization_id=user.organization_id, user=user)


def api_token_get_for_user(user, pk) -> ApiToken:
    """Access function: 404 unless the token is the user's own."""
    return get_for_tenant_or_404(api_tokens_of(user), user, pk)


def webhook_endpoints_of(user) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(organization_id=user.organization_id)


def webhook_endpoint_get_for_user(user, pk) -> WebhookEndpoint:
    """Access function: 404 unless the endpoint is the user's tenant's."""
    return get_for_tenant_or_404(WebhookEndpoint.objects.all(), user, pk)


def webhook_deliveries(endpoint: WebhookEndpoint) -> list[WebhookDelivery]:
    return list(
        WebhookDelivery.objects.filter(
            organization_id=endpoint.organization_id, endpoint=endpoint
        ).order_by("-created_at")[:DELIVERY_LOG_SIZE]
    )
