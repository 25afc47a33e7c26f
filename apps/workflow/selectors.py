"""Reads of workflow templates: the default definition, access to one, and its resolved plan."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from apps.workflow.models import (
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
)


@dataclass(frozen=True)
class PlannedSubStage:
    """A sub-stage as a definition runs it: the catalog row with the definition's overrides."""

    sub_stage_id: uuid.UUID
    name: str
    order: int
    responsible_roles: tuple[str, ...]
    estimated_duration_hours: int
    is_required: bool
    can_skip: bool
    auto_advance: bool
    requires_approval: bool
    approval_roles: tuple[str, ...]
    slug: str = ""


@dataclass(frozen=True)
class PlannedStage:
    stage_id: uuid.UUID
    name: str
    order: int
    project_status: str
    responsible_roles: tuple[str, ...]
    sub_stages: tuple[PlannedSubStage, ...]
    slug: str = ""
    exit_criteria: str = ""
    color: str = ""

    @property
    def lead_time_hours(self) -> int:
        """The stage's expected lead time: its sub-stages' durations one after another, as
        project creation schedules their due dates."""
        return sum(sub.estimated_duration_hours for sub in self.sub_stages)


def plan_lead_time_hours(plan: tuple[PlannedStage, ...]) -> int:
    return sum(stage.lead_time_hours for stage in plan)


def workflow_definition_default(organization_id) -> WorkflowDefinition:
    """The one definition new projects follow (a partial unique index keeps it to one per
    tenant); a clear error when the tenant has none."""
    definition = WorkflowDefinition.objects.filter(
        organization_id=organization_id, is_default=True
    ).first()
    if definition is None:
        raise ValidationError(
            _("Your factory has no default workflow yet. An administrator must publish one first.")
        )
    return definition


def workflow_definition_get_for_user(user, definition_id) -> WorkflowDefinition:
    """The only way a page loads a definition: another tenant's id (or an unknown one) is a 404."""
    definition = WorkflowDefinition.objects.filter(
        organization_id=user.organization_id, pk=definition_id
    ).first()
    if definition is None:
        raise Http404(_("No such workflow."))
    return definition


def workflow_definitions_for_list(organization_id):
    """A tenant's definitions with their stage and sub-stage counts, newest version first."""
    return (
        WorkflowDefinition.objects.filter(organization_id=organization_id)
        .annotate(
            stage_count=Count("definition_stages", distinct=True),
            sub_stage_count=Count("definition_sub_stages", distinct=True),
        )
        .order_by("name", "-version")
    )


def workflow_definition_versions(definition: WorkflowDefinition):
    """The other versions of the same workflow, to compare with."""
    return WorkflowDefinition.objects.filter(
        organization_id=definition.organization_id, name=definition.name
    ).order_by("-version")


def _pick(override, default):
    return default if override is None else override


def definition_plan(definition: WorkflowDefinition) -> tuple[PlannedStage, ...]:
    """The ordered stages and sub-stages a project on `definition` goes through (two queries)."""
    stages = (
        WorkflowDefinitionStage.objects.filter(workflow_definition=definition)
        .select_related("workflow_stage")
        .annotate(effective_order=Coalesce("stage_order", F("workflow_stage__stage_order")))
        .order_by("effective_order", "workflow_stage__name")
    )
    sub_stages = (
        WorkflowDefinitionSubStage.objects.filter(workflow_definition=definition)
        .select_related("sub_stage")
        .annotate(effective_order=Coalesce("sub_stage_order", F("sub_stage__sub_stage_order")))
        .order_by("effective_order", "sub_stage__name")
    )
    by_stage: dict[uuid.UUID, list[PlannedSubStage]] = {}
    for row in sub_stages:
        catalog = row.sub_stage
        by_stage.setdefault(catalog.workflow_stage_id, []).append(
            PlannedSubStage(
                sub_stage_id=catalog.pk,
                name=catalog.name,
                order=row.effective_order,
                responsible_roles=tuple(_pick(row.responsible_roles, catalog.responsible_roles)),
                estimated_duration_hours=_pick(
                    row.estimated_duration_hours, catalog.estimated_duration_hours
                )
                or 0,
                is_required=catalog.is_required,
                can_skip=_pick(row.can_skip, catalog.can_skip),
                auto_advance=_pick(row.auto_advance, catalog.auto_advance),
                requires_approval=_pick(row.requires_approval, catalog.requires_approval),
                approval_roles=tuple(_pick(row.approval_roles, catalog.approval_roles)),
                slug=catalog.slug,
            )
        )
    return tuple(
        PlannedStage(
            stage_id=row.workflow_stage_id,
            name=row.workflow_stage.name,
            order=row.effective_order,
            project_status=row.workflow_stage.project_status,
            responsible_roles=tuple(
                _pick(row.responsible_roles, row.workflow_stage.responsible_roles)
            ),
            sub_stages=tuple(by_stage.get(row.workflow_stage_id, ())),
            slug=row.workflow_stage.slug,
            exit_criteria=row.workflow_stage.exit_criteria,
            color=row.workflow_stage.color,
        )
        for row in stages
    )
