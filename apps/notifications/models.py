"""Notifications: what each person should look at, shown in the bell and sent by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel, choices_check


class NotificationType(models.TextChoices):
    WORKFLOW = "workflow", _("Workflow")
    APPROVAL = "approval", _("Approval")
    DOCUMENT = "document", _("Document")
    MESSAGE = "message", _("Message")
    SYSTEM = "system", _("System")


class NotificationPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


# Priorities worth an e-mail; the rest wait in the bell.
EMAILED_PRIORITIES = (NotificationPriority.HIGH, NotificationPriority.URGENT)


class Notification(TenantOwnedModel):
    """One notice for one user.

    `dedupe_key` (e.g. "overdue:<progress id>:<date>") lets scheduled jobs notify idempotently:
    a second insert with the same key for the same user is refused by the database.
    `action_url` is a path inside the app, never another site.
    High and urgent notices are also e-mailed: `emailed_at` records the delivery so that a retried
    task never sends twice, and `email_attempts` counts failed tries so the sweep gives up.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    type = models.CharField(max_length=20, choices=NotificationType.choices)
    title = models.CharField(max_length=255)
    message = models.TextField(blank=True, default="")
    priority = models.CharField(
        max_length=10, choices=NotificationPriority.choices, default=NotificationPriority.NORMAL
    )
    action_url = models.CharField(max_length=500, blank=True, default="")
    is_read = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # NULL, not "": notifications without a key must not collide in the unique constraint.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0, db_default=0)

    class Meta:
        db_table = "notifications"
        ordering = ["-created_at"]
        constraints = [
            choices_check("type", NotificationType, "notifications"),
            choices_check("priority", NotificationPriority, "notifications"),
            models.UniqueConstraint(
                fields=["organization", "user", "dedupe_key"],
                name="notifications_org_user_dedupe_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(is_read=False, read_at__isnull=True)
                | Q(is_read=True, read_at__isnull=False),
                name="notifications_read_has_read_at",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="notifications_expires_after_created",
            ),
            # A local path only: "/projects/..." but not "//evil.example" or "https://...".
            models.CheckConstraint(
                condition=Q(action_url="") | Q(action_url__regex=r"^/([^/\\]|$)"),
                name="notifications_action_url_is_local",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "is_read"], name="notifications_user_read_idx"),
            models.Index(
                fields=["organization", "user", "is_read", "created_at"],
                name="notifications_org_user_idx",
            ),
            # The e-mail sweep's access path: only the few rows still waiting for an e-mail.
            models.Index(
                fields=["organization", "created_at"],
                name="notifications_email_due_idx",
                condition=Q(emailed_at__isnull=True, priority__in=EMAILED_PRIORITIES),
            ),
            # The purge's access path.
            models.Index(
                fields=["organization", "expires_at"],
                name="notifications_org_expires_idx",
                condition=Q(expires_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title
