"""`project_sub_stage_progress.assigned_to`: the column name seed 1's SQL reads (docs/seed-sql.md).

Django names the foreign key's column `assigned_to_id`. Renaming it (`db_column`) would touch
every query, index and constraint on it, and the foreign keys to users are being rebuilt as
composite tenant keys; so the seed's name is added beside it as a generated column instead.
It always equals `assigned_to_id` and is read-only: writes go through the foreign key, which
stays the single source (a seed INSERT naming `assigned_to` is refused, never half-applied).
The model does not declare it, so Django neither selects nor writes it.
"""

from django.db import migrations

ADD_COLUMN = """
ALTER TABLE project_sub_stage_progress
    ADD COLUMN assigned_to uuid GENERATED ALWAYS AS (assigned_to_id) STORED
"""

DROP_COLUMN = "ALTER TABLE project_sub_stage_progress DROP COLUMN IF EXISTS assigned_to"


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_same_tenant_user_and_contact_references")]
    operations = [migrations.RunSQL(ADD_COLUMN, DROP_COLUMN)]
