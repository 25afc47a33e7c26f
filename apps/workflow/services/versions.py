"""New versions of a workflow: a copy of any version, as a draft to edit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from apps.workflow.events import workflow_definition_version_created_event
from apps.workflow.models import (
    DefinitionStatus,
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
    WorkflowStage,
)


@transaction.atomic
def workflow_definition_new_version(*, definition: WorkflowDefinition, user) -> WorkflowDefinition:
    """Copy a definition with all its stage and sub-stage rows as the next version, a draft.

    A published definition is never edited in place (projects keep the plan they started with);
    its changes go into the new draft, which new projects follow once it is published as the
    default.
    """
    organization_id = user.organization_id
    if definition.organization_id != organization_id:
        raise ValidationError("That workflow does not belong to your factory.")
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
        status=DefinitionStatus.DRAFT,
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
    """Whether a frozen plan reads this catalog stage: a published definition (or one projects
    run on) includes the stage or one of its sub-stages. Such plans fall back to the catalog's
    values, so editing the stage (or its sub-stages) would change a version that must not
    change."""
    organization_id = stage.organization_id
    with_stage = WorkflowDefinitionStage.objects.filter(
        organization_id=organization_id, workflow_stage=stage
    ).values("workflow_definition_id")
    with_its_sub_stages = WorkflowDefinitionSubStage.objects.filter(
        organization_id=organization_id, sub_stage__workflow_stage=stage
    ).values("workflow_definition_id")
    return (
        WorkflowDefinition.objects.filter(organization_id=organization_id)
        .filter(Q(projects__isnull=False) | Q(status=DefinitionStatus.PUBLISHED))
        .filter(Q(pk__in=with_stage) | Q(pk__in=with_its_sub_stages))
        .exists()
    )
