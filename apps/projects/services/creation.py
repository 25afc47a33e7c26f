"""Creating projects from a workflow definition."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from apps.core.working_hours import add_working_hours
from apps.organizations.calendar import tenant_date, tenant_zone_name
from apps.projects import events
from apps.projects.models import (
    IntakeSource,
    IntakeType,
    PriorityLevel,
    Project,
    ProjectSubStageProgress,
    ProjectType,
)
from apps.workflow.models import DefinitionStatus, WorkflowDefinition
from apps.workflow.selectors import definition_plan, workflow_definition_default

PROJECT_CODE_PREFIX = "P-"


def project_code_next(*, organization_id, now: datetime.datetime | None = None) -> str:
    """The next human project code of the tenant for this month: P-YYMM#### (P-25010001). The
    month is the factory's own (apps.core.calendar): at 00:30 on 1 February in Ho Chi Minh City a
    new project is numbered in February even though it is still January in UTC.

    A transaction-scoped advisory lock per tenant and month serialises concurrent creators, so
    two inquiries saved at the same moment never draw the same number; the unique index on
    (organization_id, project_id) is the backstop.
    """
    day = tenant_date(organization_id, now or timezone.now())
    prefix = f"{PROJECT_CODE_PREFIX}{day:%y%m}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"{organization_id}:{prefix}"]
        )
        cursor.execute(
            "SELECT coalesce(max(substring(project_id FROM %s)::bigint), 0) FROM projects "
            "WHERE organization_id = %s AND project_id LIKE %s AND project_id ~ %s",
            [len(prefix) + 1, organization_id, f"{prefix}%", f"^{prefix}[0-9]+$"],
        )
        last = cursor.fetchone()[0]
    return f"{prefix}{last + 1:04d}"


def validate_project_relations(
    *, organization_id, customer, contact, assignee, customer_is_new: bool = True
) -> None:
    """The customer, its contact and the assignee must all belong to the project's tenant. A
    deactivated customer takes no new projects, but a project it already has stays editable."""
    errors = {}
    if customer.owner_organization_id != organization_id:
        errors["customer_organization"] = gettext("Choose one of your own customers.")
    elif customer_is_new and not customer.is_active:
        errors["customer_organization"] = gettext(
            "%(customer)s is deactivated; restore it first."
        ) % {"customer": customer.name}
    if contact is not None and contact.organization_id != customer.pk:
        errors["point_of_contact"] = gettext("The contact must work for the customer.")
    if assignee is not None and (
        assignee.organization_id != organization_id or not assignee.is_active
    ):
        errors["assigned_to"] = gettext("Choose an active colleague of your factory.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def project_create(
    *,
    user,
    title: str,
    customer_organization,
    project_type: str = ProjectType.FABRICATION,
    intake_type: str = IntakeType.RFQ,
    intake_source: str = IntakeSource.EMAIL,
    priority_level: str = PriorityLevel.NORMAL,
    description: str = "",
    point_of_contact=None,
    workflow_definition: WorkflowDefinition | None = None,
    requested_delivery_date: datetime.date | None = None,
    estimated_value: Decimal | None = None,
    assigned_to=None,
    tags: list[str] | None = None,
    notes: str = "",
    now: datetime.datetime | None = None,
) -> Project:
    """Create a project on the tenant's default workflow (or the published one given).

    One progress row per sub-stage the definition includes, each due when the estimated
    durations up to it (in order, working hours: `apps.core.working_hours`) have run out; the
    first stage becomes current.
    """
    organization_id = user.organization_id
    now = now or timezone.now()
    definition = workflow_definition or workflow_definition_default(organization_id)
    if definition.organization_id != organization_id:
        raise ValidationError(gettext("That workflow does not belong to your factory."))
    if definition.status != DefinitionStatus.PUBLISHED:
        raise ValidationError(
            gettext("The workflow “%(workflow)s” is a draft; publish it before projects use it.")
            % {"workflow": definition}
        )
    plan = definition_plan(definition)
    if not plan:
        raise ValidationError(
            gettext("The workflow “%(workflow)s” has no stages; it cannot run a project.")
            % {"workflow": definition}
        )
    validate_project_relations(
        organization_id=organization_id,
        customer=customer_organization,
        contact=point_of_contact,
        assignee=assigned_to,
    )

    first_stage = plan[0]
    project = Project(
        organization_id=organization_id,
        project_id=project_code_next(organization_id=organization_id, now=now),
        title=title,
        description=description,
        customer_organization=customer_organization,
        point_of_contact=point_of_contact,
        workflow_definition=definition,
        current_stage_id=first_stage.stage_id,
        stage_entered_at=now,
        status=first_stage.project_status,
        priority_level=priority_level,
        project_type=project_type,
        intake_type=intake_type,
        intake_source=intake_source,
        requested_delivery_date=requested_delivery_date,
        estimated_value=estimated_value,
        assigned_to=assigned_to,
        created_by=user,
        tags=tags or [],
        notes=notes,
    )
    project.full_clean(exclude=["search_vector"])
    project.save(force_insert=True)

    # Estimates are working hours, spent one after another in the factory's working time.
    zone_name = tenant_zone_name(organization_id)
    due = now
    progress = []
    for stage in plan:
        for sub_stage in stage.sub_stages:
            due = add_working_hours(due, sub_stage.estimated_duration_hours, zone_name)
            progress.append(
                ProjectSubStageProgress(
                    organization_id=organization_id,
                    project=project,
                    workflow_stage_id=stage.stage_id,
                    sub_stage_id=sub_stage.sub_stage_id,
                    due_at=due,
                )
            )
    ProjectSubStageProgress.objects.bulk_create(progress)

    events.project_created_event(project, user=user, stage_name=first_stage.name)
    return project
