"""Customer services, run as the app role inside the tenant (so RLS checks every write)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.core.tenancy import tenant_context
from apps.organizations.models import Organization, OrganizationType
from apps.organizations.services import (
    customer_create,
    customer_deactivate,
    customer_reactivate,
    customer_update,
)
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def create(user, **fields):
    with tenant_context(user.organization_id, user.pk):
        return customer_create(user=user, **fields)


def test_create_belongs_to_the_users_tenant(admin_user, tenant):
    customer = create(admin_user, name="Saigon Precision", country="VN", website="https://sp.vn")

    customer.refresh_from_db()
    assert customer.owner_organization_id == tenant.pk
    assert customer.organization_type == OrganizationType.CUSTOMER
    assert customer.slug == "saigon-precision"
    assert customer.is_active


def test_create_suffixes_the_slug_until_it_is_free_within_the_tenant(admin_user, other_admin):
    first = create(admin_user, name="Acme Tools")
    second = create(admin_user, name="Acme-Tools")
    third = create(admin_user, name="Acme  Tools!")
    elsewhere = create(other_admin, name="Acme Tools")

    assert [first.slug, second.slug, third.slug] == ["acme-tools", "acme-tools-2", "acme-tools-3"]
    assert elsewhere.slug == "acme-tools"  # slugs are unique per tenant, not globally


@pytest.mark.parametrize(
    "same_name", ["Công ty Đông Á", "CÔNG TY ĐÔNG Á", "cong ty dong a", "  Cong  ty Dong A "]
)
def test_create_refuses_a_company_already_recorded_whatever_its_case_and_accents(
    admin_user, same_name
):
    create(admin_user, name="Công ty Đông Á")

    with pytest.raises(ValidationError) as refused:
        create(admin_user, name=same_name)

    assert "“Công ty Đông Á” is already recorded" in refused.value.message_dict["name"][0]
    assert Organization.objects.filter(name__icontains="ty").count() == 1


def test_create_names_a_deactivated_namesake_and_another_tenants_is_no_obstacle(
    admin_user, other_admin, tenant
):
    CustomerFactory(owner_organization=tenant, name="Mekong Motors", is_active=False)
    create(other_admin, name="Mekong Motors Ltd")

    with pytest.raises(ValidationError) as refused:
        create(admin_user, name="mekong motors")
    elsewhere = create(other_admin, name="Mekong Motors")

    assert "deactivated" in refused.value.message_dict["name"][0]
    assert elsewhere.name == "Mekong Motors"


def test_update_refuses_renaming_to_a_company_already_recorded(admin_user, tenant):
    CustomerFactory(owner_organization=tenant, name="Toyota Vietnam")
    customer = create(admin_user, name="Toyota VN")

    with pytest.raises(ValidationError), tenant_context(tenant.pk, admin_user.pk):
        customer_update(user=admin_user, customer=customer, data={"name": "TOYOTA VIETNAM"})
    with tenant_context(tenant.pk, admin_user.pk):
        customer_update(user=admin_user, customer=customer, data={"name": "Toyota vn"})

    customer.refresh_from_db()
    assert customer.name == "Toyota vn"  # its own name, differently written, is fine


def test_create_skips_the_tenants_own_slug(admin_user, tenant):
    Organization.objects.filter(pk=tenant.pk).update(slug="factory-pulse-vietnam-co-ltd")

    customer = create(admin_user, name=tenant.name)

    assert customer.slug == "factory-pulse-vietnam-co-ltd-2"


def test_create_with_a_name_without_letters_still_gets_a_slug(admin_user):
    customer = create(admin_user, name="!!!")

    assert customer.slug == "organization"


def test_create_refuses_an_internal_organization(admin_user, tenant):
    with pytest.raises(ValidationError) as refused:
        create(admin_user, name="Sneaky", organization_type=OrganizationType.INTERNAL)

    assert "organization_type" in refused.value.message_dict
    assert not Organization.objects.filter(name="Sneaky").exists()


def test_create_refuses_invalid_values_and_saves_nothing(admin_user):
    with pytest.raises(ValidationError) as refused:
        create(admin_user, name="X" * 201, website="not a url")

    assert {"name", "website"} <= set(refused.value.message_dict)
    assert not Organization.objects.filter(website="not a url").exists()


def test_update_changes_fields_and_keeps_the_slug(admin_user, tenant):
    customer = CustomerFactory(owner_organization=tenant, name="Old name", slug="old-name")

    with tenant_context(tenant, admin_user):
        customer_update(
            user=admin_user,
            customer=customer,
            data={"name": "New name", "organization_type": OrganizationType.SUPPLIER},
        )

    customer.refresh_from_db()
    assert (customer.name, customer.slug) == ("New name", "old-name")
    assert customer.organization_type == OrganizationType.SUPPLIER


def test_update_refuses_fields_that_are_not_editable(admin_user, tenant):
    customer = CustomerFactory(owner_organization=tenant)

    with tenant_context(tenant, admin_user), pytest.raises(ValueError, match="owner_organization"):
        customer_update(user=admin_user, customer=customer, data={"owner_organization": tenant})


def test_update_refuses_an_invalid_value_and_saves_nothing(admin_user, tenant):
    customer = CustomerFactory(owner_organization=tenant, name="Keep me")

    with tenant_context(tenant, admin_user), pytest.raises(ValidationError):
        customer_update(user=admin_user, customer=customer, data={"name": "", "country": "VN"})

    customer.refresh_from_db()
    assert customer.name == "Keep me"


def test_services_refuse_another_tenants_organization(admin_user, other_tenant):
    foreign = CustomerFactory(owner_organization=other_tenant)

    with tenant_context(admin_user.organization_id, admin_user):
        with pytest.raises(PermissionDenied):
            customer_update(user=admin_user, customer=foreign, data={"name": "Mine now"})
        with pytest.raises(PermissionDenied):
            customer_deactivate(user=admin_user, customer=foreign)


def test_services_refuse_the_tenant_itself(admin_user, tenant):
    with tenant_context(tenant, admin_user), pytest.raises(PermissionDenied):
        customer_deactivate(user=admin_user, customer=tenant)


def test_deactivate_keeps_the_organization_and_its_contacts_and_can_be_undone(admin_user, tenant):
    customer = CustomerFactory(owner_organization=tenant)
    contact = ContactFactory(owner_organization=tenant, organization=customer)

    with tenant_context(tenant, admin_user):
        customer_deactivate(user=admin_user, customer=customer)
        customer_deactivate(user=admin_user, customer=customer)  # twice is harmless

    customer.refresh_from_db()
    contact.refresh_from_db()
    assert not customer.is_active
    assert contact.is_active

    with tenant_context(tenant, admin_user):
        customer_reactivate(user=admin_user, customer=customer)

    customer.refresh_from_db()
    assert customer.is_active


def test_a_refused_update_leaves_the_callers_instance_as_it_was(admin_user, tenant):
    customer = CustomerFactory(owner_organization=tenant, name="Keep me", country="VN")

    with tenant_context(tenant, admin_user), pytest.raises(ValidationError):
        customer_update(user=admin_user, customer=customer, data={"name": "", "country": "DE"})

    assert (customer.name, customer.country) == ("Keep me", "VN")
