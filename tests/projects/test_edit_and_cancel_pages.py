"""Editing a project (changes recorded, a stale form refused, bad input, who may) and cancelling
it (a reason, its open approvals cancelled, who may).

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import uuid

import pytest
from django.urls import reverse

from apps.core.tenancy import tenant_context
from apps.organizations.models import Organization
from apps.projects.models import Project
from apps.users.models import Role
from tests.organizations.factories import CustomerFactory
from tests.projects.helpers import login

pytestmark = pytest.mark.django_db(transaction=True)


def edit_form(project, **overrides):
    data = {
        "version": project.version,
        "title": project.title,
        "customer_organization": project.customer_organization_id,
        "point_of_contact": "",
        "description": "",
        "project_type": project.project_type,
        "intake_type": project.intake_type,
        "intake_source": project.intake_source,
        "priority_level": "urgent",
        "requested_delivery_date": "",
        "promised_delivery_date": "",
        "estimated_delivery_date": "",
        "estimated_value": "5000",
        "actual_value": "",
        "assigned_to": project.assigned_to_id or "",
        "tags": "rush",
        "notes": "Customer called twice.",
    }
    data.update(overrides)
    return data


def test_edit_saves_changes_and_records_them(client, sales, project):
    url = reverse("projects:edit", kwargs={"pk": project.pk})
    login(client, sales)
    assert client.get(url).status_code == 200

    response = client.post(url, edit_form(project))

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.priority_level, project.tags, project.version) == ("urgent", ["rush"], 2)
    entry = project.activity.get(action="updated")
    assert entry.old_values["priority_level"] == "normal"
    assert entry.new_values["priority_level"] == "urgent"


def test_edit_refuses_a_stale_form_instead_of_overwriting(client, sales, project):
    url = reverse("projects:edit", kwargs={"pk": project.pk})
    stale = edit_form(project, title="My title")
    Project.objects.filter(pk=project.pk).update(title="Their title", version=2)

    response = login(client, sales).post(url, stale)

    assert response.status_code == 422
    assert "Someone else changed this project" in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Their title"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"estimated_value": "abc"}, "estimated_value"),
        ({"promised_delivery_date": "2001-01-01"}, "promised_delivery_date"),
        ({"customer_organization": str(uuid.uuid4())}, "customer_organization"),
        ({"assigned_to": str(uuid.uuid4())}, "assigned_to"),
        ({"version": "0"}, "version"),
    ],
)
def test_edit_refuses_bad_input(client, sales, project, overrides, field):
    url = reverse("projects:edit", kwargs={"pk": project.pk})

    response = login(client, sales).post(url, edit_form(project, **overrides))

    assert response.status_code == 422
    assert field in response.context["form"].errors
    project.refresh_from_db()
    assert project.version == 1


def test_edit_is_403_for_qa(client, team, project):
    url = reverse("projects:edit", kwargs={"pk": project.pk})
    response = login(client, team[Role.QA]).post(url, edit_form(project))

    assert response.status_code == 403


def test_cancel_needs_a_reason_and_cancels_open_approvals(client, team, project):
    from apps.approvals.models import Approval

    management = team[Role.MANAGEMENT]
    from apps.projects.services.sub_stages import sub_stage_complete, sub_stage_start

    with tenant_context(project.organization_id, management):
        for slug in ("collect_documents",):
            progress = project.sub_stage_progress.get(sub_stage__slug=slug)
            sub_stage_start(user=management, progress_id=progress.pk)
            sub_stage_complete(user=management, progress_id=progress.pk)
    url = reverse("projects:cancel", kwargs={"pk": project.pk})
    login(client, management)

    empty = client.post(url, {"reason": "  "})
    done = client.post(url, {"reason": "Customer chose another supplier"})

    assert empty.status_code == 422
    assert done.status_code == 302
    project.refresh_from_db()
    assert project.status == "cancelled"
    assert not Approval.objects.filter(project=project, status="pending").exists()
    assert project.activity.filter(description__contains="another supplier").exists()


def test_cancel_is_403_for_sales(client, sales, project):
    url = reverse("projects:cancel", kwargs={"pk": project.pk})

    assert login(client, sales).post(url, {"reason": "No"}).status_code == 403
    project.refresh_from_db()
    assert project.status == "inquiry"


def test_a_project_of_a_deactivated_customer_stays_editable_but_takes_no_new_customer(
    client, sales, project, tenant
):
    Organization.objects.filter(pk=project.customer_organization_id).update(is_active=False)
    retired = CustomerFactory(owner_organization=tenant, name="Retired Ltd", is_active=False)
    url = reverse("projects:edit", kwargs={"pk": project.pk})
    login(client, sales)

    kept = client.post(url, edit_form(project))
    project.refresh_from_db()
    moved = client.post(url, edit_form(project, customer_organization=retired.pk))

    assert kept.status_code == 302
    assert moved.status_code == 422
    assert "deactivated" in moved.content.decode()
