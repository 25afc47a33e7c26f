"""The audit trail, and the base of every append-only tenant log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.core.models import choices_check


class AppendOnlyTenantModel(models.Model):
    """A tenant row written once and never changed (audit trails): `created_at`, no `updated_at`.

    The app role has no UPDATE or DELETE grant on these tables (their migrations revoke it), so
    their own foreign keys use PROTECT: deleting a project, document or user must not try to
    cascade into (or SET NULL on) the trail. `created_at` is settable so imported history keeps
    its real time. `APPEND_ONLY` lets the isolation tests expect "permission denied" for writes.
    """

    TENANT_FIELD = "organization"
    APPEND_ONLY = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=True,
    )
    created_at = models.DateTimeField(default=timezone.now, db_default=models.functions.Now())

    class Meta:
        abstract = True


class EntityType(models.TextChoices):
    """What an activity entry is about: the one list that services, the audit trigger, the sample
    data and the load generator all write (`activity_log.entity_type`; a CHECK refuses any other
    value). The audit trigger passes each audited table's value as an argument
    (`apps/activity/migrations/0003_audit_trigger_entity_types.py`)."""

    ORGANIZATION = "organization", "Organization"
    USER = "user", "User"
    CONTACT = "contact", "Contact"
    WORKFLOW_STAGE = "workflow_stage", "Workflow stage"
    WORKFLOW_SUB_STAGE = "workflow_sub_stage", "Workflow sub-stage"
    WORKFLOW_DEFINITION = "workflow_definition", "Workflow definition"
    PROJECT = "project", "Project"
    SUB_STAGE_PROGRESS = "project_sub_stage_progress", "Sub-stage"
    APPROVAL = "approval", "Approval"
    APPROVAL_SLA_POLICY = "approval_sla_policy", "Approval SLA policy"
    DOCUMENT = "document", "Document"
    DOCUMENT_FILE = "document_file", "Document file"
    MESSAGE = "message", "Message"


class ActivityAction(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    DELETED = "deleted", "Deleted"
    STATUS_CHANGED = "status_changed", "Status changed"
    ASSIGNED = "assigned", "Assigned"
    STAGE_ADVANCED = "stage_advanced", "Stage advanced"
    STAGE_REVERTED = "stage_reverted", "Stage moved back"
    SUB_STAGE_STARTED = "sub_stage_started", "Sub-stage started"
    SUB_STAGE_SUBMITTED = "sub_stage_submitted", "Sub-stage submitted for review"
    SUB_STAGE_COMPLETED = "sub_stage_completed", "Sub-stage completed"
    SUB_STAGE_SKIPPED = "sub_stage_skipped", "Sub-stage skipped"
    SUB_STAGE_BLOCKED = "sub_stage_blocked", "Sub-stage blocked"
    SUB_STAGE_UNBLOCKED = "sub_stage_unblocked", "Sub-stage unblocked"
    SUB_STAGE_REOPENED = "sub_stage_reopened", "Sub-stage reopened"
    SUB_STAGE_REASSIGNED = "sub_stage_reassigned", "Sub-stage reassigned"
    APPROVAL_REQUESTED = "approval_requested", "Approval requested"
    APPROVAL_APPROVED = "approval_approved", "Approval approved"
    APPROVAL_REJECTED = "approval_rejected", "Approval rejected"
    APPROVAL_ESCALATED = "approval_escalated", "Approval escalated"
    APPROVAL_DELEGATED = "approval_delegated", "Approval delegated"
    APPROVAL_CANCELLED = "approval_cancelled", "Approval cancelled"
    APPROVAL_EXPIRED = "approval_expired", "Approval expired"
    DOCUMENT_UPLOADED = "document_uploaded", "Document uploaded"
    DOCUMENT_VERSION_ADDED = "document_version_added", "Document version added"
    DOCUMENT_APPROVED = "document_approved", "Document approved"
    DOCUMENT_DELETED = "document_deleted", "Document deleted"
    MESSAGE_SENT = "message_sent", "Message sent"
    COMMENTED = "commented", "Commented"
    LOGGED_IN = "logged_in", "Signed in"
    LOGGED_OUT = "logged_out", "Signed out"
    EXPORTED = "exported", "Exported"


class ActivityLog(AppendOnlyTenantModel):
    """Who did what to which entity, with the values before and after. Append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for actions of the system (scheduled jobs).",
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity",
    )
    entity_type = models.CharField(max_length=50, choices=EntityType.choices)
    entity_id = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=30, choices=ActivityAction.choices)
    description = models.TextField(blank=True, default="")
    old_values = models.JSONField(null=True, blank=True)
    new_values = models.JSONField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, default="")

    class Meta:
        db_table = "activity_log"
        ordering = ["-created_at"]
        constraints = [
            choices_check("action", ActivityAction, "activity_log"),
            choices_check("entity_type", EntityType, "activity_log"),
        ]
        indexes = [
            models.Index(
                fields=["organization", "project", "created_at"], name="activity_org_project_idx"
            ),
            models.Index(
                fields=["organization", "entity_type", "entity_id"], name="activity_org_entity_idx"
            ),
            models.Index(fields=["organization", "created_at"], name="activity_org_created_idx"),
            models.Index(
                fields=["organization", "user", "created_at"], name="activity_org_user_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.entity_type}"
