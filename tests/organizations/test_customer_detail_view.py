"""A customer's page: the organization and its contacts, 404 for another tenant's organization,
the tenant itself or a malformed id, and a query count that does not grow with contacts.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import uuid

import pytest
from django.urls import reverse

from tests.contacts.factories import ContactFactory

pytestmark = pytest.mark.django_db(transaction=True)

DETAIL_QUERIES = 7  # session, user, BEGIN, tenant settings, customer, contacts, COMMIT


def test_detail_shows_the_organization_and_its_contacts(client, sales_user, customer, tenant):
    ContactFactory(owner_organization=tenant, organization=customer, contact_name="Nguyen Van A")
    client.force_login(sales_user)

    response = client.get(reverse("customers:detail", args=[customer.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Saigon Precision" in body
    assert "Nguyen Van A" in body


def test_detail_of_another_tenants_organization_is_404(client, sales_user, foreign_customer):
    client.force_login(sales_user)

    response = client.get(reverse("customers:detail", args=[foreign_customer.pk]))

    assert response.status_code == 404


def test_detail_of_the_tenant_itself_is_404(client, sales_user, tenant):
    client.force_login(sales_user)

    assert client.get(reverse("customers:detail", args=[tenant.pk])).status_code == 404


@pytest.mark.parametrize(
    "path", ["/customers/not-a-uuid/", "/customers/1/edit/", f"/customers/{uuid.uuid4()}/"]
)
def test_malformed_or_unknown_ids_are_404(client, sales_user, path):
    client.force_login(sales_user)

    assert client.get(path).status_code == 404


@pytest.mark.parametrize("contacts", [3, 30])
def test_detail_query_count_does_not_grow_with_contacts(
    client, sales_user, customer, tenant, django_assert_max_num_queries, contacts
):
    ContactFactory.create_batch(contacts, owner_organization=tenant, organization=customer)
    client.force_login(sales_user)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("customers:detail", args=[customer.pk]))

    assert response.status_code == 200
