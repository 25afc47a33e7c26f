"""The customers list: only the tenant's active organizations, filters (a refused one is a 422),
the htmx table fragment, sorting and pages, the query count, and who sees it.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import pytest
from django.urls import reverse

from apps.organizations.models import OrganizationType
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST_QUERIES = 8  # session, user, BEGIN, tenant settings, countries, count, page, COMMIT


def make_customers(tenant, count):
    for index in range(count):
        customer = CustomerFactory(owner_organization=tenant, country="VN" if index % 2 else "US")
        ContactFactory(owner_organization=tenant, organization=customer)


def test_list_shows_only_the_tenants_active_organizations(
    client, sales_user, customer, foreign_customer, tenant
):
    CustomerFactory(owner_organization=tenant, name="Gone Ltd", is_active=False)
    client.force_login(sales_user)

    response = client.get(reverse("customers:list"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Saigon Precision" in body
    assert "Foreign Widgets" not in body
    assert "Gone Ltd" not in body
    assert tenant.name not in body.split('data-testid="customer-table"')[1]  # never the tenant
    assert "<html" in body


def test_list_shows_the_count_of_active_contacts(client, sales_user, customer, tenant):
    ContactFactory.create_batch(2, owner_organization=tenant, organization=customer)
    ContactFactory(owner_organization=tenant, organization=customer, is_active=False)
    client.force_login(sales_user)

    response = client.get(reverse("customers:list"))

    row = response.context["page"].object_list[0]
    assert row.contact_count == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "saigon"}, ["Saigon Precision"]),
        ({"organization_type": "supplier"}, ["Hanoi Steel"]),
        ({"country": "US"}, ["Ohio Castings"]),
        ({"status": "inactive"}, ["Archived Partner"]),
        ({"status": "all", "organization_type": "partner"}, ["Archived Partner"]),
        ({}, ["Hanoi Steel", "Ohio Castings", "Saigon Precision"]),
    ],
)
def test_list_filters(client, sales_user, customer, tenant, query, expected):
    CustomerFactory(
        owner_organization=tenant, name="Hanoi Steel", organization_type=OrganizationType.SUPPLIER
    )
    CustomerFactory(owner_organization=tenant, name="Ohio Castings", country="US")
    CustomerFactory(
        owner_organization=tenant,
        name="Archived Partner",
        organization_type=OrganizationType.PARTNER,
        is_active=False,
    )
    client.force_login(sales_user)

    response = client.get(reverse("customers:list"), query)

    names = [row.name for row in response.context["page"].object_list]
    assert response.status_code == 200
    assert sorted(names) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"organization_type": "internal"},
        {"organization_type": "bogus"},
        {"country": "ZZ"},
        {"status": "deleted"},
        {"q": "x" * 201},
    ],
)
def test_list_refuses_invalid_filters_with_422_and_no_rows(client, sales_user, customer, query):
    client.force_login(sales_user)

    response = client.get(reverse("customers:list"), query)

    assert response.status_code == 422
    assert response.context["filter"].errors
    assert len(response.context["page"].object_list) == 0
    assert "Some filters are not valid" in response.content.decode()


def test_list_htmx_returns_only_the_table_fragment(client, sales_user, customer):
    client.force_login(sales_user)

    response = client.get(reverse("customers:list"), {"q": "saigon"}, **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="customer-table"')
    assert "<html" not in body
    assert 'data-testid="customer-filters"' not in body
    assert "Saigon Precision" in body
    assert "HX-Request" in response["Vary"]


def test_list_history_restore_gets_the_whole_page(client, sales_user, customer):
    client.force_login(sales_user)

    response = client.get(reverse("customers:list"), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)

    assert "<html" in response.content.decode()


def test_list_sorts_by_contact_count_and_ignores_unknown_columns(
    client, sales_user, customer, tenant
):
    busy = CustomerFactory(owner_organization=tenant, name="Busy Co")
    ContactFactory.create_batch(3, owner_organization=tenant, organization=busy)
    client.force_login(sales_user)

    by_count = client.get(reverse("customers:list"), {"sort": "-contact_count"})
    unknown = client.get(reverse("customers:list"), {"sort": "password"})

    assert by_count.context["page"].object_list[0].name == "Busy Co"
    assert unknown.status_code == 200


def test_list_paginates_and_survives_bad_page_numbers(client, sales_user, tenant):
    make_customers(tenant, 30)
    client.force_login(sales_user)

    second = client.get(reverse("customers:list"), {"page": "2"})
    not_a_number = client.get(reverse("customers:list"), {"page": "abc"})
    past_the_end = client.get(reverse("customers:list"), {"page": "99999999999"})

    assert len(second.context["page"].object_list) == 5
    assert not_a_number.context["page"].number == 1
    assert past_the_end.context["page"].number == 2
    assert "page=2" in not_a_number.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("htmx", [False, True])
def test_list_query_count_does_not_grow_with_rows(
    client, sales_user, tenant, django_assert_max_num_queries, rows, htmx
):
    make_customers(tenant, rows)
    client.force_login(sales_user)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("customers:list"), **(HTMX if htmx else {}))

    assert response.status_code == 200


def test_list_requires_sign_in(client):
    response = client.get(reverse("customers:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_nav_shows_customers_and_team_links(client, sales_user):
    client.force_login(sales_user)

    body = client.get(reverse("home")).content.decode()

    assert 'data-testid="nav-customers"' in body
    assert 'data-testid="nav-team"' in body


def test_list_offers_new_only_with_create_permission(client, sales_user, auditor):
    client.force_login(auditor)
    assert 'data-testid="customer-create"' not in client.get("/customers/").content.decode()

    client.force_login(sales_user)
    assert 'data-testid="customer-create"' in client.get("/customers/").content.decode()
