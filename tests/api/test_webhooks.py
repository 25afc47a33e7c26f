"""Webhooks: HTTPS endpoints of tenant admins, deliveries queued from the audit trail after
commit, signed with HMAC-SHA256 and a timestamp, retried with exponential backoff for a day."""

import datetime
import hashlib
import hmac
import json

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from apps.api.webhooks import (
    backoff_seconds,
    clean_webhook_url,
    signature_header,
    webhook_delivery_attempt,
    webhook_endpoint_create,
)
from apps.core.tenancy import tenant_context
from apps.projects.services import project_create
from tests.api.conftest import bearer, issue_token
from tests.api.factories import WebhookDeliveryFactory, WebhookEndpointFactory
from tests.api.receiver import Receiver
from tests.workers import eventually

pytestmark = pytest.mark.django_db


def test_the_signature_is_hmac_sha256_of_timestamp_and_body():
    header = signature_header("s3cret", b'{"a":1}', 1_767_225_600)

    expected = hmac.new(b"s3cret", b'1767225600.{"a":1}', hashlib.sha256).hexdigest()
    assert header == f"t=1767225600,v1={expected}"


@pytest.mark.parametrize(
    "url, allowed",
    [
        ("https://erp.example.com/hook", True),
        ("http://erp.example.com/hook", False),
        ("http://127.0.0.1:8080/hook", False),
        ("ftp://erp.example.com/hook", False),
        ("not a url", False),
    ],
)
def test_webhook_urls_must_be_https(settings, url, allowed):
    settings.API_WEBHOOK_ALLOW_LOOPBACK_HTTP = False
    if allowed:
        assert clean_webhook_url(url) == url
    else:
        with pytest.raises(ValidationError):
            clean_webhook_url(url)


def test_plain_http_is_allowed_only_to_loopback_when_the_setting_is_on(settings):
    settings.API_WEBHOOK_ALLOW_LOOPBACK_HTTP = True

    assert clean_webhook_url("http://127.0.0.1:8080/hook")
    with pytest.raises(ValidationError):
        clean_webhook_url("http://10.0.0.5/hook")


def test_only_tenant_admins_register_webhooks(world):
    with tenant_context(world.tenant, world.sales), pytest.raises(PermissionDenied):
        webhook_endpoint_create(
            user=world.sales, url="https://erp.example.com/h", events_wanted=["project.created"]
        )


def test_a_new_project_queues_one_delivery_per_subscribed_endpoint_after_commit(
    world, django_capture_on_commit_callbacks
):
    listening = WebhookEndpointFactory(tenant=world.tenant, events=["project.created"])
    WebhookEndpointFactory(tenant=world.tenant, events=["approval.decided"])

    with (
        django_capture_on_commit_callbacks() as callbacks,
        tenant_context(world.tenant, world.admin),
    ):
        project = project_create(
            user=world.admin, title="Hook", customer_organization=world.customer
        )
    assert callbacks and not WebhookDelivery.objects.exists(), "nothing before the commit"
    for callback in callbacks:
        callback()

    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.endpoint == listening and delivery.event == WebhookEvent.PROJECT_CREATED
    assert delivery.payload["entity_id"] == str(project.pk)


def test_the_backoff_doubles_up_to_six_hours(settings):
    settings.API_WEBHOOK_RETRY_BASE_SECONDS = 30

    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff_seconds(20) == 6 * 3600


def test_a_delivery_failing_past_a_day_is_given_up(world, settings):
    settings.API_WEBHOOK_RETRY_BASE_SECONDS = 30
    receiver = Receiver(statuses=[503]).start()
    start = datetime.datetime(2026, 12, 6, 16, 59, tzinfo=datetime.UTC)  # 23:59 in UTC+7
    try:
        with time_machine.travel(start, tick=False):
            endpoint = WebhookEndpointFactory(tenant=world.tenant, url=receiver.url)
            delivery = WebhookDeliveryFactory(endpoint=endpoint, tenant=world.tenant)
            assert (
                webhook_delivery_attempt(organization_id=world.tenant.pk, delivery_id=delivery.pk)
                == DeliveryStatus.PENDING
            )
        with time_machine.travel(
            start + datetime.timedelta(hours=23, minutes=59, seconds=30), tick=False
        ):
            status = webhook_delivery_attempt(
                organization_id=world.tenant.pk, delivery_id=delivery.pk
            )
    finally:
        receiver.stop()

    delivery.refresh_from_db()
    assert status == DeliveryStatus.FAILED == delivery.status
    assert delivery.attempts == 2 and delivery.response_status == 503


def test_the_webhook_pages_are_for_admins_and_404_across_tenants(client, world, other_world):
    foreign = WebhookEndpointFactory(tenant=other_world.tenant)
    client.force_login(world.sales)
    assert client.get(reverse("api-webhooks")).status_code == 403

    client.force_login(world.admin)
    created = client.post(
        reverse("api-webhooks"),
        {"url": "https://erp.example.com/hook", "events": ["project.created"]},
    )
    refused = client.post(
        reverse("api-webhooks"), {"url": "http://erp.example.com/hook", "events": ["ping"]}
    )

    assert created.status_code == 302
    assert refused.status_code == 422
    detail = client.get(created["Location"])
    assert detail.status_code == 200 and b"Send test" in detail.content
    other = reverse("api-webhook-detail", kwargs={"pk": foreign.pk})
    assert client.get(other).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_signed_and_retries_after_a_receiver_error(
    client, world, celery_worker
):
    receiver = Receiver(statuses=[500, 200]).start()
    try:
        client.force_login(world.admin)
        client.post(reverse("api-webhooks"), {"url": receiver.url, "events": ["project.created"]})
        endpoint = WebhookEndpoint.objects.get()

        response = client.post(
            "/api/v1/projects/",
            {"title": "Webhook fixture", "customer_id": str(world.customer.pk)},
            content_type="application/json",
            **bearer(issue_token(world.admin, "write")),
        )
        assert response.status_code == 201
        delivery = eventually(
            lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).first(),
            "the worker delivered the event after one failed attempt",
        )
        client.post(reverse("api-webhook-test", kwargs={"pk": endpoint.pk}))
        ping = eventually(
            lambda: WebhookDelivery.objects.filter(
                event=WebhookEvent.PING, status=DeliveryStatus.DELIVERED
            ).first(),
            "the worker delivered the test ping",
        )
    finally:
        receiver.stop()

    assert delivery.attempts == 2 and delivery.response_status == 200
    assert ping.attempts == 1
    first, second, _ping = receiver.requests
    assert first.body == second.body
    assert second.headers["x-factorypulse-event"] == "project.created"
    timestamp, signature = (
        part.split("=", 1)[1] for part in second.headers["x-factorypulse-signature"].split(",")
    )
    expected = hmac.new(
        endpoint.secret.encode(), timestamp.encode() + b"." + second.body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(signature, expected)
    assert json.loads(second.body)["data"]["entity_id"] == response.json()["id"]
