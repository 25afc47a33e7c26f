"""Webhooks: tenant admins register endpoints; events are delivered signed, after commit, retried.

Every delivery is a row of `WebhookDelivery` (the delivery log). The Celery task
`webhook_delivery_send` takes its id and calls `webhook_delivery_attempt`, which posts the event
outside any transaction and then records the outcome; a failed attempt schedules the next one with
exponential backoff (base x 2^attempts, at most six hours apart) until a day after the event, when
the delivery is marked failed.

The receiver checks `X-FactoryPulse-Signature: t=<unix time>,v1=<hex>`, where the hex is
HMAC-SHA256 of "<unix time>.<body>" under the endpoint's secret; rejecting old timestamps stops
replays.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.api import events
from apps.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from apps.core.tenancy import tenant_context
from apps.users.permissions import has_permission

MANAGE_PERMISSION = "team.manage"
RETRY_WINDOW = datetime.timedelta(days=1)
MAX_BACKOFF_SECONDS = 6 * 3600
REQUEST_TIMEOUT_SECONDS = 10
LISTENERS_CACHE_SECONDS = 300
SUBSCRIBABLE = [event for event in WebhookEvent.values if event != WebhookEvent.PING]


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(
        secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def clean_webhook_url(url: str) -> str:
    """HTTPS only; plain HTTP is accepted for a loopback receiver when the deployment allows it
    (the test suite's local receiver)."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise ValidationError({"url": [_("Enter a valid URL.")]}) from None
    parts = urlsplit(url)
    loopback_http = settings.API_WEBHOOK_ALLOW_LOOPBACK_HTTP and _is_loopback(parts.hostname or "")
    if parts.scheme != "https" and not loopback_http:
        raise ValidationError({"url": [_("Webhook URLs must use HTTPS.")]})
    return url


def _require_manager(user) -> None:
    if not has_permission(user, MANAGE_PERMISSION):
        raise PermissionDenied(_("Only tenant administrators manage webhooks."))


@transaction.atomic
def webhook_endpoint_create(
    *, user, url: str, events_wanted: Iterable[str], description: str = ""
) -> WebhookEndpoint:
    _require_manager(user)
    url = clean_webhook_url(url)
    chosen = sorted(set(events_wanted or []))
    if not chosen or any(event not in SUBSCRIBABLE for event in chosen):
        raise ValidationError({"events": [_("Choose at least one of the listed events.")]})
    endpoint = WebhookEndpoint(
        organization_id=user.organization_id,
        url=url,
        description=(description or "").strip()[:200],
        events=chosen,
        secret=secrets.token_hex(32),
        created_by=user,
    )
    endpoint.full_clean()
    endpoint.save(force_insert=True)
    events.webhook_endpoint_created_event(endpoint, user=user)
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, user, endpoint: WebhookEndpoint) -> None:
    _require_manager(user)
    events.webhook_endpoint_deleted_event(endpoint, user=user)
    endpoint.delete()


DELIVERY_TASK = "apps.api.tasks.webhook_delivery_send"


def _queue(delivery: WebhookDelivery, countdown: float = 0) -> None:
    """Send the delivery's task after commit (by name: `tasks` imports this module)."""
    transaction.on_commit(
        lambda: current_app.send_task(
            DELIVERY_TASK,
            kwargs={
                "delivery_id": str(delivery.pk),
                "organization_id": str(delivery.organization_id),
            },
            countdown=countdown,
        )
    )


def _listeners_key(organization_id) -> str:
    return f"api:webhooks:listening:{organization_id}"


def tenant_has_webhooks(organization_id) -> bool:
    """Whether the tenant has any active endpoint, remembered in the cache so that the events of
    the many tenants without webhooks cost no query (forgotten whenever an endpoint changes)."""
    key = _listeners_key(organization_id)
    known = cache.get(key)
    if known is None:
        with tenant_context(organization_id):
            known = WebhookEndpoint.objects.filter(
                organization_id=organization_id, is_active=True
            ).exists()
        cache.set(key, known, timeout=LISTENERS_CACHE_SECONDS)
    return known


def tenant_webhooks_changed(organization_id) -> None:
    cache.delete(_listeners_key(organization_id))


def webhook_deliveries_queue(*, organization_id, event: str, data: dict) -> list[WebhookDelivery]:
    """One delivery per active endpoint of the tenant that listens to `event`, written in the
    tenant's context and sent by the worker once written. Called after the change that caused
    the event has committed (`webhook_events`)."""
    if not tenant_has_webhooks(organization_id):
        return []
    with tenant_context(organization_id):
        endpoints = WebhookEndpoint.objects.filter(
            organization_id=organization_id, is_active=True, events__contains=[event]
        )
        deliveries = []
        for endpoint in endpoints:
            delivery = WebhookDelivery.objects.create(
                organization_id=organization_id,
                endpoint=endpoint,
                event=event,
                payload=data,
            )
            _queue(delivery)
            deliveries.append(delivery)
    return deliveries


@transaction.atomic
def webhook_send_test(*, user, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """The "send test" button: a `ping` delivery through the same path as real events."""
    _require_manager(user)
    delivery = WebhookDelivery.objects.create(
        organization_id=endpoint.organization_id,
        endpoint=endpoint,
        event=WebhookEvent.PING,
        payload={"message": "Test delivery from Factory Pulse", "sent_by": str(user.pk)},
    )
    _queue(delivery)
    return delivery


def delivery_body(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "id": str(delivery.pk),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(envelope, sort_keys=True).encode()


def backoff_seconds(attempts: int) -> int:
    base = settings.API_WEBHOOK_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    # The URL was checked when the endpoint was saved (https, or http to loopback in tests).
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return None, str(getattr(error, "reason", error))[:500]


def webhook_delivery_attempt(*, organization_id, delivery_id, now=None) -> str:
    """Send one pending delivery once and record the outcome; returns its status.

    Idempotent: a delivery already delivered or given up is left alone. The HTTP call happens
    between two short transactions, never while one is open.
    """
    with tenant_context(organization_id):
        delivery = (
            WebhookDelivery.objects.select_related("endpoint")
            .filter(organization_id=organization_id, pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return delivery.status if delivery else "missing"
        body = delivery_body(delivery)
        url, secret = delivery.endpoint.url, delivery.endpoint.secret
    timestamp = int(time.time())
    status_code, error = _post(
        url,
        body,
        {
            "Content-Type": "application/json",
            "User-Agent": "FactoryPulse-Webhooks/1",
            "X-FactoryPulse-Event": delivery.event,
            "X-FactoryPulse-Delivery": str(delivery.pk),
            "X-FactoryPulse-Signature": signature_header(secret, body, timestamp),
        },
    )
    with tenant_context(organization_id):
        return _record_attempt(delivery.pk, organization_id, status_code, error, now)


def _record_attempt(delivery_pk, organization_id, status_code, error, now) -> str:
    now = now or timezone.now()
    delivery = (
        WebhookDelivery.objects.select_for_update()
        .filter(organization_id=organization_id, pk=delivery_pk)
        .first()
    )
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return delivery.status if delivery else "missing"
    delivery.attempts += 1
    delivery.response_status = status_code
    if status_code is not None and 200 <= status_code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.last_error = ""
        delivery.next_attempt_at = None
    else:
        delivery.last_error = error or f"HTTP {status_code}"
        next_at = now + datetime.timedelta(seconds=backoff_seconds(delivery.attempts))
        if next_at > delivery.created_at + RETRY_WINDOW:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = next_at
            _queue(delivery, countdown=(next_at - now).total_seconds())
    delivery.save(
        update_fields=[
            "attempts",
            "response_status",
            "status",
            "delivered_at",
            "last_error",
            "next_attempt_at",
            "updated_at",
        ]
    )
    return delivery.status
