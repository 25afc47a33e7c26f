"""The Django admin's contact page."""

import pytest

from apps.contacts.models import Contact
from tests.organizations.factories import CustomerFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/contacts/contact/add/"


def contact_form(**changes) -> dict:
    data = {
        "organization": "",
        "type": "customer",
        "contact_name": "Nguyen Van A",
        "email": "",
        "phone": "",
        "role": "",
        "is_active": "on",
        "notes": "",
    }
    return {**data, **changes}


@pytest.mark.parametrize("organization", ["not-a-uuid", "1", "' OR 1=1 --", "0" * 300])
def test_a_customer_that_is_not_an_id_is_a_form_error(client, admin_user, organization):
    """Before, the autocomplete widget looked the raw value up again and the admin answered 500."""
    client.force_login(admin_user)

    response = client.post(ADD_URL, contact_form(organization=organization))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_customer_of_this_factory_is_kept(client, admin_user, tenant):
    customer = CustomerFactory(owner_organization=tenant)
    client.force_login(admin_user)

    response = client.post(ADD_URL, contact_form(organization=str(customer.pk)))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Contact.objects.get().organization == customer
