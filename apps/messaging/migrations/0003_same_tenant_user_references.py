"""A message's sender and recipient are of the message's tenant: the database refuses another's."""

from django.db import migrations

from apps.core.operations import SameTenantReference


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0002_thread_always_set"),
        ("users", "0005_same_tenant_user_references"),
    ]

    operations = [
        SameTenantReference("messages", "sender_id", "users"),
        SameTenantReference("messages", "recipient_id", "users"),
    ]
