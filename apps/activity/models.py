"""The audit trail, and the base of every append-only tenant log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    ORGANIZATION = "organization", _("Organization")
    USER = "user", _("User")
    CONTACT = "contact", _("Contact")
    WORKFLOW_STAGE = "workflow_stage", _("Workflow stage")
    WORKFLOW_SUB_STAGE = "workflow_sub_stage", _("Workflow sub-stage")
    WORKFLOW_DEFINITION = "workflow_definition", _("Workflow definition")
    PROJECT = "project", _("Project")
    SUB_STAGE_PROGRESS = "project_sub_stage_progress", _("Sub-stage")
    APPROVAL = "approval", _("Approval")
    APPROVAL_SLA_POLICY = "approval_sla_policy", _("Approval SLA policy")
    DOCUMENT = "document", _("Document")
    DOCUMENT_FILE = "document_file", _("Document file")
    MESSAGE = "message", _("Message")


class ActivityAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    DELETED = "deleted", _("Deleted")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    STAGE_ADVANCED = "stage_advanced", _("Stage advanced")
    STAGE_REVERTED = "stage_reverted", _("Stage moved back")
    SUB_STAGE_STARTED = "sub_stage_started", _("Sub-stage started")
    SUB_STAGE_SUBMITTED = "sub_stage_submitted", _("Sub-stage submitted for review")
    SUB_STAGE_COMPLETED = "sub_stage_completed", _("Sub-stage completed")
    SUB_STAGE_SKIPPED = "sub_stage_skipped", _("Sub-stage skipped")
    SUB_STAGE_BLOCKED = "sub_stage_blocked", _("Sub-stage blocked")
    SUB_STAGE_UNBLOCKED = "sub_stage_unblocked", _("Sub-stage unblocked")
    SUB_STAGE_REOPENED = "sub_stage_reopened", _("Sub-stage reopened")
    SUB_STAGE_REASSIGNED = "sub_stage_reassigned", _("Sub-stage reassigned")
    APPROVAL_REQUESTED = "approval_requested", _("Approval requested")
    APPROVAL_APPROVED = "approval_approved", _("Approval approved")
    APPROVAL_REJECTED = "approval_rejected", _("Approval rejected")
    APPROVAL_ESCALATED = "approval_escalated", _("Approval escalated")
    APPROVAL_DELEGATED = "approval_delegated", _("Approval delegated")
    APPROVAL_CANCELLED = "approval_cancelled", _("Approval cancelled")
    APPROVAL_EXPIRED = "approval_expired", _("Approval expired")
    DOCUMENT_UPLOADED = "document_uploaded", _("Document uploaded")
    DOCUMENT_VERSION_ADDED = "document_version_added", _("Document version added")
    DOCUMENT_APPROVED = "document_approved", _("Document approved")
    DOCUMENT_DELETED = "document_deleted", _("Document deleted")
    MESSAGE_SENT = "message_sent", _("Message sent")
    COMMENTED = "commented", _("Commented")
    LOGGED_IN = "logged_in", _("Signed in")
    LOGGED_OUT = "logged_out", _("Signed out")
    EXPORTED = "exported", _("Exported")


class ActivityLog(AppendOnlyTenantModel):
    """Who did what to which entity, with the values before and after. Append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for actions of the system (scheduled jobs)."),
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
