"""(project, sub_stage) unique per progress row becomes (project, sub_stage, organization): the same
rule (a project has one tenant), in the form Citus can enforce on a table distributed by tenant.

project_sub_stage_progress is the largest table (3,000,000 rows in the load dataset), so the new
index is built CONCURRENTLY (SHARE UPDATE EXCLUSIVE: the application reads and writes on while it
is built) and only the swap takes ACCESS EXCLUSIVE, for milliseconds, under a lock_timeout
(apps.core.tenant_keys). Measured on a synthetic table of 3,000,000 rows (three UUID columns, the
shared 2-core machine at load average 6-7): plain build 8.4 s with writes blocked, concurrent build
11.6 s with writes going on, swap 4 ms. Hence a non-atomic migration: an interrupted run leaves
the old key in place and at most an INVALID index that the next run drops.
"""

from django.db import migrations, models

from apps.core.tenant_keys import unique_constraint_sql

TABLE = "project_sub_stage_progress"
NAME = "project_sub_stage_progress_project_sub_stage_unique"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("projects", "0005_sub_stage_progress_seed_column_assigned_to")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    unique_constraint_sql(
                        TABLE,
                        NAME,
                        ["project_id", "sub_stage_id", "organization_id"],
                        concurrently=True,
                    ),
                    unique_constraint_sql(
                        TABLE, NAME, ["project_id", "sub_stage_id"], concurrently=True
                    ),
                )
            ],
            state_operations=[
                migrations.RemoveConstraint(model_name="projectsubstageprogress", name=NAME),
                migrations.AddConstraint(
                    model_name="projectsubstageprogress",
                    constraint=models.UniqueConstraint(
                        fields=["project", "sub_stage", "organization"], name=NAME
                    ),
                ),
            ],
        )
    ]
