"""Migration 0004 rewrites the entity types written before the enumeration: the audit trigger's
table names and the drifted "sub_stage_progress" take EntityType's values, and migration 0005's
CHECK then holds. Reversing gives the trigger's entries their table names back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.dbchecks import execute

BEFORE = [("activity", "0003_audit_trigger_entity_types")]
AFTER = [("activity", "0005_entity_type_valid")]

# (entity_type written before, description) -> entity_type after 0004, and after reversing it.
ENTRIES = {
    ("projects", "projects updated outside the application services (postgres)"): (
        "project",
        "projects",
    ),
    ("workflow_stages", "workflow_stages deleted outside the application services (admin)"): (
        "workflow_stage",
        "workflow_stages",
    ),
    ("documents", "documents created outside the application services (postgres)"): (
        "document",
        "documents",
    ),
    ("project_sub_stage_progress", "project_sub_stage_progress updated outside the ..."): (
        "project_sub_stage_progress",
        "project_sub_stage_progress",
    ),
    ("sub_stage_progress", "Started Laser cutting"): (
        "project_sub_stage_progress",
        "project_sub_stage_progress",
    ),
    ("project", "Created P-25010001"): ("project", "project"),
}


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def entity_type_of(entry_id) -> str:
    return execute("SELECT entity_type FROM activity_log WHERE id = %s", [entry_id])[0][0]


@pytest.mark.django_db(transaction=True)
def test_entries_written_before_take_the_values_of_the_enumeration_and_back(tenant):
    try:
        migrate(BEFORE)
        written = {
            execute(
                "INSERT INTO activity_log (id, organization_id, entity_type, action, description, "
                "user_agent, created_at) "
                "VALUES (gen_random_uuid(), %s, %s, 'updated', %s, '', now()) RETURNING id",
                [tenant.pk, entity_type, description],
            )[0][0]: expected
            for (entity_type, description), expected in ENTRIES.items()
        }

        migrate(AFTER)
        assert {entry: entity_type_of(entry) for entry in written} == {
            entry: after for entry, (after, _) in written.items()
        }

        migrate(BEFORE)
        assert {entry: entity_type_of(entry) for entry in written} == {
            entry: reversed_ for entry, (_, reversed_) in written.items()
        }
    finally:
        migrate(None)
