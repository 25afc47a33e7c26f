"""Customer writes leave entries in the audit trail (the database trigger leaves the app role's
writes to the services)."""

import pytest

from apps.activity.models import ActivityAction, ActivityLog
from apps.core.tenancy import tenant_context
from apps.organizations.services import (
    customer_create,
    customer_deactivate,
    customer_reactivate,
    customer_update,
)
from tests.activity.helpers import activity_of
from tests.organizations.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_create_is_recorded(admin_user, tenant):
    with tenant_context(tenant, admin_user):
        customer = customer_create(user=admin_user, name="Saigon Precision", country="VN")

    [(action, old, new)] = activity_of(customer, by=admin_user)
    assert (action, old) == (ActivityAction.CREATED, None)
    assert new["name"] == "Saigon Precision"
    entry = ActivityLog.objects.get(user=admin_user, entity_id=customer.pk)
    assert (entry.organization_id, entry.entity_type) == (tenant.pk, "organization")


def test_update_is_recorded_with_the_changed_values_only(admin_user, tenant):
    customer = CustomerFactory(owner_organization=tenant, name="Old name", country="VN")

    with tenant_context(tenant, admin_user):
        customer_update(
            user=admin_user, customer=customer, data={"name": "New name", "country": "VN"}
        )
        customer_update(user=admin_user, customer=customer, data={"name": "New name"})

    assert activity_of(customer, by=admin_user) == [
        (ActivityAction.UPDATED, {"name": "Old name"}, {"name": "New name"})
    ]


def test_deactivate_and_reactivate_are_recorded_once_each(admin_user, tenant):
    customer = CustomerFactory(owner_organization=tenant)

    with tenant_context(tenant, admin_user):
        customer_deactivate(user=admin_user, customer=customer)
        customer_deactivate(user=admin_user, customer=customer)
        customer_reactivate(user=admin_user, customer=customer)
        customer_reactivate(user=admin_user, customer=customer)

    assert activity_of(customer, by=admin_user) == [
        (ActivityAction.STATUS_CHANGED, {"is_active": True}, {"is_active": False}),
        (ActivityAction.STATUS_CHANGED, {"is_active": False}, {"is_active": True}),
    ]
