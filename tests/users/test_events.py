"""The team's audit events write the entry they name."""

import pytest

from apps.activity.models import ActivityAction, EntityType
from apps.core.tenancy import tenant_context
from apps.users.events import user_role_or_status_changed_event
from tests.activity.helpers import entries_by

pytestmark = pytest.mark.django_db


def test_user_role_or_status_changed_event(tenant, admin_user, sales_user):
    with tenant_context(tenant, admin_user):
        user_role_or_status_changed_event(
            user=admin_user,
            member=sales_user,
            old_values={"role": "sales"},
            new_values={"role": "engineering"},
        )

    assert entries_by(admin_user) == [
        {
            "organization_id": tenant.pk,
            "user_id": admin_user.pk,
            "project_id": None,
            "entity_type": EntityType.USER,
            "entity_id": sales_user.pk,
            "action": ActivityAction.UPDATED,
            "description": f"{sales_user}: role sales → engineering",
            "old_values": {"role": "sales"},
            "new_values": {"role": "engineering"},
        }
    ]
