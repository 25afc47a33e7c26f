"""Reads of workflow templates: the active definition and its resolved plan."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

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


@dataclass(frozen=True)
class PlannedStage:
    stage_id: uuid.UUID
    name: str
    order: int
    project_status: str
    responsible_roles: tuple[str, ...]
    sub_stages: tuple[PlannedSubStage, ...]


def workflow_definition_active(organization_id) -> WorkflowDefinition:
    """The tenant's newest active definition; a clear error when the tenant has none."""
    definition = (
        WorkflowDefinition.objects.filter(organization_id=organization_id, is_active=True)
        .order_by("-version", "-created_at")
        .first()
    )
    if definition is None:
        raise ValidationError(
            gettext(
                "Your factory has no active workflow yet. An administrator must set one up first."
            )
        )
    return definition


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
        )
        for row in stages
    )
