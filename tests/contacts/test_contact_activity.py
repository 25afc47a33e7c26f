"""Contact writes leave entries in the audit trail."""

import pytest

from apps.activity.models import ActivityAction, ActivityLog
from apps.contacts.services import (
    contact_create,
    contact_deactivate,
    contact_make_primary,
    contact_update,
)
from apps.core.tenancy import tenant_context
from tests.activity.helpers import activity_of
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(tenant):
    return CustomerFactory(owner_organization=tenant, name="Saigon Precision")


def test_create_is_recorded(admin_user, tenant, customer):
    with tenant_context(tenant, admin_user):
        contact = contact_create(user=admin_user, organization=customer, contact_name="Tran B")

    [(action, old, new)] = activity_of(contact, by=admin_user)
    assert (action, old) == (ActivityAction.CREATED, None)
    assert new["contact_name"] == "Tran B"
    entry = ActivityLog.objects.get(user=admin_user, entity_id=contact.pk)
    assert (entry.organization_id, entry.entity_type) == (tenant.pk, "contact")


def test_update_is_recorded_with_old_and_new_values(admin_user, tenant, customer):
    contact = ContactFactory(owner_organization=tenant, organization=customer, role="Buyer")

    with tenant_context(tenant, admin_user):
        contact_update(user=admin_user, contact=contact, data={"role": "QA manager"})
        contact_update(user=admin_user, contact=contact, data={"role": "QA manager"})

    assert activity_of(contact, by=admin_user) == [
        (ActivityAction.UPDATED, {"role": "Buyer"}, {"role": "QA manager"})
    ]


def test_deactivate_is_recorded_once(admin_user, tenant, customer):
    contact = ContactFactory(
        owner_organization=tenant, organization=customer, is_primary_contact=True
    )

    with tenant_context(tenant, admin_user):
        contact_deactivate(user=admin_user, contact=contact)
        contact_deactivate(user=admin_user, contact=contact)

    assert activity_of(contact, by=admin_user) == [
        (
            ActivityAction.STATUS_CHANGED,
            {"is_active": True, "is_primary_contact": True},
            {"is_active": False, "is_primary_contact": False},
        )
    ]


def test_make_primary_is_recorded_on_the_new_primary(admin_user, tenant, customer):
    old = ContactFactory(owner_organization=tenant, organization=customer, is_primary_contact=True)
    new = ContactFactory(owner_organization=tenant, organization=customer)

    with tenant_context(tenant, admin_user):
        contact_make_primary(user=admin_user, contact=new)
        contact_make_primary(user=admin_user, contact=new)

    assert activity_of(new, by=admin_user) == [
        (
            ActivityAction.UPDATED,
            {"is_primary_contact": False, "previous_primary_contact": str(old.pk)},
            {"is_primary_contact": True},
        )
    ]
