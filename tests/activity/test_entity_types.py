"""`activity_log.entity_type` is one enumeration (EntityType): the database refuses any other value,
and the audit trigger writes the enumeration's values, not table names."""

import pytest
from django.db import connection

from apps.activity.models import ActivityLog, EntityType
from tests.activity.factories import ActivityLogFactory
from tests.contacts.factories import ContactFactory
from tests.dbchecks import execute, refused_by
from tests.workflow.factories import WorkflowStageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("entity_type", ["projects", "sub_stage_progress", "invoice"])
def test_the_database_refuses_an_entity_type_outside_the_enumeration(tenant, entity_type):
    with refused_by("activity_log_entity_type_valid"):
        ActivityLogFactory(organization=tenant, entity_type=entity_type)


def test_every_audit_trigger_passes_a_value_of_the_enumeration():
    triggers = execute(
        "SELECT tgrelid::regclass::text, "
        "       string_to_array(rtrim(encode(tgargs, 'escape'), '\\000'), '\\000') "
        "FROM pg_trigger WHERE tgfoid = 'audit_row_change'::regproc AND NOT tgisinternal"
    )

    entity_types = {table: arguments[2] for table, arguments in triggers}
    assert entity_types == {
        "organizations": EntityType.ORGANIZATION,
        "contacts": EntityType.CONTACT,
        "users": EntityType.USER,
        "workflow_stages": EntityType.WORKFLOW_STAGE,
        "workflow_sub_stages": EntityType.WORKFLOW_SUB_STAGE,
        "workflow_definitions": EntityType.WORKFLOW_DEFINITION,
        "projects": EntityType.PROJECT,
        "project_sub_stage_progress": EntityType.SUB_STAGE_PROGRESS,
        "approvals": EntityType.APPROVAL,
        "documents": EntityType.DOCUMENT,
    }


def test_changes_outside_the_services_are_recorded_with_the_enumerations_value(tenant):
    stage = WorkflowStageFactory(organization=tenant)
    contact = ContactFactory(owner_organization=tenant)

    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflow_stages SET name = 'Renamed' WHERE id = %s", [stage.pk])
        cursor.execute("UPDATE contacts SET role = 'QA' WHERE id = %s", [contact.pk])

    updated = ActivityLog.objects.filter(action="updated", entity_id__in=[stage.pk, contact.pk])
    assert sorted(updated.values_list("entity_type", flat=True)) == [
        EntityType.CONTACT,
        EntityType.WORKFLOW_STAGE,
    ]
