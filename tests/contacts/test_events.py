"""The audit events of contacts write the entries they name."""

import pytest

from apps.activity.models import ActivityAction, EntityType
from apps.contacts.events import (
    contact_created_event,
    contact_deactivated_event,
    contact_made_primary_event,
    contact_updated_event,
)
from apps.core.services import FieldChanges
from apps.core.tenancy import tenant_context
from tests.activity.helpers import entries_by
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_each_event_writes_its_entry_about_the_contact(tenant, admin_user):
    company = CustomerFactory(owner_organization=tenant, name="Saigon Precision")
    contact = ContactFactory(owner_organization=tenant, organization=company, contact_name="Tran B")
    earlier = ContactFactory(owner_organization=tenant, organization=company, contact_name="Le C")
    about = {
        "organization_id": tenant.pk,
        "user_id": admin_user.pk,
        "project_id": None,
        "entity_type": EntityType.CONTACT,
        "entity_id": contact.pk,
    }

    with tenant_context(tenant, admin_user):
        contact_created_event(user=admin_user, contact=contact, new_values={"role": "Buyer"})
        contact_updated_event(
            user=admin_user,
            contact=contact,
            changes=FieldChanges(old_values={"role": "Buyer"}, new_values={"role": "QA"}),
        )
        contact_made_primary_event(
            user=admin_user, contact=contact, company=company, previous_primary=earlier
        )
        contact_deactivated_event(user=admin_user, contact=contact, was_primary=True)

    assert entries_by(admin_user) == [
        {
            **about,
            "action": ActivityAction.CREATED,
            "description": "Added Tran B at Saigon Precision",
            "old_values": None,
            "new_values": {"role": "Buyer"},
        },
        {
            **about,
            "action": ActivityAction.UPDATED,
            "description": "Edited role of Tran B",
            "old_values": {"role": "Buyer"},
            "new_values": {"role": "QA"},
        },
        {
            **about,
            "action": ActivityAction.UPDATED,
            "description": "Made Tran B the primary contact of Saigon Precision instead of Le C",
            "old_values": {
                "is_primary_contact": False,
                "previous_primary_contact": str(earlier.pk),
            },
            "new_values": {"is_primary_contact": True},
        },
        {
            **about,
            "action": ActivityAction.STATUS_CHANGED,
            "description": "Deactivated Tran B at Saigon Precision",
            "old_values": {"is_active": True, "is_primary_contact": True},
            "new_values": {"is_active": False, "is_primary_contact": False},
        },
    ]
