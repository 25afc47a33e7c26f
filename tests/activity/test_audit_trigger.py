"""The audit trigger records changes made outside the services, and only those."""

import pytest
from django.db import connection
from django.urls import reverse

from apps.activity.models import ActivityLog, EntityType
from apps.core.tenancy import tenant_context
from apps.workflow.models import WorkflowStage
from tests.projects.factories import ProjectFactory
from tests.workflow.factories import WorkflowStageFactory


def trail(entity_id):
    return list(ActivityLog.objects.filter(entity_id=entity_id).order_by("created_at"))


def test_a_raw_sql_change_by_another_role_is_recorded_with_old_and_new_values(tenant):
    project = ProjectFactory(organization=tenant, title="Old title")

    with connection.cursor() as cursor:
        cursor.execute("UPDATE projects SET title = 'New title' WHERE id = %s", [project.pk])

    [entry] = [e for e in trail(project.pk) if e.action == "updated"]
    assert entry.entity_type == EntityType.PROJECT
    assert entry.project_id == project.pk
    assert entry.organization_id == tenant.pk
    assert entry.old_values["title"] == "Old title"
    assert entry.new_values["title"] == "New title"
    assert "updated_at" not in entry.old_values or entry.old_values.keys() >= {"title"}


def test_changes_made_by_the_services_as_the_app_role_are_not_doubled(tenant, admin_user):
    stage = WorkflowStageFactory(organization=tenant)
    before = len(trail(stage.pk))

    with tenant_context(tenant, admin_user):
        WorkflowStage.objects.filter(pk=stage.pk).update(name="Renamed by a service")

    assert len(trail(stage.pk)) == before


def test_bulk_loads_can_opt_out(tenant):
    project = ProjectFactory(organization=tenant)
    before = len(trail(project.pk))
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.audit_source', 'bulk_load', true)")
        cursor.execute("UPDATE projects SET notes = 'bulk' WHERE id = %s", [project.pk])
        cursor.execute("SELECT set_config('app.audit_source', '', true)")
    assert len(trail(project.pk)) == before


def test_passwords_never_reach_the_trail(tenant, sales_user):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE users SET password = 'x', name = 'Renamed' WHERE id = %s",
                       [sales_user.pk])  # fmt: skip
    [entry] = [e for e in trail(sales_user.pk) if (e.new_values or {}).get("name") == "Renamed"]
    assert "password" not in entry.new_values and "password" not in entry.old_values


@pytest.mark.django_db(transaction=True)
def test_admin_edits_are_recorded_as_the_admins(client, admin_user):
    stage = WorkflowStageFactory(organization=admin_user.organization, name="Inquiry")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:workflow_workflowstage_delete", args=[stage.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    [entry] = [e for e in trail(stage.pk) if e.action == "deleted"]
    assert entry.user_id == admin_user.pk
    assert "(admin)" in entry.description
