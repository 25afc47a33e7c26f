"""Customers pages: list (filters, table, HTMX partial), detail, create, edit, deactivate, restore.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import uuid

import pytest
from django.urls import reverse

from apps.organizations.models import Organization, OrganizationType
from apps.users.models import Role
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST_QUERIES = 8  # session, user, BEGIN, tenant settings, countries, count, page, COMMIT
DETAIL_QUERIES = 7  # session, user, BEGIN, tenant settings, customer, contacts, COMMIT
EDIT_FORM_QUERIES = 6  # session, user, BEGIN, tenant settings, customer, COMMIT
CREATE_FORM_QUERIES = 5  # session, user, BEGIN, tenant settings, COMMIT
# + slugs in use, full_clean (FKs, id, slug unique, CHECKs), INSERT, activity entry
CREATE_QUERIES = 24


@pytest.fixture
def auditor(tenant):
    return UserFactory(organization=tenant, role=Role.AUDITOR, email="auditor@a.example.com")


@pytest.fixture
def customer(tenant):
    return CustomerFactory(owner_organization=tenant, name="Saigon Precision", country="VN")


@pytest.fixture
def foreign_customer(other_tenant):
    return CustomerFactory(owner_organization=other_tenant, name="Foreign Widgets", country="US")


def valid_form(**overrides):
    data = {
        "name": "Mekong Motors",
        "organization_type": "customer",
        "country": "vn",
        "industry": "Automotive",
        "website": "https://mekong.example.com",
        "address": "12 Le Loi, District 1",
        "description": "",
        "timezone": "Asia/Ho_Chi_Minh",
        "default_currency": "usd",
    }
    data.update(overrides)
    return data


def make_customers(tenant, count):
    for index in range(count):
        customer = CustomerFactory(owner_organization=tenant, country="VN" if index % 2 else "US")
        ContactFactory(owner_organization=tenant, organization=customer)


# --- list ---


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

    row = response.context["table"].page.object_list.data[0]
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

    names = [row.name for row in response.context["table"].page.object_list.data]
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
    assert len(response.context["table"].page.object_list.data) == 0
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

    assert by_count.context["table"].page.object_list.data[0].name == "Busy Co"
    assert unknown.status_code == 200


def test_list_paginates_and_survives_bad_page_numbers(client, sales_user, tenant):
    make_customers(tenant, 30)
    client.force_login(sales_user)

    second = client.get(reverse("customers:list"), {"page": "2"})
    not_a_number = client.get(reverse("customers:list"), {"page": "abc"})
    past_the_end = client.get(reverse("customers:list"), {"page": "99999999999"})

    assert len(second.context["table"].page.object_list.data) == 5
    assert not_a_number.context["table"].page.number == 1
    assert past_the_end.context["table"].page.number == 2
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


# --- detail ---


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


# --- create ---


def test_create_saves_for_the_users_tenant_whatever_the_form_says(
    client, sales_user, tenant, other_tenant
):
    client.force_login(sales_user)

    response = client.post(
        reverse("customers:create"),
        valid_form(owner_organization=str(other_tenant.pk), slug="hijack", is_active="false"),
    )

    created = Organization.objects.get(name="Mekong Motors")
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:detail", args=[created.pk])
    assert created.owner_organization_id == tenant.pk
    assert (created.slug, created.country, created.default_currency) == (
        "mekong-motors",
        "VN",
        "USD",
    )
    assert created.is_active


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "N" * 201),
        ("organization_type", "internal"),
        ("organization_type", "bogus"),
        ("country", "Vietnam"),
        ("website", "javascript:alert(1)"),
        ("timezone", "Mars/Olympus"),
        ("default_currency", "dollars"),
        ("description", "d" * 5001),
    ],
)
def test_create_refuses_bad_input_with_422_and_saves_nothing(client, sales_user, field, value):
    client.force_login(sales_user)
    before = Organization.objects.count()

    response = client.post(reverse("customers:create"), valid_form(**{field: value}))

    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert f'data-testid="error-{field}"' in response.content.decode()
    assert Organization.objects.count() == before


def test_create_is_403_without_permission(client, auditor):
    client.force_login(auditor)

    assert client.get(reverse("customers:create")).status_code == 403
    assert client.post(reverse("customers:create"), valid_form()).status_code == 403
    assert not Organization.objects.filter(name="Mekong Motors").exists()


def test_create_requires_sign_in(client):
    response = client.post(reverse("customers:create"), valid_form())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- edit ---


def test_edit_form_is_prefilled(client, sales_user, customer, django_assert_max_num_queries):
    client.force_login(sales_user)

    with django_assert_max_num_queries(EDIT_FORM_QUERIES):
        response = client.get(reverse("customers:edit", args=[customer.pk]))

    assert response.status_code == 200
    assert response.context["form"]["name"].value() == "Saigon Precision"


def test_edit_saves_changes(client, sales_user, customer):
    client.force_login(sales_user)

    response = client.post(
        reverse("customers:edit", args=[customer.pk]),
        valid_form(name="Saigon Precision JSC", organization_type="supplier"),
    )

    customer.refresh_from_db()
    assert response.status_code == 302
    assert customer.name == "Saigon Precision JSC"
    assert customer.organization_type == OrganizationType.SUPPLIER


def test_edit_refuses_bad_input_and_changes_nothing(client, sales_user, customer):
    client.force_login(sales_user)

    response = client.post(
        reverse("customers:edit", args=[customer.pk]),
        valid_form(name="Renamed", website="not a url"),
    )

    customer.refresh_from_db()
    assert response.status_code == 422
    assert "website" in response.context["form"].errors
    assert customer.name == "Saigon Precision"


def test_edit_of_another_tenants_organization_is_404(client, sales_user, foreign_customer):
    client.force_login(sales_user)

    response = client.post(reverse("customers:edit", args=[foreign_customer.pk]), valid_form())

    foreign_customer.refresh_from_db()
    assert response.status_code == 404
    assert foreign_customer.name == "Foreign Widgets"


def test_edit_is_403_without_permission(client, auditor, customer):
    client.force_login(auditor)

    response = client.post(reverse("customers:edit", args=[customer.pk]), valid_form())

    assert response.status_code == 403


# --- deactivate and restore ---


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
    listed = client.get(reverse("customers:list")).context["table"].page.object_list.data
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


def test_create_form_and_create_query_counts(client, sales_user, django_assert_max_num_queries):
    client.force_login(sales_user)

    with django_assert_max_num_queries(CREATE_FORM_QUERIES):
        form = client.get(reverse("customers:create"))
    with django_assert_max_num_queries(CREATE_QUERIES):
        created = client.post(reverse("customers:create"), valid_form())

    assert (form.status_code, created.status_code) == (200, 302)
