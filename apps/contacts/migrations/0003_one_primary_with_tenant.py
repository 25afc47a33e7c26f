"""The partial key "one primary contact per customer organization" gains the tenant column,
owner_organization_id, last (apps.core.tenant_keys; for Citus, docs/scaling.md section 4). The
same rule: a customer organization belongs to one tenant. A plain build (SHARE lock on contacts:
reads go on, contact edits wait for the build) in this migration's transaction.
"""

from django.db import migrations, models
from django.db.models import Q

from apps.core.tenant_keys import partial_unique_index_sql

TABLE = "contacts"
NAME = "contacts_one_primary_per_organization"
CONDITION = "is_primary_contact"


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_same_tenant_contact_references")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    partial_unique_index_sql(
                        TABLE, NAME, ["organization_id", "owner_organization_id"], CONDITION
                    ),
                    partial_unique_index_sql(TABLE, NAME, ["organization_id"], CONDITION),
                )
            ],
            state_operations=[
                migrations.RemoveConstraint(model_name="contact", name=NAME),
                migrations.AddConstraint(
                    model_name="contact",
                    constraint=models.UniqueConstraint(
                        fields=["organization", "owner_organization"],
                        condition=Q(is_primary_contact=True),
                        name=NAME,
                    ),
                ),
            ],
        )
    ]
