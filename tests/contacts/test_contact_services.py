"""Contact services, run as the app role inside the tenant (RLS applies)."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from apps.contacts import services
from apps.contacts.models import Contact, ContactType
from apps.contacts.services import (
    contact_create,
    contact_deactivate,
    contact_make_primary,
    contact_update,
)
from apps.core.tenancy import tenant_context
from apps.organizations.models import OrganizationType
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory


@pytest.fixture
def customer(tenant):
    return CustomerFactory(owner_organization=tenant, name="Saigon Precision")


def primaries(customer) -> list:
    return list(
        Contact.objects.filter(organization=customer, is_primary_contact=True).values_list(
            "pk", flat=True
        )
    )


@pytest.mark.django_db
def test_create_belongs_to_the_tenant_and_takes_the_companys_kind(admin_user, tenant):
    supplier = CustomerFactory(
        owner_organization=tenant, organization_type=OrganizationType.SUPPLIER
    )

    with tenant_context(tenant, admin_user):
        contact = contact_create(
            user=admin_user, organization=supplier, contact_name="Tran Thi B", email="b@s.vn"
        )

    contact.refresh_from_db()
    assert contact.owner_organization_id == tenant.pk
    assert contact.type == ContactType.SUPPLIER
    assert not contact.is_primary_contact


@pytest.mark.django_db
def test_create_refuses_bad_values_and_saves_nothing(admin_user, tenant, customer):
    with tenant_context(tenant, admin_user), pytest.raises(ValidationError) as refused:
        contact_create(
            user=admin_user,
            organization=customer,
            contact_name="",
            email="not-an-email",
            contact_type="robot",
        )

    assert {"contact_name", "email", "type"} <= set(refused.value.message_dict)
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_create_refuses_a_deactivated_company(admin_user, tenant):
    archived = CustomerFactory(owner_organization=tenant, is_active=False)

    with tenant_context(tenant, admin_user), pytest.raises(ValidationError, match="Restore"):
        contact_create(user=admin_user, organization=archived, contact_name="Late Larry")

    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_services_refuse_another_tenants_rows(admin_user, other_tenant):
    foreign_company = CustomerFactory(owner_organization=other_tenant)
    foreign_contact = ContactFactory(owner_organization=other_tenant, organization=foreign_company)

    with tenant_context(admin_user.organization_id, admin_user):
        with pytest.raises(PermissionDenied):
            contact_create(user=admin_user, organization=foreign_company, contact_name="X")
        with pytest.raises(PermissionDenied):
            contact_update(user=admin_user, contact=foreign_contact, data={"role": "Boss"})
        with pytest.raises(PermissionDenied):
            contact_make_primary(user=admin_user, contact=foreign_contact)


@pytest.mark.django_db
def test_update_changes_only_editable_fields(admin_user, tenant, customer):
    contact = ContactFactory(owner_organization=tenant, organization=customer)

    with tenant_context(tenant, admin_user):
        contact_update(user=admin_user, contact=contact, data={"role": "QA manager"})
        with pytest.raises(ValueError, match="is_primary_contact"):
            contact_update(user=admin_user, contact=contact, data={"is_primary_contact": True})

    contact.refresh_from_db()
    assert contact.role == "QA manager"
    assert not contact.is_primary_contact


@pytest.mark.django_db
def test_make_primary_moves_the_flag_leaving_exactly_one(admin_user, tenant, customer):
    first, second, _third = ContactFactory.create_batch(
        3, owner_organization=tenant, organization=customer
    )

    with tenant_context(tenant, admin_user):
        contact_make_primary(user=admin_user, contact=first)
        contact_make_primary(user=admin_user, contact=second)
        contact_make_primary(user=admin_user, contact=second)  # again: nothing changes

    assert primaries(customer) == [second.pk]


@pytest.mark.django_db
def test_make_primary_refuses_an_inactive_contact_or_company(admin_user, tenant, customer):
    gone = ContactFactory(owner_organization=tenant, organization=customer, is_active=False)
    archived = CustomerFactory(owner_organization=tenant, is_active=False)
    at_archived = ContactFactory(owner_organization=tenant, organization=archived)

    with tenant_context(tenant, admin_user):
        with pytest.raises(ValidationError, match="deactivated"):
            contact_make_primary(user=admin_user, contact=gone)
        with pytest.raises(ValidationError, match="Restore"):
            contact_make_primary(user=admin_user, contact=at_archived)

    assert primaries(customer) == []
    assert primaries(archived) == []


@pytest.mark.django_db
def test_deactivating_the_primary_clears_the_flag(admin_user, tenant, customer):
    contact = ContactFactory(owner_organization=tenant, organization=customer)
    with tenant_context(tenant, admin_user):
        contact_make_primary(user=admin_user, contact=contact)

        contact_deactivate(user=admin_user, contact=contact)

    contact.refresh_from_db()
    assert not contact.is_active
    assert not contact.is_primary_contact


@pytest.mark.django_db
def test_an_index_conflict_becomes_a_validation_error_not_a_crash(
    admin_user, tenant, customer, monkeypatch
):
    """Simulate a write that bypassed the services: the unique index refuses a second primary and
    the service answers with a message, leaving the transaction usable and nothing changed."""
    holder = ContactFactory(owner_organization=tenant, organization=customer)
    other = ContactFactory(owner_organization=tenant, organization=customer)
    Contact.objects.filter(pk=holder.pk).update(is_primary_contact=True)

    def blind_make_primary(*, user, contact):
        Contact.objects.filter(pk=contact.pk).update(is_primary_contact=True)

    monkeypatch.setattr(services, "_make_primary", blind_make_primary)

    with tenant_context(tenant, admin_user):
        with pytest.raises(ValidationError, match="same moment"):
            contact_make_primary(user=admin_user, contact=other)
        assert Contact.objects.filter(pk=holder.pk).exists()  # the transaction still works

    assert primaries(customer) == [holder.pk]


@pytest.mark.django_db(transaction=True)
def test_concurrent_make_primary_waits_for_the_first_and_leaves_one_primary(
    admin_user, tenant, customer
):
    """Request A makes `first` primary and has not committed yet; request B, for `second`, must
    wait on the company lock and then succeed (without the lock it would hit the unique index)."""
    first, second = ContactFactory.create_batch(2, owner_organization=tenant, organization=customer)
    a_has_lock = threading.Event()
    release_a = threading.Event()
    outcome = {}

    def request_a():
        try:
            with tenant_context(tenant, admin_user):
                contact_make_primary(user=admin_user, contact=first)
                a_has_lock.set()
                release_a.wait(timeout=10)
        finally:
            connection.close()

    def request_b():
        try:
            a_has_lock.wait(timeout=10)
            with tenant_context(tenant, admin_user):
                contact_make_primary(user=admin_user, contact=second)
            outcome["b"] = "ok"
        except Exception as error:  # reported by the assertion below
            outcome["b"] = repr(error)
        finally:
            connection.close()

    thread_a = threading.Thread(target=request_a)
    thread_b = threading.Thread(target=request_b)
    thread_a.start()
    thread_b.start()
    a_has_lock.wait(timeout=10)
    thread_b.join(timeout=1)
    b_was_waiting = thread_b.is_alive()
    release_a.set()
    thread_a.join(timeout=10)
    thread_b.join(timeout=10)
    connections.close_all()

    assert b_was_waiting, "the second request did not wait for the first one's lock"
    assert outcome["b"] == "ok"
    assert primaries(customer) == [second.pk]


@pytest.mark.django_db
def test_a_refused_update_leaves_the_callers_instance_as_it_was(admin_user, tenant, customer):
    contact = ContactFactory(owner_organization=tenant, organization=customer, role="Buyer")
    original_email = contact.email

    with tenant_context(tenant, admin_user), pytest.raises(ValidationError):
        contact_update(
            user=admin_user, contact=contact, data={"email": "not-an-email", "role": "Boss"}
        )

    assert (contact.email, contact.role) == (original_email, "Buyer")
