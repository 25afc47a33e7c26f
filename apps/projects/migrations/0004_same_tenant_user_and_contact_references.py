"""Users and the contact a project or its progress rows name are of its tenant: the database
refuses another tenant's. (A progress row's stage and sub-stage already are, through
project_sub_stage_progress_sub_stage_of_stage_fk.)"""

from django.db import migrations

from apps.core.operations import SameTenantReference


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_benchmark_indexes"),
        ("users", "0005_same_tenant_user_references"),
        ("contacts", "0002_same_tenant_contact_references"),
    ]

    operations = [
        SameTenantReference("projects", "assigned_to_id", "users"),
        SameTenantReference("projects", "created_by_id", "users"),
        SameTenantReference(
            "projects",
            "point_of_contact_id",
            "contacts",
            referenced_tenant_column="owner_organization_id",
        ),
        SameTenantReference("project_sub_stage_progress", "assigned_to_id", "users"),
    ]
