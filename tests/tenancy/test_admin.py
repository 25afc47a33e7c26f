"""The Django admin runs under the same middleware and RLS: a tenant admin sees only their own."""

import pytest
from django.urls import reverse

from apps.users.models import Role
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_lists_only_the_own_tenants_organizations_and_users(client, admin_user, other_admin):
    mine = CustomerFactory(owner_organization=admin_user.organization, name="Toyota Vietnam")
    theirs = CustomerFactory(owner_organization=other_admin.organization, name="Secret Rival")
    client.force_login(admin_user)

    organizations = client.get(reverse("admin:organizations_organization_changelist")).content
    users = client.get(reverse("admin:users_user_changelist")).content

    assert mine.name.encode() in organizations
    assert theirs.name.encode() not in organizations
    assert admin_user.email.encode() in users
    assert other_admin.email.encode() not in users


def test_admin_change_page_of_another_tenants_row_is_not_found(client, admin_user, other_admin):
    contact = ContactFactory(owner_organization=other_admin.organization)
    client.force_login(admin_user)

    response = client.get(reverse("admin:contacts_contact_change", args=[contact.pk]), follow=True)

    assert contact.contact_name.encode() not in response.content
    assert response.redirect_chain  # the admin redirects "does not exist" to its index


def test_admin_creates_customers_inside_the_own_tenant(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name": "Honda Vietnam",
            "slug": "honda-vietnam",
            "organization_type": "customer",
            "timezone": "Asia/Ho_Chi_Minh",
            "default_currency": "USD",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    from apps.organizations.models import Organization

    honda = Organization.objects.get(slug="honda-vietnam")
    assert honda.owner_organization_id == admin_user.organization_id


def test_global_tables_are_not_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Groups" not in index
    assert "Access attempts" not in index


def test_only_admins_and_workflow_configurers_enter_the_admin(client, tenant):
    sales = UserFactory(organization=tenant, role=Role.SALES)
    client.force_login(sales)
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_slug_taken_in_the_tenant_is_a_form_error_in_the_organization_admin(client, admin_user):
    CustomerFactory(owner_organization=admin_user.organization, slug="honda-vietnam")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name": "Honda Vietnam",
            "slug": "honda-vietnam",
            "organization_type": "customer",
            "timezone": "Asia/Ho_Chi_Minh",
            "default_currency": "USD",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
