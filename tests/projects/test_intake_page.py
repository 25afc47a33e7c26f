"""The intake page: a new inquiry for a new or an existing customer, refused input (per field,
by the engine, another tenant's customer, a malformed id) saving nothing, and who may use it.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import datetime
import re
import uuid

import pytest
from django.urls import reverse

from apps.contacts.models import Contact
from apps.organizations.models import Organization
from apps.projects.models import Project
from apps.users.models import Role
from tests.contacts.factories import ContactFactory
from tests.projects.helpers import HTMX, login

pytestmark = pytest.mark.django_db(transaction=True)


def intake_form(**overrides):
    data = {
        "customer_mode": "new",
        "customer_name": "Mekong Motors",
        "customer_country": "vn",
        "customer_industry": "Automotive",
        "new_contact_name": "Tran Thi Lan",
        "new_email": "lan@mekong.example.com",
        "new_phone": "+84 28 3812 3456",
        "title": "Gearbox housing, 200 pcs",
        "description": "Aluminium die-cast housing, machined.",
        "project_type": "manufacturing",
        "intake_type": "rfq",
        "intake_source": "email",
        "priority_level": "high",
        # Far enough ahead to be in the future in every zone, whatever the hour.
        "requested_delivery_date": (
            datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=60)
        ).isoformat(),
        "estimated_value": "125000.50",
        "assigned_to": "",
        "tags": "automotive, aluminium, automotive",
    }
    data.update(overrides)
    return data


def test_intake_for_a_new_customer_creates_customer_contact_and_project(client, sales):
    response = login(client, sales).post(reverse("projects:create"), intake_form())

    project = Project.objects.get(title="Gearbox housing, 200 pcs")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", kwargs={"pk": project.pk})
    assert project.customer_organization.name == "Mekong Motors"
    assert project.customer_organization.country == "VN"
    assert project.point_of_contact.contact_name == "Tran Thi Lan"
    assert project.point_of_contact.organization_id == project.customer_organization_id
    assert project.tags == ["automotive", "aluminium"]
    assert project.created_by == sales
    assert project.assigned_to == sales  # nobody chosen: whoever recorded it owns it
    assert project.sub_stage_progress.count() == 30


def test_intake_for_an_existing_customer_and_contact(client, sales, customer):
    contact = ContactFactory(owner_organization=customer.owner_organization, organization=customer)
    data = intake_form(
        customer_mode="existing",
        customer_organization=customer.pk,
        point_of_contact=contact.pk,
        customer_name="",
    )

    response = login(client, sales).post(reverse("projects:create"), data)

    assert response.status_code == 302
    project = Project.objects.get(title="Gearbox housing, 200 pcs")
    assert (project.customer_organization, project.point_of_contact) == (customer, contact)
    assert not Organization.objects.filter(name="Mekong Motors").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 256}, "title", "at most 255 characters"),
        ({"customer_name": ""}, "customer_name", "company name"),
        ({"customer_country": "Vietnam"}, "customer_country", "two-letter"),
        ({"new_email": "not-an-email"}, "new_email", "valid email"),
        ({"new_contact_name": ""}, "new_contact_name", "contact's name"),
        ({"priority_level": "whenever"}, "priority_level", "Select a valid choice"),
        ({"estimated_value": "-5"}, "estimated_value", "greater than or equal to 0"),
        ({"estimated_value": "1e20"}, "estimated_value", ""),
        ({"requested_delivery_date": "2020-01-01"}, "requested_delivery_date", "in the past"),
        ({"requested_delivery_date": "2026-02-30"}, "requested_delivery_date", "valid date"),
        ({"tags": ",".join(f"t{i}" for i in range(21))}, "tags", "at most 20 tags"),
        ({"customer_mode": "existing", "customer_organization": ""}, "customer_organization",
         "Choose the customer"),
    ],
)  # fmt: skip
def test_intake_refuses_bad_input_per_field_and_saves_nothing(
    client, sales, overrides, field, message
):
    response = login(client, sales).post(reverse("projects:create"), intake_form(**overrides))

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Project.objects.exists()
    assert not Organization.objects.filter(name="Mekong Motors").exists()
    assert not Contact.objects.filter(contact_name="Tran Thi Lan").exists()


def test_a_new_customer_named_like_an_existing_one_is_refused_and_the_existing_one_offered(
    client, sales, customer
):
    login(client, sales)
    data = intake_form(customer_name="  TOYOTA  Việtnam ")  # the customer is "Toyota Vietnam"

    refused = client.post(reverse("projects:create"), data)

    assert refused.status_code == 422
    assert not Project.objects.exists()
    assert Organization.objects.filter(name__icontains="toyota").count() == 1
    form = refused.context["form"]
    assert "“Toyota Vietnam” is already one of your customers" in " ".join(form.non_field_errors())
    page = refused.content.decode()
    assert f'<option value="{customer.pk}" selected>' in page
    assert re.search(
        r'<input type="radio" name="customer_mode" value="existing"[^>]* checked', page
    )

    accepted = client.post(reverse("projects:create"), form.data)

    assert accepted.status_code == 302
    assert Project.objects.get().customer_organization == customer
    assert Organization.objects.filter(name__icontains="toyota").count() == 1


def test_intake_refused_by_the_engine_keeps_no_orphan_customer_or_contact(client, sales, tenant):
    # The tenant has no default workflow: the project is refused after the customer and contact
    # were created in the same transaction — neither may remain.
    from apps.workflow.models import WorkflowDefinition

    WorkflowDefinition.objects.filter(organization=tenant).update(is_default=False)

    response = login(client, sales).post(reverse("projects:create"), intake_form())

    assert response.status_code == 422
    assert "no default workflow" in response.content.decode()
    assert not Organization.objects.filter(name="Mekong Motors").exists()
    assert not Contact.objects.filter(contact_name="Tran Thi Lan").exists()


def test_intake_refuses_another_tenants_customer_and_contact(
    client, sales, customer, foreign_project
):
    foreign = foreign_project.customer_organization
    login(client, sales)

    response = client.post(
        reverse("projects:create"),
        intake_form(customer_mode="existing", customer_organization=foreign.pk),
    )
    assert response.status_code == 422
    assert "customer_organization" in response.context["form"].errors

    foreign_contact = ContactFactory(
        owner_organization=foreign.owner_organization, organization=foreign
    )
    response = client.post(
        reverse("projects:create"),
        intake_form(
            customer_mode="existing",
            customer_organization=customer.pk,
            point_of_contact=foreign_contact.pk,
        ),
    )
    assert response.status_code == 422
    assert "point_of_contact" in response.context["form"].errors
    assert not Project.objects.filter(organization=sales.organization).exists()


def test_intake_contact_options_follow_the_chosen_customer(client, sales, customer):
    ContactFactory(
        owner_organization=customer.owner_organization, organization=customer, contact_name="Ms Mai"
    )
    login(client, sales)

    response = client.get(
        reverse("projects:contact_options"), {"customer_organization": customer.pk}, **HTMX
    )
    malformed = client.get(
        reverse("projects:contact_options"), {"customer_organization": "nope"}, **HTMX
    )

    assert "Ms Mai" in response.content.decode()
    assert malformed.status_code == 200 and "Ms Mai" not in malformed.content.decode()


def test_intake_is_403_for_an_auditor(client, auditor):
    login(client, auditor)
    assert client.get(reverse("projects:create")).status_code == 403
    assert client.post(reverse("projects:create"), intake_form()).status_code == 403
    assert not Project.objects.exists()


def test_a_role_without_customers_create_cannot_add_a_customer_at_intake(client, team, customer):
    engineer = team[Role.ENGINEERING]
    engineer.extra_permissions = ["projects.create"]
    engineer.save(update_fields=["extra_permissions"])

    response = login(client, engineer).post(reverse("projects:create"), intake_form())

    assert response.status_code == 403
    assert not Organization.objects.filter(name="Mekong Motors").exists()


@pytest.mark.parametrize("value", ["nope", "1' OR '1'='1", str(uuid.uuid4())])
def test_intake_with_a_malformed_or_unknown_customer_id_is_a_422_not_a_500(client, sales, value):
    data = intake_form(customer_mode="existing", customer_organization=value, customer_name="")

    response = login(client, sales).post(reverse("projects:create"), data)

    assert response.status_code == 422
    assert "customer_organization" in response.context["form"].errors
    assert not Project.objects.exists()
