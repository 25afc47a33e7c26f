"""A project's dates are the factory's (apps.core.calendar), at frozen instants on both sides of
midnight in UTC and in UTC+7: the delivery date, the month in its code, and "today" on the intake
and edit forms. The person acting sits in another zone, so the viewer's date never passes."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.projects.forms import ProjectEditForm
from apps.projects.models import ProgressStatus, Project, ProjectSubStageProgress
from apps.projects.services import project_code_next, project_create
from apps.projects.services.stages import project_advance_stage
from apps.users.models import Role
from apps.workflow.selectors import definition_plan
from tests.factory_calendar import (
    AROUND_MIDNIGHT,
    CHICAGO,
    HO_CHI_MINH,
    UTC,
    VIEWER_ZONE,
    factory_in,
    with_viewer_zone,
)
from tests.projects.helpers import login


def move_to_last_stage_with_its_work_done(project) -> None:
    last = definition_plan(project.workflow_definition)[-1]
    Project.objects.filter(pk=project.pk).update(current_stage_id=last.stage_id)
    moment = project.created_at
    ProjectSubStageProgress.objects.filter(project=project).update(
        status=ProgressStatus.COMPLETED, started_at=moment, completed_at=moment
    )


@pytest.mark.parametrize(("instant", "zone", "factory_date"), AROUND_MIDNIGHT)
def test_a_project_is_delivered_on_the_factorys_date(
    team, tenant, project, instant, zone, factory_date
):
    factory_in(tenant, zone)
    move_to_last_stage_with_its_work_done(project)
    manager = team[Role.MANAGEMENT]

    with (
        time_machine.travel(instant, tick=False),
        timezone.override(VIEWER_ZONE[zone]),
        tenant_context(tenant, manager),
    ):
        project_advance_stage(user=manager, project_id=project.pk)

    project.refresh_from_db()
    assert project.status == "completed"
    assert project.actual_delivery_date == factory_date


@pytest.mark.parametrize(
    ("instant", "zone", "prefix"),
    [
        (datetime.datetime(2026, 1, 31, 16, 59, tzinfo=UTC), HO_CHI_MINH, "P-2601"),
        (datetime.datetime(2026, 1, 31, 17, 1, tzinfo=UTC), HO_CHI_MINH, "P-2602"),
        (datetime.datetime(2026, 1, 31, 23, 30, tzinfo=UTC), HO_CHI_MINH, "P-2602"),
        (datetime.datetime(2026, 2, 1, 0, 30, tzinfo=UTC), HO_CHI_MINH, "P-2602"),
        (datetime.datetime(2026, 1, 31, 23, 30, tzinfo=UTC), CHICAGO, "P-2601"),
        (datetime.datetime(2026, 2, 1, 0, 30, tzinfo=UTC), CHICAGO, "P-2601"),
        (datetime.datetime(2026, 2, 1, 6, 1, tzinfo=UTC), CHICAGO, "P-2602"),
    ],
)
def test_a_projects_code_is_numbered_in_the_factorys_month(
    team, tenant, customer, instant, zone, prefix
):
    factory_in(tenant, zone)
    sales = team[Role.SALES]

    with (
        time_machine.travel(instant, tick=False),
        timezone.override(VIEWER_ZONE[zone]),
        tenant_context(tenant, sales),
    ):
        project = project_create(user=sales, title="Bracket", customer_organization=customer)
        following = project_code_next(organization_id=tenant.pk)

    assert project.project_id == f"{prefix}0001"
    assert following == f"{prefix}0002"


def intake(**overrides):
    return {
        "customer_mode": "new",
        "customer_name": "Mekong Motors",
        "title": "Gearbox housing, 200 pcs",
        "project_type": "manufacturing",
        "intake_type": "rfq",
        "intake_source": "email",
        "priority_level": "normal",
        **overrides,
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("instant", "zone", "factory_date"), AROUND_MIDNIGHT)
def test_intake_refuses_the_factorys_yesterday_and_takes_its_today(
    client, team, tenant, instant, zone, factory_date
):
    factory_in(tenant, zone)
    sales = with_viewer_zone(team[Role.SALES], VIEWER_ZONE[zone])
    yesterday = (factory_date - datetime.timedelta(days=1)).isoformat()

    with time_machine.travel(instant, tick=False):
        client = login(client, sales)
        refused = client.post(reverse("projects:create"), intake(requested_delivery_date=yesterday))
        taken = client.post(
            reverse("projects:create"), intake(requested_delivery_date=factory_date.isoformat())
        )

    assert refused.status_code == 422
    assert refused.context["form"].errors["requested_delivery_date"] == [
        "The requested delivery date is in the past."
    ]
    assert taken.status_code == 302
    assert Project.objects.get().requested_delivery_date == factory_date


@pytest.mark.parametrize(("instant", "zone", "factory_date"), AROUND_MIDNIGHT)
def test_the_promised_date_may_be_the_factorys_intake_date_but_not_before(
    team, tenant, customer, instant, zone, factory_date
):
    factory_in(tenant, zone)
    sales = team[Role.SALES]
    with time_machine.travel(instant, tick=False), tenant_context(tenant, sales):
        project = project_create(user=sales, title="Bracket", customer_organization=customer)

    def form_with(promised: datetime.date) -> ProjectEditForm:
        data = {
            **ProjectEditForm.initial_from(project),
            "customer_organization": customer.pk,
            "promised_delivery_date": promised.isoformat(),
            "tags": "",
        }
        with timezone.override(VIEWER_ZONE[zone]), tenant_context(tenant, sales):
            form = ProjectEditForm(data, user=sales, project=project)
            form.is_valid()
        return form

    assert "promised_delivery_date" not in form_with(factory_date).errors
    assert form_with(factory_date - datetime.timedelta(days=1)).errors[
        "promised_delivery_date"
    ] == ["The promised date is before the inquiry arrived."]
