"""The audit trail: append-only for the app role, and what it records is checked."""

import pytest

from apps.activity.models import ActivityAction, ActivityLog
from apps.core.tenancy import tenant_context
from tests.activity.factories import ActivityLogFactory
from tests.dbchecks import execute, permission_denied, refused_by
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_app_role_can_append_but_never_change_or_remove(tenant, admin_user):
    project = ProjectFactory(organization=tenant)

    with tenant_context(tenant, admin_user):
        entry = ActivityLog.objects.create(
            organization=tenant,
            user=admin_user,
            project=project,
            entity_type="project",
            entity_id=project.pk,
            action=ActivityAction.STAGE_ADVANCED,
            old_values={"stage": "inquiry_received"},
            new_values={"stage": "technical_review"},
        )
        with permission_denied():
            execute("UPDATE activity_log SET description = 'nothing happened'")
        with permission_denied():
            execute("DELETE FROM activity_log WHERE id = %s", [entry.pk])
        with permission_denied():
            entry.save()  # an ORM save of an existing row is an UPDATE

    entry.refresh_from_db()
    assert entry.new_values == {"stage": "technical_review"}


def test_action_and_entity_type_are_checked(tenant):
    with refused_by("activity_log_action_valid"):
        ActivityLogFactory(organization=tenant, action="hacked")
    with refused_by("activity_log_entity_type_valid"):
        ActivityLogFactory(organization=tenant, entity_type="Project; DROP")


def test_project_is_in_the_entrys_tenant(tenant, other_tenant):
    foreign_project = ProjectFactory(organization=other_tenant)

    with refused_by("activity_log_project_same_tenant_fk"):
        ActivityLogFactory(organization=tenant, project=foreign_project)


def test_log_has_created_at_and_no_updated_at(tenant):
    columns = {field.column for field in ActivityLog._meta.concrete_fields}

    assert "created_at" in columns
    assert "updated_at" not in columns
    assert ActivityLogFactory(organization=tenant).created_at is not None
