"""The audit events of workflow templates write the entry they name."""

import pytest

from apps.activity.models import ActivityAction, EntityType
from apps.core.tenancy import tenant_context
from apps.workflow.events import workflow_definition_version_created_event
from tests.activity.helpers import entries_by
from tests.workflow.factories import WorkflowDefinitionFactory

pytestmark = pytest.mark.django_db


def test_workflow_definition_version_created_event(tenant, admin_user):
    first = WorkflowDefinitionFactory(organization=tenant, name="Standard", version=1)
    second = WorkflowDefinitionFactory(organization=tenant, name="Standard", version=2)

    with tenant_context(tenant, admin_user):
        workflow_definition_version_created_event(
            user=admin_user, definition=second, copied_from=first
        )

    assert entries_by(admin_user) == [
        {
            "organization_id": tenant.pk,
            "user_id": admin_user.pk,
            "project_id": None,
            "entity_type": EntityType.WORKFLOW_DEFINITION,
            "entity_id": second.pk,
            "action": ActivityAction.CREATED,
            "description": "Version 2 of “Standard” copied from 1",
            "old_values": None,
            "new_values": None,
        }
    ]
