"""Rewrites the `entity_type` of entries already written to the values of `EntityType`: the table
names the audit trigger wrote before 0003 ("projects") and the drifted "sub_stage_progress" of the
sample data and the load generator.

Reversing gives the trigger's entries their table names back (they are recognisable by the
description the trigger writes, which starts with the table name). The drifted
"sub_stage_progress" entries stay "project_sub_stage_progress": once rewritten they cannot be told
from the services' entries, and the earlier schema accepts that value, so nothing breaks.
"""

import json

from django.db import migrations

# Old value -> EntityType value. Spelt out: this migration must keep meaning what it meant.
TABLE_NAMES = {
    "organizations": "organization",
    "contacts": "contact",
    "users": "user",
    "workflow_stages": "workflow_stage",
    "workflow_sub_stages": "workflow_sub_stage",
    "workflow_definitions": "workflow_definition",
    "projects": "project",
    "approvals": "approval",
    "documents": "document",
}
DRIFTED = {"sub_stage_progress": "project_sub_stage_progress"}

# How the audit trigger's descriptions begin ("projects updated outside the application ...").
TRIGGER_DESCRIPTION = "{table} % outside the application services (%)"


def rewrite_entity_types(apps, schema_editor):
    """Run as the owner: activity_log is append-only for the app role."""
    renames = {**TABLE_NAMES, **DRIFTED}
    schema_editor.execute(
        "UPDATE activity_log SET entity_type = (%s::jsonb ->> entity_type) "
        "WHERE entity_type = ANY(%s)",
        [json.dumps(renames), list(renames)],
    )


def restore_trigger_table_names(apps, schema_editor):
    for table, entity_type in TABLE_NAMES.items():
        schema_editor.execute(
            "UPDATE activity_log SET entity_type = %s WHERE entity_type = %s AND description LIKE %s",
            [table, entity_type, TRIGGER_DESCRIPTION.format(table=table)],
        )


class Migration(migrations.Migration):
    dependencies = [("activity", "0003_audit_trigger_entity_types")]
    operations = [migrations.RunPython(rewrite_entity_types, restore_trigger_table_names)]
