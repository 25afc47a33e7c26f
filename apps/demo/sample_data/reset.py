"""Removing the sample tenants (for --reset). Runs as the owner, outside any tenant context:
audit logs are append-only for the app role, and only the owner may delete them. The deletion is
marked as a bulk operation for the audit trigger (`activity` migration 0002): a tenant being
removed takes its trail with it."""

from __future__ import annotations

from django.db import connection, transaction

from apps.activity.models import ActivityLog
from apps.approvals.models import Approval, ApprovalAttachment, ApprovalHistory
from apps.contacts.models import Contact
from apps.core.files import delete_stored_files
from apps.core.models import tenant_models
from apps.documents.models import Document, DocumentAccessLog, DocumentVersion
from apps.messaging.models import Message
from apps.notifications.models import Notification
from apps.organizations.models import Organization
from apps.projects.models import Project, ProjectSubStageProgress
from apps.users.models import User
from apps.workflow.models import (
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
    WorkflowStage,
    WorkflowSubStage,
)

# Rows that refer to others go first: the same-tenant foreign keys are checked immediately.
DELETION_ORDER = (
    Notification,
    Message,
    DocumentAccessLog,
    DocumentVersion,
    Document,
    ApprovalHistory,
    ApprovalAttachment,
    Approval,
    ActivityLog,
    ProjectSubStageProgress,
    Project,
    WorkflowDefinitionSubStage,
    WorkflowDefinitionStage,
    WorkflowSubStage,
    WorkflowDefinition,
    WorkflowStage,
    Contact,
    User,
    Organization,
)


def _deletion_order():
    """Tenant tables this module does not know yet (added later) first: they are leaves."""
    known = set(DELETION_ORDER)
    return [model for model in tenant_models() if model not in known] + list(DELETION_ORDER)


@transaction.atomic
def tenants_delete(tenant_ids: list) -> dict[str, int]:
    """Delete every row of the given tenants, and their stored files once the deletion commits.

    Returns the number of rows deleted per table. Other tenants are never touched: every
    statement is bounded by the tenant column.
    """
    files = [
        *DocumentVersion.objects.filter(organization_id__in=tenant_ids).values_list(
            "file", flat=True
        ),
        *ApprovalAttachment.objects.filter(organization_id__in=tenant_ids).values_list(
            "file", flat=True
        ),
    ]
    deleted: dict[str, int] = {}
    with connection.cursor() as cursor:
        # The audit trigger would record each deleted row in the very trail being deleted.
        cursor.execute("SELECT set_config('app.audit_source', 'bulk_load', true)")
        # The Django admin's own log refers to users; it is not a tenant table.
        cursor.execute(
            "DELETE FROM django_admin_log WHERE user_id IN "
            "(SELECT id FROM users WHERE organization_id = ANY(%s))",
            [tenant_ids],
        )
        portal_accounts = 0
        for model in _deletion_order():
            table = model._meta.db_table
            column = model._meta.get_field(model.TENANT_FIELD).column
            if model is Contact:
                # Customer portal accounts refer to their contact: they go first.
                cursor.execute(
                    "DELETE FROM users WHERE organization_id = ANY(%s) AND contact_id IS NOT NULL",
                    [tenant_ids],
                )
                portal_accounts = cursor.rowcount
            cursor.execute(f'DELETE FROM "{table}" WHERE "{column}" = ANY(%s)', [tenant_ids])
            deleted[table] = cursor.rowcount
        deleted["users"] = deleted.get("users", 0) + portal_accounts
        cursor.execute("SELECT set_config('app.audit_source', '', true)")
    transaction.on_commit(lambda: delete_stored_files(files))
    return deleted
