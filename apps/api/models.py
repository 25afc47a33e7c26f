"""Personal access tokens and webhook endpoints for integrators (the JSON API of /api/v1/)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel, choices_check


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(TenantOwnedModel):
    """A personal access token: it acts as its user, with that user's permissions.

    Only a SHA-256 digest of the secret is stored (the secret has 256 random bits, so a plain
    digest is as strong as a slow hash and can be looked up by index); `prefix` is the first
    characters, shown in the list so a person can tell their tokens apart. A read token may only
    read; a revoked or expired token is refused before the request reaches a view.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "api_tokens"
        ordering = ["-created_at"]
        constraints = [choices_check("scope", TokenScope, "api_tokens")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class WebhookEvent(models.TextChoices):
    PROJECT_CREATED = "project.created", _("Project created")
    STAGE_CHANGED = "project.stage_changed", _("Stage changed")
    SUB_STAGE_BLOCKED = "sub_stage.blocked", _("Sub-stage blocked")
    APPROVAL_REQUESTED = "approval.requested", _("Approval requested")
    APPROVAL_DECIDED = "approval.decided", _("Approval decided")
    DOCUMENT_UPLOADED = "document.uploaded", _("Document uploaded")
    PING = "ping", _("Test delivery")


class WebhookEndpoint(TenantOwnedModel):
    """Where a tenant wants to hear about events: an HTTPS URL, the events and a signing secret.

    The secret signs every delivery (HMAC-SHA256 over "<timestamp>.<body>"), so the receiver can
    tell a real delivery from a forged or replayed one.
    """

    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True, default="")
    events = ArrayField(models.CharField(max_length=40), default=list)
    secret = models.CharField(max_length=64)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        db_table = "api_webhook_endpoints"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(TenantOwnedModel):
    """One event sent (or being sent) to one endpoint: the delivery log."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "api_webhook_deliveries"
        ordering = ["-created_at"]
        constraints = [choices_check("status", DeliveryStatus, "api_webhook_deliveries")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id}"
