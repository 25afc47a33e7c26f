"""References to a user stay inside the user's tenant: users get UNIQUE (id, organization_id)
for the composite keys of every app, and a direct manager is a colleague."""

from django.db import migrations

from apps.core.operations import SameTenantReference, UniqueIdWithTenant


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0004_protect_sessions_lockouts_admin_log"),
    ]

    operations = [
        UniqueIdWithTenant("users"),
        SameTenantReference("users", "direct_manager_id", "users"),
    ]
