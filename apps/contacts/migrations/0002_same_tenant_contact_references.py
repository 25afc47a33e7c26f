"""Contacts get UNIQUE (id, owner_organization_id) for the composite keys that point at them."""

from django.db import migrations

from apps.core.operations import UniqueIdWithTenant


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
    ]

    operations = [
        UniqueIdWithTenant("contacts", "owner_organization_id"),
    ]
