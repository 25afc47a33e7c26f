"""Creating and editing a customer: saved for the user's own tenant, bad input refused with 422
and nothing saved, 403 without the permission, 404 for another tenant's, and query counts.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import pytest
from django.urls import reverse

from apps.organizations.models import Organization, OrganizationType

pytestmark = pytest.mark.django_db(transaction=True)

EDIT_FORM_QUERIES = 6  # session, user, BEGIN, tenant settings, customer, COMMIT
CREATE_FORM_QUERIES = 5  # session, user, BEGIN, tenant settings, COMMIT
# + the names already recorded, slugs in use, full_clean (FKs, id, slug unique, CHECKs), INSERT,
# activity entry
CREATE_QUERIES = 25


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


def test_create_form_and_create_query_counts(client, sales_user, django_assert_max_num_queries):
    client.force_login(sales_user)

    with django_assert_max_num_queries(CREATE_FORM_QUERIES):
        form = client.get(reverse("customers:create"))
    with django_assert_max_num_queries(CREATE_QUERIES):
        created = client.post(reverse("customers:create"), valid_form())

    assert (form.status_code, created.status_code) == (200, 302)


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
