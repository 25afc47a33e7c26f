"""A notification's user is of the notification's tenant: the database refuses another's."""

from django.db import migrations

from apps.core.operations import SameTenantReference


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_email_delivery"),
        ("users", "0005_same_tenant_user_references"),
    ]

    operations = [
        SameTenantReference("notifications", "user_id", "users"),
    ]
