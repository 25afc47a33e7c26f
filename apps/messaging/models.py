"""Messages: project threads and direct messages between people of one factory."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel, choices_check


class MessagePriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Message(TenantOwnedModel):
    """A message to a person (`recipient`), to a project's thread (`project`), or both.

    `thread_id` groups a conversation (the id of its first message); `parent` is the message
    replied to. A database trigger fills a missing `thread_id` (the parent's thread, else the row's
    own id), so every row belongs to exactly one conversation whatever wrote it.
    `is_read`/`read_at` are the recipient's.
    """

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_messages"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_messages",
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    subject = models.CharField(max_length=255, blank=True, default="")
    content = models.TextField()
    priority = models.CharField(
        max_length=10, choices=MessagePriority.choices, default=MessagePriority.NORMAL
    )
    thread_id = models.UUIDField()
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    is_read = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "messages"
        ordering = ["created_at"]
        constraints = [
            choices_check("priority", MessagePriority, "messages"),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | Q(project__isnull=False),
                name="messages_has_recipient_or_project",
            ),
            models.CheckConstraint(condition=~Q(content=""), name="messages_content_not_empty"),
            models.CheckConstraint(
                condition=Q(is_read=False, read_at__isnull=True)
                | Q(is_read=True, read_at__isnull=False),
                name="messages_read_has_read_at",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="messages_not_own_parent"),
        ]
        indexes = [
            models.Index(
                fields=["organization", "project", "created_at"], name="messages_org_project_idx"
            ),
            models.Index(
                fields=["organization", "recipient", "is_read"], name="messages_org_recipient_idx"
            ),
            models.Index(
                fields=["organization", "thread_id", "created_at"], name="messages_org_thread_idx"
            ),
            models.Index(
                fields=["organization", "sender", "created_at"], name="messages_org_sender_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.subject or self.content[:50]
