"""document_versions' two unique keys gain the tenant column, last (apps.core.tenant_keys; for
Citus, docs/scaling.md section 4): (document, version_number) and the partial "one current version
per document". The same rules: a document has one tenant. A plain build (SHARE lock on
document_versions: reads go on, uploads wait for the build) in this migration's transaction.
"""

from django.db import migrations, models
from django.db.models import Q

from apps.core.tenant_keys import partial_unique_index_sql, unique_constraint_sql

TABLE = "document_versions"
VERSION = "document_versions_document_version_unique"
ONE_CURRENT = "document_versions_one_current_per_document"


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_same_tenant_user_references")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    unique_constraint_sql(
                        TABLE, VERSION, ["document_id", "version_number", "organization_id"]
                    ),
                    unique_constraint_sql(TABLE, VERSION, ["document_id", "version_number"]),
                ),
                migrations.RunSQL(
                    partial_unique_index_sql(
                        TABLE, ONE_CURRENT, ["document_id", "organization_id"], "is_current"
                    ),
                    partial_unique_index_sql(TABLE, ONE_CURRENT, ["document_id"], "is_current"),
                ),
            ],
            state_operations=[
                migrations.RemoveConstraint(model_name="documentversion", name=VERSION),
                migrations.AddConstraint(
                    model_name="documentversion",
                    constraint=models.UniqueConstraint(
                        fields=["document", "version_number", "organization"], name=VERSION
                    ),
                ),
                migrations.RemoveConstraint(model_name="documentversion", name=ONE_CURRENT),
                migrations.AddConstraint(
                    model_name="documentversion",
                    constraint=models.UniqueConstraint(
                        fields=["document", "organization"],
                        condition=Q(is_current=True),
                        name=ONE_CURRENT,
                    ),
                ),
            ],
        )
    ]
