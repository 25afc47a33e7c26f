"""Writes of workflow templates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from apps.workflow.events import workflow_definition_version_created_event
from apps.workflow.models import (
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
    WorkflowStage,
    WorkflowSubStage,
)
from apps.workflow.standard import (
    APPROVERS,
    STANDARD_LANGUAGES,
    STANDARD_STAGES,
    STANDARD_STAGES_VI,
    STANDARD_SUB_STAGES_VI,
    STANDARD_WORKFLOW_NAME,
    STANDARD_WORKFLOW_VI,
)


@transaction.atomic
def workflow_install_standard(*, organization_id, language: str = "en") -> WorkflowDefinition:
    """Give a tenant the standard stage catalog and an active definition using all of it, named
    in `language` (English, or Vietnamese for a tenant that works in it; chosen at creation).

    Idempotent: rows that exist (by slug, and definition by name) are kept as they are, so a
    tenant's own edits survive a second run.
    """
    if language not in STANDARD_LANGUAGES:
        raise ValueError(f"No standard workflow in {language!r} (one of {STANDARD_LANGUAGES}).")
    vietnamese = language == "vi"
    workflow_name, description = (
        STANDARD_WORKFLOW_VI
        if vietnamese
        else (STANDARD_WORKFLOW_NAME, "Inquiry to delivery for a contract manufacturer.")
    )
    definition, _ = WorkflowDefinition.objects.get_or_create(
        organization_id=organization_id,
        name=workflow_name,
        version=1,
        defaults={"description": description},
    )
    for stage_order, spec in enumerate(STANDARD_STAGES, start=1):
        slug, name, status, roles, days, color, exit_criteria, sub_stages = spec
        if vietnamese:
            name, exit_criteria = STANDARD_STAGES_VI[slug]
        stage, _ = WorkflowStage.objects.get_or_create(
            organization_id=organization_id,
            slug=slug,
            defaults={
                "name": name,
                "stage_order": stage_order,
                "project_status": status,
                "responsible_roles": list(roles),
                "estimated_duration_days": days,
                "color": color,
                "exit_criteria": exit_criteria,
            },
        )
        WorkflowDefinitionStage.objects.get_or_create(
            organization_id=organization_id, workflow_definition=definition, workflow_stage=stage
        )
        for sub_order, (sub_slug, sub_name, sub_roles, hours, flags) in enumerate(
            sub_stages, start=1
        ):
            sub_stage, _ = WorkflowSubStage.objects.get_or_create(
                organization_id=organization_id,
                workflow_stage=stage,
                slug=sub_slug,
                defaults={
                    "name": STANDARD_SUB_STAGES_VI[sub_slug] if vietnamese else sub_name,
                    "sub_stage_order": sub_order,
                    "responsible_roles": list(sub_roles),
                    "estimated_duration_hours": hours,
                    "is_required": "optional" not in flags,
                    "can_skip": "skip" in flags,
                    "auto_advance": "auto" in flags,
                    "requires_approval": "approval" in flags,
                    "approval_roles": list(APPROVERS) if "approval" in flags else [],
                },
            )
            WorkflowDefinitionSubStage.objects.get_or_create(
                organization_id=organization_id,
                workflow_definition=definition,
                sub_stage=sub_stage,
            )
    return definition


@transaction.atomic
def workflow_definition_new_version(*, definition: WorkflowDefinition, user) -> WorkflowDefinition:
    """Copy a definition with all its stage and sub-stage rows as the next version.

    A definition that projects run on is never edited in place (they keep the plan they started
    with); its changes go into the new version, which new projects use.
    """
    organization_id = user.organization_id
    if definition.organization_id != organization_id:
        raise ValidationError(gettext("That workflow does not belong to your factory."))
    # Lock every version of this workflow, in version order, so a second copy made at the same
    # moment waits here and then numbers itself after ours. (`.exists()` with FOR UPDATE locks
    # one row only, and which row is the planner's choice: two calls that happened to lock
    # different rows would both take latest + 1.)
    list(
        WorkflowDefinition.objects.select_for_update()
        .filter(organization_id=organization_id, name=definition.name)
        .order_by("version")
        .values_list("pk", flat=True)
    )
    latest = (
        WorkflowDefinition.objects.filter(organization_id=organization_id, name=definition.name)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    copy = WorkflowDefinition.objects.create(
        organization_id=organization_id,
        name=definition.name,
        version=latest + 1,
        description=definition.description,
        is_active=True,
    )
    stages = list(WorkflowDefinitionStage.objects.filter(workflow_definition=definition))
    sub_stages = list(WorkflowDefinitionSubStage.objects.filter(workflow_definition=definition))
    for row in (*stages, *sub_stages):
        row.pk = None
        row._state.adding = True
        row.workflow_definition = copy
    WorkflowDefinitionStage.objects.bulk_create(stages)
    WorkflowDefinitionSubStage.objects.bulk_create(sub_stages)
    workflow_definition_version_created_event(user=user, definition=copy, copied_from=definition)
    return copy


def workflow_definition_in_use(definition: WorkflowDefinition) -> bool:
    """Whether projects follow this definition (through the projects' foreign key, `projects`:
    workflow sits below projects in the layers and does not import them)."""
    return definition.projects.exists()


def workflow_stage_in_use(stage: WorkflowStage) -> bool:
    """Whether running projects follow this catalog stage: a definition that projects use includes
    the stage or one of its sub-stages. Their plan falls back to the catalog's values, so editing
    the stage (or its sub-stages) would change the rules of those projects."""
    organization_id = stage.organization_id
    with_stage = WorkflowDefinitionStage.objects.filter(
        organization_id=organization_id, workflow_stage=stage
    ).values("workflow_definition_id")
    with_its_sub_stages = WorkflowDefinitionSubStage.objects.filter(
        organization_id=organization_id, sub_stage__workflow_stage=stage
    ).values("workflow_definition_id")
    return (
        WorkflowDefinition.objects.filter(organization_id=organization_id, projects__isnull=False)
        .filter(Q(pk__in=with_stage) | Q(pk__in=with_its_sub_stages))
        .exists()
    )
