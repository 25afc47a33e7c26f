"""Every user an approval, its history and its attachments name is of the approval's tenant: the
database refuses another tenant's."""

from django.db import migrations

from apps.core.operations import SameTenantReference


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0002_chains_sla_policies"),
        ("users", "0005_same_tenant_user_references"),
    ]

    operations = [
        SameTenantReference("approvals", "requested_by_id", "users"),
        SameTenantReference("approvals", "current_approver_user_id", "users"),
        SameTenantReference("approvals", "decided_by_id", "users"),
        SameTenantReference("approvals", "escalated_to_id", "users"),
        SameTenantReference("approvals", "delegated_by_id", "users"),
        SameTenantReference("approvals", "delegated_to_id", "users"),
        SameTenantReference("approval_history", "user_id", "users"),
        SameTenantReference("approval_attachments", "uploaded_by_id", "users"),
    ]
