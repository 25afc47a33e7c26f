"""`model_update`: validate a copy, save only what changed, leave the instance alone on failure."""

import pytest
from django.core.exceptions import ValidationError

from apps.core.services import model_update
from apps.organizations.models import Organization
from tests.organizations.factories import CustomerFactory

pytestmark = pytest.mark.django_db

FIELDS = ("name", "country", "website")


# Its own transactions: `updated_at` is the transaction's time (the database trigger sets it).
@pytest.mark.django_db(transaction=True)
def test_saves_only_the_changed_fields_and_reports_old_and_new_values(tenant):
    customer = CustomerFactory(owner_organization=tenant, name="Old", country="VN")
    Organization.objects.filter(pk=customer.pk).update(industry="changed elsewhere")
    before = Organization.objects.get(pk=customer.pk).updated_at

    changes = model_update(
        customer, {"name": "New", "country": "VN", "website": "https://new.example"}, fields=FIELDS
    )

    assert changes.fields == ["name", "website"]
    assert changes.old_values == {"name": "Old", "website": ""}
    assert changes.new_values == {"name": "New", "website": "https://new.example"}
    assert (customer.name, customer.website) == ("New", "https://new.example")
    saved = Organization.objects.get(pk=customer.pk)
    assert (saved.name, saved.website) == ("New", "https://new.example")
    assert saved.industry == "changed elsewhere"  # not in update_fields, so not overwritten
    assert saved.updated_at > before


def test_nothing_changed_is_no_write(tenant, django_assert_num_queries):
    customer = CustomerFactory(owner_organization=tenant, name="Same")

    with django_assert_num_queries(0):
        changes = model_update(customer, {"name": "Same"}, fields=FIELDS)

    assert not changes
    assert changes.fields == []


def test_invalid_data_leaves_the_instance_and_the_row_unchanged(tenant):
    customer = CustomerFactory(owner_organization=tenant, name="Keep", country="VN")

    with pytest.raises(ValidationError) as refused:
        model_update(customer, {"name": "", "country": "DE", "website": "no url"}, fields=FIELDS)

    assert {"name", "website"} <= set(refused.value.message_dict)
    assert (customer.name, customer.country, customer.website) == ("Keep", "VN", "")
    saved = Organization.objects.get(pk=customer.pk)
    assert (saved.name, saved.country) == ("Keep", "VN")


def test_fields_outside_the_allowed_ones_are_a_programming_error(tenant):
    customer = CustomerFactory(owner_organization=tenant)

    with pytest.raises(ValueError, match="is_active, slug"):
        model_update(customer, {"slug": "x", "is_active": False, "name": "N"}, fields=FIELDS)
