"""Users a document, a version or an access log entry names are of its tenant: the database
refuses another tenant's. (The version an access log entry names already is, through
document_access_log_version_of_document_fk.)"""

from django.db import migrations

from apps.core.operations import SameTenantReference


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_storage_names_and_indexes"),
        ("users", "0005_same_tenant_user_references"),
    ]

    operations = [
        SameTenantReference("documents", "uploaded_by_id", "users"),
        SameTenantReference("documents", "approved_by_id", "users"),
        SameTenantReference("document_versions", "uploaded_by_id", "users"),
        SameTenantReference("document_access_log", "user_id", "users"),
    ]
