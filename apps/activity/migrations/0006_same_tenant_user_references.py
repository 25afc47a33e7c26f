"""An activity entry's user is of the entry's tenant: the database refuses another tenant's."""

from django.db import migrations

from apps.core.operations import SameTenantReference


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0005_entity_type_valid"),
        ("users", "0005_same_tenant_user_references"),
    ]

    operations = [
        SameTenantReference("activity_log", "user_id", "users"),
    ]
