"""Contacts on the customer page: add, edit, deactivate, make primary; HTMX and plain POSTs."""

import uuid

import pytest
from django.urls import reverse

from apps.contacts import services
from apps.contacts.models import Contact
from apps.users.models import Role
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, user, BEGIN, tenant settings, contact (+company), COMMIT (6); the service: savepoints,
# company lock, contact re-read, old primary (6), then per saved row its full_clean checks of the
# flag rules (each a savepoint-wrapped SELECT) and the UPDATE (2 x 8); the activity entry (1); the
# section's contacts (1); 31 in all. Fixed: it does not depend on how many contacts the company has.
MAKE_PRIMARY_QUERIES = 31
SECTION_QUERIES = 7  # session, user, BEGIN, tenant settings, customer, contacts, COMMIT
FORM_QUERIES = 6  # session, user, BEGIN, tenant settings, customer, COMMIT
# FORM_QUERIES + savepoints, FK and id checks, 3 CHECKs, INSERT, activity entry, contacts
ADD_QUERIES = 23


@pytest.fixture
def customer(tenant):
    return CustomerFactory(owner_organization=tenant, name="Saigon Precision")


@pytest.fixture
def contact(tenant, customer):
    return ContactFactory(owner_organization=tenant, organization=customer, contact_name="Le Van C")


@pytest.fixture
def auditor(tenant):
    return UserFactory(organization=tenant, role=Role.AUDITOR, email="auditor@a.example.com")


def url(name, customer, contact=None):
    args = [customer.pk] if contact is None else [customer.pk, contact.pk]
    return reverse(f"contacts:{name}", args=args)


def contact_form(**overrides):
    data = {
        "contact_name": "Pham Thi D",
        "role": "Buyer",
        "email": "d@saigon-precision.vn",
        "phone": "+84 28 3812 3456",
        "type": "customer",
        "notes": "",
    }
    data.update(overrides)
    return data


# --- add ---


def test_add_without_htmx_redirects_to_the_customer(client, sales_user, customer, tenant):
    client.force_login(sales_user)

    response = client.post(url("create", customer), contact_form())

    created = Contact.objects.get(contact_name="Pham Thi D")
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:detail", args=[customer.pk]) + "#contacts"
    assert (created.owner_organization_id, created.organization_id) == (tenant.pk, customer.pk)


def test_add_form_htmx_returns_only_the_form(client, sales_user, customer):
    client.force_login(sales_user)

    response = client.get(url("create", customer), **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith("<form")
    assert "<html" not in body


def test_add_with_htmx_returns_the_contacts_section(client, sales_user, customer):
    client.force_login(sales_user)

    response = client.post(url("create", customer), contact_form(), **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="contacts-section"')
    assert "Pham Thi D" in body
    assert response["HX-Retarget"] == "#contacts-section"
    assert response["HX-Reswap"] == "outerHTML"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact_name", ""),
        ("contact_name", "n" * 201),
        ("email", "not-an-email"),
        ("phone", "call me maybe"),
        ("type", "robot"),
        ("notes", "n" * 5001),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_add_refuses_bad_input_with_422_and_saves_nothing(
    client, sales_user, customer, field, value, htmx
):
    client.force_login(sales_user)

    response = client.post(
        url("create", customer), contact_form(**{field: value}), **(HTMX if htmx else {})
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert f'data-testid="error-{field}"' in body
    assert ("<html" in body) is not htmx
    assert not Contact.objects.exists()


def test_add_to_a_deactivated_customer_is_refused(client, sales_user, tenant):
    archived = CustomerFactory(owner_organization=tenant, is_active=False)
    client.force_login(sales_user)

    response = client.post(url("create", archived), contact_form())

    assert response.status_code == 422
    assert "Restore it before adding contacts" in response.content.decode()
    assert not Contact.objects.exists()


def test_add_is_403_for_a_read_only_role(client, auditor, customer):
    client.force_login(auditor)

    assert client.post(url("create", customer), contact_form()).status_code == 403
    assert not Contact.objects.exists()


def test_add_requires_sign_in(client, customer):
    response = client.post(url("create", customer), contact_form())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_add_to_another_tenants_customer_is_404(client, sales_user, other_tenant):
    foreign = CustomerFactory(owner_organization=other_tenant)
    client.force_login(sales_user)

    assert client.post(url("create", foreign), contact_form()).status_code == 404
    assert not Contact.objects.exists()


# --- edit ---


def test_edit_saves_and_returns_the_section(client, sales_user, customer, contact):
    client.force_login(sales_user)

    response = client.post(
        url("edit", customer, contact), contact_form(contact_name="Le Van C", role="CEO"), **HTMX
    )

    contact.refresh_from_db()
    assert response.status_code == 200
    assert contact.role == "CEO"
    assert 'id="contacts-section"' in response.content.decode()


def test_edit_refuses_bad_input_and_changes_nothing(client, sales_user, customer, contact):
    client.force_login(sales_user)

    response = client.post(
        url("edit", customer, contact), contact_form(email="nope", role="CEO"), **HTMX
    )

    contact.refresh_from_db()
    assert response.status_code == 422
    assert contact.role == "Buyer"


def test_contact_of_another_tenant_is_404(client, sales_user, customer, other_tenant):
    foreign = ContactFactory(owner_organization=other_tenant)
    client.force_login(sales_user)

    assert client.get(url("edit", customer, foreign)).status_code == 404
    assert client.get(url("edit", foreign.organization, foreign)).status_code == 404
    assert client.post(url("make-primary", foreign.organization, foreign)).status_code == 404
    foreign.refresh_from_db()
    assert not foreign.is_primary_contact


def test_contact_under_the_wrong_customer_is_404(client, sales_user, contact, tenant):
    elsewhere = CustomerFactory(owner_organization=tenant)
    client.force_login(sales_user)

    assert client.get(url("edit", elsewhere, contact)).status_code == 404


@pytest.mark.parametrize(
    "suffix", ["not-a-uuid/edit/", f"{uuid.uuid4()}/edit/", f"{uuid.uuid4()}/make-primary/"]
)
def test_malformed_or_unknown_contact_ids_are_404(client, sales_user, customer, suffix):
    client.force_login(sales_user)

    path = reverse("contacts:section", args=[customer.pk]) + suffix
    method = client.post if suffix.endswith("make-primary/") else client.get

    assert method(path).status_code == 404


# --- deactivate ---


def test_deactivating_the_primary_contact_clears_primary(client, sales_user, customer, contact):
    Contact.objects.filter(pk=contact.pk).update(is_primary_contact=True)
    client.force_login(sales_user)

    response = client.post(url("deactivate", customer, contact), **HTMX)

    contact.refresh_from_db()
    assert response.status_code == 200
    assert (contact.is_active, contact.is_primary_contact) == (False, False)
    assert "Le Van C was deactivated" in response.content.decode()


def test_deactivate_without_htmx_redirects(client, sales_user, customer, contact):
    client.force_login(sales_user)

    response = client.post(url("deactivate", customer, contact))

    contact.refresh_from_db()
    assert response.status_code == 302
    assert not contact.is_active


def test_deactivate_is_403_for_a_read_only_role_and_post_only(client, auditor, customer, contact):
    client.force_login(auditor)

    assert client.post(url("deactivate", customer, contact)).status_code == 403
    assert client.get(url("deactivate", customer, contact)).status_code == 405
    contact.refresh_from_db()
    assert contact.is_active


# --- make primary ---


def test_make_primary_leaves_exactly_one_primary(client, sales_user, customer, contact, tenant):
    old = ContactFactory(owner_organization=tenant, organization=customer)
    Contact.objects.filter(pk=old.pk).update(is_primary_contact=True)
    client.force_login(sales_user)

    response = client.post(url("make-primary", customer, contact), **HTMX)

    primaries = list(
        Contact.objects.filter(organization=customer, is_primary_contact=True).values_list(
            "pk", flat=True
        )
    )
    assert response.status_code == 200
    assert primaries == [contact.pk]
    assert response.content.decode().count('data-testid="primary-badge"') == 1


def test_make_primary_without_htmx_redirects_with_a_message(client, sales_user, customer, contact):
    client.force_login(sales_user)

    response = client.post(url("make-primary", customer, contact), follow=True)

    assert response.redirect_chain[-1][0].endswith("#contacts")
    assert "Le Van C is now the primary contact." in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_make_primary_of_an_inactive_contact_is_422_with_a_reason(
    client, sales_user, customer, tenant, htmx
):
    gone = ContactFactory(owner_organization=tenant, organization=customer, is_active=False)
    client.force_login(sales_user)

    response = client.post(url("make-primary", customer, gone), **(HTMX if htmx else {}))

    body = response.content.decode()
    assert response.status_code == 422
    assert 'data-testid="contacts-error"' in body
    assert ("<html" in body) is not htmx
    gone.refresh_from_db()
    assert not gone.is_primary_contact


def test_make_primary_index_conflict_is_a_422_not_a_500(
    client, sales_user, customer, contact, tenant, monkeypatch
):
    holder = ContactFactory(owner_organization=tenant, organization=customer)
    Contact.objects.filter(pk=holder.pk).update(is_primary_contact=True)

    def blind_make_primary(*, user, contact):
        Contact.objects.filter(pk=contact.pk).update(is_primary_contact=True)

    monkeypatch.setattr(services, "_make_primary", blind_make_primary)
    client.force_login(sales_user)

    response = client.post(url("make-primary", customer, contact), **HTMX)

    assert response.status_code == 422
    assert "same moment" in response.content.decode()
    contact.refresh_from_db()
    assert not contact.is_primary_contact


def test_make_primary_is_403_for_a_read_only_role(client, auditor, customer, contact):
    client.force_login(auditor)

    assert client.post(url("make-primary", customer, contact)).status_code == 403
    contact.refresh_from_db()
    assert not contact.is_primary_contact


@pytest.mark.parametrize("contacts", [3, 30])
def test_make_primary_query_count_does_not_grow_with_contacts(
    client, sales_user, customer, tenant, django_assert_max_num_queries, contacts
):
    batch = ContactFactory.create_batch(contacts, owner_organization=tenant, organization=customer)
    Contact.objects.filter(pk=batch[0].pk).update(is_primary_contact=True)
    client.force_login(sales_user)

    with django_assert_max_num_queries(MAKE_PRIMARY_QUERIES):
        response = client.post(url("make-primary", customer, batch[-1]), **HTMX)

    assert response.status_code == 200


# --- the section alone ---


@pytest.mark.parametrize("contacts", [3, 30])
def test_section_htmx_returns_the_fragment_with_bounded_queries(
    client, sales_user, customer, tenant, django_assert_max_num_queries, contacts
):
    ContactFactory.create_batch(contacts, owner_organization=tenant, organization=customer)
    client.force_login(sales_user)

    with django_assert_max_num_queries(SECTION_QUERIES):
        response = client.get(url("section", customer), **HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="contacts-section"')
    assert body.count('data-testid="contact-row"') == contacts


def test_section_without_htmx_redirects_to_the_page(client, sales_user, customer):
    client.force_login(sales_user)

    response = client.get(url("section", customer))

    assert response.status_code == 302


def test_section_of_another_tenants_customer_is_404(client, sales_user, other_tenant):
    foreign = CustomerFactory(owner_organization=other_tenant)
    client.force_login(sales_user)

    assert client.get(url("section", foreign), **HTMX).status_code == 404


@pytest.mark.parametrize("contacts", [3, 30])
def test_add_form_and_add_query_counts_do_not_grow_with_contacts(
    client, sales_user, customer, tenant, django_assert_max_num_queries, contacts
):
    ContactFactory.create_batch(contacts, owner_organization=tenant, organization=customer)
    client.force_login(sales_user)

    with django_assert_max_num_queries(FORM_QUERIES):
        form = client.get(url("create", customer), **HTMX)
    with django_assert_max_num_queries(ADD_QUERIES):
        added = client.post(url("create", customer), contact_form(), **HTMX)

    assert (form.status_code, added.status_code) == (200, 200)
    assert added.content.decode().count('data-testid="contact-row"') == contacts + 1
