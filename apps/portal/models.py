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


class PortalInquiry(TenantOwnedModel):
    """A request for quote submitted from the portal. The portal role may write this row and no
    project: a task (as the app role) turns it into a project with `intake_source = portal`, the
    contact's company as customer and the contact as point of contact, and its files into
    documents shared with the customer. `files` holds what was checked and stored at submission
    (name, stored name, size, type, SHA-256)."""

    customer_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("customer"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    title = models.CharField(_("what do you need?"), max_length=255)
    description = models.TextField(_("details"), blank=True, default="")
    requested_delivery_date = models.DateField(_("wanted by"), null=True, blank=True)
    files = models.JSONField(default=list, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )

    class Meta:
        db_table = "portal_inquiries"
        ordering = ["-created_at"]
        verbose_name = _("portal inquiry")
        verbose_name_plural = _("portal inquiries")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="portal_inquiries_title_not_empty"),
        ]
        indexes = [
            models.Index(
                fields=["organization", "customer_organization", "created_at"],
                name="portal_inquiries_customer_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REJECT = "reject", _("Reject")


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("Being applied")
    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Refused")


class PortalDecision(TenantOwnedModel):
    """A contact's answer in a customer stage ("Customer Approval"): accept the quote, or reject it
    with a comment. The portal role may write this row (pending, for a project of the contact's
    company that is in a customer stage) and nothing of the workflow: a task (as the app role)
    applies it through the projects services and records the outcome here (`applied`, or
    `refused` with the engine's reason, shown to the contact)."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="portal_decisions",
        verbose_name=_("project"),
    )
    stage = models.ForeignKey(
        "workflow.WorkflowStage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stage"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    comment = models.TextField(_("comment"), blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    reason = models.TextField(_("reason"), blank=True, default="")

    class Meta:
        db_table = "portal_decisions"
        ordering = ["-created_at"]
        verbose_name = _("customer decision")
        verbose_name_plural = _("customer decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="reject") | ~Q(comment=""),
                name="portal_decisions_reject_has_comment",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "project", "created_at"],
                name="portal_decisions_project_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} ({self.status})"
