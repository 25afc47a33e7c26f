"""The workflow tables' unique keys gain the tenant column, last (apps.core.tenant_keys; for Citus,
docs/scaling.md section 4). The same rules: a definition, stage and sub-stage have one tenant.

workflow_definition_sub_stages and workflow_sub_stages change here (small tables: a plain build
under SHARE lock, in this migration's transaction). workflow_definition_stages' key is referenced by
the projects' foreign key `projects_current_stage_in_definition_fk`, which PostgreSQL will not let
go of it: projects 0007 changes that key and the foreign key together, in one transaction. This
migration records only the new shape of that key in Django's state (projects 0007 depends on it).
"""

from django.db import migrations, models

from apps.core.tenant_keys import unique_constraint_sql

DEFINITION_STAGES = "workflow_definition_stages_definition_stage_unique"
DEFINITION_SUB_STAGES = "workflow_definition_sub_stages_definition_sub_stage_unique"
SUB_STAGE_SLUG = "workflow_sub_stages_stage_slug_unique"


def _swap(table: str, name: str, columns: list[str]) -> migrations.RunSQL:
    return migrations.RunSQL(
        unique_constraint_sql(table, name, [*columns, "organization_id"]),
        unique_constraint_sql(table, name, columns),
    )


def _state(model: str, name: str, fields: list[str]) -> list:
    return [
        migrations.RemoveConstraint(model_name=model, name=name),
        migrations.AddConstraint(
            model_name=model, constraint=models.UniqueConstraint(fields=fields, name=name)
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("workflow", "0003_definition_lifecycle_and_default")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                _swap(
                    "workflow_definition_sub_stages",
                    DEFINITION_SUB_STAGES,
                    ["workflow_definition_id", "sub_stage_id"],
                ),
                _swap("workflow_sub_stages", SUB_STAGE_SLUG, ["workflow_stage_id", "slug"]),
            ],
            state_operations=[
                *_state(
                    "workflowdefinitionstage",
                    DEFINITION_STAGES,
                    ["workflow_definition", "workflow_stage", "organization"],
                ),
                *_state(
                    "workflowdefinitionsubstage",
                    DEFINITION_SUB_STAGES,
                    ["workflow_definition", "sub_stage", "organization"],
                ),
                *_state(
                    "workflowsubstage", SUB_STAGE_SLUG, ["workflow_stage", "slug", "organization"]
                ),
            ],
        )
    ]
