"""Writes of workflow templates."""

from __future__ import annotations

from django.db import transaction

from apps.workflow.models import (
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
    WorkflowStage,
    WorkflowSubStage,
)
from apps.workflow.standard import APPROVERS, STANDARD_STAGES, STANDARD_WORKFLOW_NAME


@transaction.atomic
def workflow_install_standard(*, organization_id) -> WorkflowDefinition:
    """Give a tenant the standard stage catalog and an active definition using all of it.

    Idempotent: rows that exist (by slug, and definition by name) are kept as they are, so a
    tenant's own edits survive a second run.
    """
    definition, _ = WorkflowDefinition.objects.get_or_create(
        organization_id=organization_id,
        name=STANDARD_WORKFLOW_NAME,
        version=1,
        defaults={"description": "Inquiry to delivery for a contract manufacturer."},
    )
    for stage_order, spec in enumerate(STANDARD_STAGES, start=1):
        slug, name, status, roles, days, color, exit_criteria, sub_stages = spec
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
                    "name": sub_name,
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
