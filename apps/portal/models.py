"""The customer portal's own table: the conversation between a customer and the factory about one
project. It is a thread of its own, not the project's internal messages (`apps.messaging`), so the
portal's database role can be given this table and no row of those."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantOwnedModel


class PortalMessage(TenantOwnedModel):
    """One message of a project's customer conversation, by a contact or by a staff member."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="portal_messages",
        verbose_name=_("project"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    from_customer = models.BooleanField(_("from the customer"), default=False)
    body = models.TextField(_("message"))

    class Meta:
        db_table = "portal_messages"
        ordering = ["created_at"]
        verbose_name = _("portal message")
        verbose_name_plural = _("portal messages")
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="portal_messages_body_not_empty"),
        ]
        indexes = [
            models.Index(
                fields=["organization", "project", "created_at"],
                name="portal_messages_project_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:50]
