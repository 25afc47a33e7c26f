"""Approvals: requests for a decision on an entity, their history, and attached files."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.activity.models import AppendOnlyTenantModel
from apps.core.models import TenantOwnedModel, choices_check
from apps.users.roles import STAFF_ROLE_CHOICES, STAFF_ROLES

SHA256_HEX = r"^[0-9a-f]{64}$"


class ApprovalType(models.TextChoices):
    TECHNICAL_REVIEW = "technical_review", _("Technical review")
    QUOTE_APPROVAL = "quote_approval", _("Quote approval")
    PO_APPROVAL = "po_approval", _("PO approval")
    QUALITY_REVIEW = "quality_review", _("Quality review")
    SHIPMENT_RELEASE = "shipment_release", _("Shipment release")
    FINAL_SIGNOFF = "final_signoff", _("Final sign-off")
    ENGINEERING_CHANGE = "engineering_change", _("Engineering change")
    COST_APPROVAL = "cost_approval", _("Cost approval")
    SUB_STAGE_COMPLETION = "sub_stage_completion", _("Sub-stage completion")
    OTHER = "other", _("Other")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    DELEGATED = "delegated", _("Delegated")
    ESCALATED = "escalated", _("Escalated")


# Statuses in which an approval still waits for a decision.
OPEN_STATUSES = [
    ApprovalStatus.PENDING,
    ApprovalStatus.IN_REVIEW,
    ApprovalStatus.DELEGATED,
    ApprovalStatus.ESCALATED,
]
DECIDED_STATUSES = [ApprovalStatus.APPROVED, ApprovalStatus.REJECTED]


# Hours to answer an approval of each priority, unless the tenant set its own (ApprovalSlaPolicy).
SLA_HOURS_BY_PRIORITY = {"low": 72, "normal": 48, "high": 24, "urgent": 8, "critical": 4}
SLA_HOURS_MAX = 24 * 30


class ApprovalPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")
    CRITICAL = "critical", _("Critical")


class ApprovalEntityType(models.TextChoices):
    PROJECT = "project", _("Project")
    SUB_STAGE_PROGRESS = "sub_stage_progress", _("Sub-stage")
    DOCUMENT = "document", _("Document")


class ApprovalAction(models.TextChoices):
    REQUEST = "request", _("Requested")
    ASSIGN = "assign", _("Assigned")
    REASSIGN = "reassign", _("Reassigned")
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    COMMENT = "comment", _("Commented")
    ESCALATE = "escalate", _("Escalated")
    CANCEL = "cancel", _("Cancelled")
    DELEGATE = "delegate", _("Delegated")


class Approval(TenantOwnedModel):
    """One step of a decision on an entity (`entity_type` + `entity_id`).

    `project` and `sub_stage_progress` duplicate the reference where it applies, for fast
    per-project lists. The approver is a user, a role, or both. At most one approval per entity,
    type and step is open at a time, so a double submit cannot create two.

    A chain of several steps is one row per step: step 1 is requested; each later step is created
    when the one before it is approved, from `step_approvers` (the plan every step carries), and
    points at step 1 through `first_step`.
    """

    approval_type = models.CharField(max_length=30, choices=ApprovalType.choices)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    entity_type = models.CharField(max_length=30, choices=ApprovalEntityType.choices)
    entity_id = models.UUIDField()
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="approvals",
    )
    sub_stage_progress = models.ForeignKey(
        "projects.ProjectSubStageProgress",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="approvals",
    )
    step_number = models.PositiveSmallIntegerField(default=1)
    total_steps = models.PositiveSmallIntegerField(default=1)
    first_step = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_steps",
        help_text=_("Step 1 of the chain; empty on step 1 itself."),
    )
    step_approvers = models.JSONField(
        default=list,
        blank=True,
        help_text=_('The approver of every step, in order: {"user": id} or {"role": name}.'),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requested_approvals"
    )
    requested_at = models.DateTimeField(default=timezone.now, db_default=models.functions.Now())
    current_approver_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approvals_to_decide",
    )
    # NULL when a person is the approver ("" is not a role, and the approver CHECK needs NULL).
    current_approver_role = models.CharField(  # noqa: DJ001
        max_length=20, choices=STAFF_ROLE_CHOICES, null=True, blank=True
    )
    status = models.CharField(
        max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    priority = models.CharField(
        max_length=10, choices=ApprovalPriority.choices, default=ApprovalPriority.NORMAL
    )
    due_at = models.DateTimeField(null=True, blank=True)
    sla_due_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_approvals",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comments = models.TextField(blank=True, default="")
    decision_reason = models.TextField(blank=True, default="")
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_approvals",
    )
    escalation_level = models.PositiveSmallIntegerField(default=0)
    delegated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegated_approvals",
    )
    delegated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approvals_delegated_to_me",
    )
    delegated_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "approvals"
        ordering = ["-requested_at"]
        constraints = [
            choices_check("approval_type", ApprovalType, "approvals"),
            choices_check("entity_type", ApprovalEntityType, "approvals"),
            # The staff roles: the same list as before the portal's `customer` role existed.
            models.CheckConstraint(
                condition=Q(current_approver_role__in=STAFF_ROLES),
                name="approvals_current_approver_role_valid",
            ),
            choices_check("status", ApprovalStatus, "approvals"),
            choices_check("priority", ApprovalPriority, "approvals"),
            models.CheckConstraint(
                condition=Q(step_number__gte=1, step_number__lte=F("total_steps")),
                name="approvals_step_within_total",
            ),
            models.CheckConstraint(
                condition=Q(current_approver_user__isnull=False)
                | Q(current_approver_role__isnull=False),
                name="approvals_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gte=F("requested_at")), name="approvals_due_after_requested"
            ),
            models.CheckConstraint(
                condition=Q(sla_due_at__gte=F("requested_at")),
                name="approvals_sla_due_after_requested",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__gte=F("requested_at")),
                name="approvals_decided_after_requested",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED_STATUSES)
                | Q(decided_at__isnull=False, decided_by__isnull=False),
                name="approvals_decision_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(escalated_at__gte=F("requested_at")),
                name="approvals_escalated_after_requested",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApprovalStatus.ESCALATED)
                | Q(escalated_at__isnull=False, escalation_level__gte=1),
                name="approvals_escalation_has_when_and_level",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApprovalStatus.DELEGATED)
                | Q(delegated_by__isnull=False, delegated_to__isnull=False),
                name="approvals_delegation_has_from_and_to",
            ),
            models.CheckConstraint(
                condition=~Q(delegated_to=F("delegated_by")),
                name="approvals_not_delegated_to_self",
            ),
            models.CheckConstraint(
                condition=Q(delegated_until__gt=F("requested_at")),
                name="approvals_delegated_until_after_requested",
            ),
            models.CheckConstraint(
                condition=Q(step_number__lte=1, first_step__isnull=True)
                | Q(step_number__gt=1, first_step__isnull=False),
                name="approvals_steps_link_to_the_first",
            ),
            models.UniqueConstraint(
                fields=["organization", "entity_type", "entity_id", "approval_type", "step_number"],
                condition=Q(status__in=OPEN_STATUSES),
                name="approvals_one_open_per_entity_step",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="approvals_org_status_idx"),
            models.Index(
                fields=["organization", "current_approver_user", "status"],
                name="approvals_org_user_idx",
            ),
            models.Index(
                fields=["organization", "current_approver_role", "status"],
                name="approvals_org_role_idx",
            ),
            models.Index(
                fields=["organization", "entity_type", "entity_id"], name="approvals_org_entity_idx"
            ),
            models.Index(
                fields=["organization", "status", "due_at"], name="approvals_org_status_due_idx"
            ),
            # The escalation sweep: open approvals of a tenant past their SLA.
            models.Index(
                fields=["organization", "sla_due_at"],
                condition=Q(status__in=OPEN_STATUSES),
                name="approvals_org_open_sla_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ApprovalHistory(AppendOnlyTenantModel):
    """Every action taken on an approval. Append-only."""

    approval = models.ForeignKey(Approval, on_delete=models.PROTECT, related_name="history")
    action = models.CharField(max_length=20, choices=ApprovalAction.choices)
    # NULL where an action does not change the status (a comment) or there was none (request).
    old_status = models.CharField(  # noqa: DJ001
        max_length=20, choices=ApprovalStatus.choices, null=True, blank=True
    )
    new_status = models.CharField(  # noqa: DJ001
        max_length=20, choices=ApprovalStatus.choices, null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for actions of the system (expiry, automatic escalation)."),
    )
    comments = models.TextField(blank=True, default="")
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "approval_history"
        ordering = ["created_at"]
        verbose_name_plural = _("approval history")
        constraints = [
            choices_check("action", ApprovalAction, "approval_history"),
            choices_check("old_status", ApprovalStatus, "approval_history"),
            choices_check("new_status", ApprovalStatus, "approval_history"),
        ]
        indexes = [
            models.Index(fields=["approval", "created_at"], name="approval_history_approval_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.approval_id}: {self.action}"


def approval_attachment_path(instance: ApprovalAttachment, filename: str) -> str:
    """Files live under their tenant with a random name: the uploaded file name is data (kept in
    `file_name`), never part of a path, so it can neither collide, be guessed nor traverse."""
    folder = f"tenants/{instance.organization_id}/approvals/{instance.approval_id}"
    return f"{folder}/{uuid.uuid4().hex}"


class ApprovalAttachment(TenantOwnedModel):
    """A file attached to an approval (a signed quote, a test report, ...)."""

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=approval_attachment_path, max_length=500)
    file_name = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=150)
    size_bytes = models.PositiveBigIntegerField()
    checksum_sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "approval_attachments"
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size_bytes__gt=0), name="approval_attachments_size_positive"
            ),
            models.CheckConstraint(
                condition=Q(checksum_sha256__regex=SHA256_HEX),
                name="approval_attachments_checksum_sha256_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name


class ApprovalSlaPolicy(TenantOwnedModel):
    """A tenant's own answer time for one priority; priorities without a row use the defaults
    (`SLA_HOURS_BY_PRIORITY`)."""

    priority = models.CharField(max_length=10, choices=ApprovalPriority.choices)
    hours = models.PositiveIntegerField(help_text=_("Hours an approver has before it escalates."))

    class Meta:
        db_table = "approval_sla_policies"
        ordering = ["hours"]
        verbose_name = _("approval SLA")
        verbose_name_plural = _("approval SLAs")
        constraints = [
            choices_check("priority", ApprovalPriority, "approval_sla_policies"),
            models.CheckConstraint(
                condition=Q(hours__gte=1, hours__lte=SLA_HOURS_MAX),
                name="approval_sla_policies_hours_range",
            ),
            models.UniqueConstraint(
                fields=["organization", "priority"], name="approval_sla_policies_one_per_priority"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_priority_display()}: {self.hours} h"
