"""Deactivating a customer (confirmed, then a soft delete) and restoring it: POST only, 403 for
sales, 404 for another tenant's organization.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import pytest
from django.urls import reverse

from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_deactivate_asks_for_confirmation_then_soft_deletes(client, admin_user, customer, tenant):
    contact = ContactFactory(owner_organization=tenant, organization=customer)
    client.force_login(admin_user)

    confirm = client.get(reverse("customers:deactivate", args=[customer.pk]))
    customer.refresh_from_db()
    assert confirm.status_code == 200
    assert 'data-testid="confirm-deactivate"' in confirm.content.decode()
    assert customer.is_active  # a GET changes nothing

    response = client.post(reverse("customers:deactivate", args=[customer.pk]))

    customer.refresh_from_db()
    contact.refresh_from_db()
    assert response.status_code == 302
    assert not customer.is_active
    assert contact.is_active
    listed = client.get(reverse("customers:list")).context["page"].object_list
    assert customer.pk not in [row.pk for row in listed]


def test_restore_brings_it_back(client, admin_user, tenant):
    archived = CustomerFactory(owner_organization=tenant, is_active=False)
    client.force_login(admin_user)

    response = client.post(reverse("customers:restore", args=[archived.pk]))

    archived.refresh_from_db()
    assert response.status_code == 302
    assert archived.is_active


def test_restore_is_post_only(client, admin_user, tenant):
    archived = CustomerFactory(owner_organization=tenant, is_active=False)
    client.force_login(admin_user)

    assert client.get(reverse("customers:restore", args=[archived.pk])).status_code == 405


def test_deactivate_is_403_for_sales(client, sales_user, customer):
    client.force_login(sales_user)

    response = client.post(reverse("customers:deactivate", args=[customer.pk]))

    customer.refresh_from_db()
    assert response.status_code == 403
    assert customer.is_active


def test_deactivate_and_restore_of_another_tenants_organization_are_404(
    client, admin_user, foreign_customer
):
    client.force_login(admin_user)

    assert (
        client.post(reverse("customers:deactivate", args=[foreign_customer.pk])).status_code == 404
    )
    assert client.post(reverse("customers:restore", args=[foreign_customer.pk])).status_code == 404
    foreign_customer.refresh_from_db()
    assert foreign_customer.is_active
