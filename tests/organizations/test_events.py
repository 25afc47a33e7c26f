"""The audit events of external organizations write the entries they name."""

import pytest

from apps.activity.models import ActivityAction, EntityType
from apps.core.services import FieldChanges
from apps.core.tenancy import tenant_context
from apps.organizations.events import (
    organization_created_event,
    organization_deactivated_event,
    organization_restored_event,
    organization_updated_event,
)
from tests.activity.helpers import entries_by
from tests.organizations.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_each_event_writes_its_entry_about_the_organization(tenant, admin_user):
    customer = CustomerFactory(owner_organization=tenant, name="Saigon Precision")
    about = {
        "organization_id": tenant.pk,
        "user_id": admin_user.pk,
        "project_id": None,
        "entity_type": EntityType.ORGANIZATION,
        "entity_id": customer.pk,
    }

    with tenant_context(tenant, admin_user):
        organization_created_event(
            user=admin_user, organization=customer, new_values={"name": "Saigon Precision"}
        )
        organization_updated_event(
            user=admin_user,
            organization=customer,
            changes=FieldChanges(old_values={"country": "TH"}, new_values={"country": "VN"}),
        )
        organization_deactivated_event(user=admin_user, organization=customer)
        organization_restored_event(user=admin_user, organization=customer)

    assert entries_by(admin_user) == [
        {
            **about,
            "action": ActivityAction.CREATED,
            "description": "Added customer Saigon Precision",
            "old_values": None,
            "new_values": {"name": "Saigon Precision"},
        },
        {
            **about,
            "action": ActivityAction.UPDATED,
            "description": "Edited country of Saigon Precision",
            "old_values": {"country": "TH"},
            "new_values": {"country": "VN"},
        },
        {
            **about,
            "action": ActivityAction.STATUS_CHANGED,
            "description": "Deactivated Saigon Precision",
            "old_values": {"is_active": True},
            "new_values": {"is_active": False},
        },
        {
            **about,
            "action": ActivityAction.STATUS_CHANGED,
            "description": "Restored Saigon Precision",
            "old_values": {"is_active": False},
            "new_values": {"is_active": True},
        },
    ]
