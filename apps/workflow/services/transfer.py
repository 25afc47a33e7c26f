"""Templates between factories: export a definition as a file, import one as a draft, and install
the standard workflow (which ships as such a file, in each language) for a new tenant."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from apps.workflow.events import workflow_definition_imported_event
from apps.workflow.models import (
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
    WorkflowStage,
    WorkflowSubStage,
)
from apps.workflow.selectors import definition_plan
from apps.workflow.services.lifecycle import workflow_definition_publish
from apps.workflow.standard import standard_workflow_file
from apps.workflow.template_file import TemplateSpec, template_dump, template_parse


def workflow_definition_export(definition: WorkflowDefinition) -> str:
    """The definition as it runs, with the catalog entries it uses, as a template file's text."""
    plan = definition_plan(definition)
    stages = {
        stage.pk: stage
        for stage in WorkflowStage.objects.filter(
            organization_id=definition.organization_id, pk__in=[s.stage_id for s in plan]
        )
    }
    sub_ids = [sub.sub_stage_id for stage in plan for sub in stage.sub_stages]
    descriptions = dict(
        WorkflowSubStage.objects.filter(
            organization_id=definition.organization_id, pk__in=sub_ids
        ).values_list("pk", "description")
    )
    return template_dump(
        {
            "name": definition.name,
            "description": definition.description,
            "stages": [
                {
                    "slug": stage.slug,
                    "name": stage.name,
                    "description": stages[stage.stage_id].description,
                    "project_status": stage.project_status,
                    "color": stage.color,
                    "exit_criteria": stage.exit_criteria,
                    "responsible_roles": list(stage.responsible_roles),
                    "estimated_duration_days": stages[stage.stage_id].estimated_duration_days,
                    "sub_stages": [
                        {
                            "slug": sub.slug,
                            "name": sub.name,
                            "description": descriptions[sub.sub_stage_id],
                            "responsible_roles": list(sub.responsible_roles),
                            "estimated_duration_hours": sub.estimated_duration_hours,
                            "is_required": sub.is_required,
                            "can_skip": sub.can_skip,
                            "auto_advance": sub.auto_advance,
                            "requires_approval": sub.requires_approval,
                            "approval_roles": list(sub.approval_roles),
                        }
                        for sub in stage.sub_stages
                    ],
                }
                for stage in plan
            ],
        }
    )


def _catalog_conflicts(spec: TemplateSpec, stages: dict, subs: dict) -> list[str]:
    """Catalog entries of the file that this factory already has under the same slug but with a
    different meaning: importing would silently rename or change them for its other workflows."""
    problems = []
    for stage in spec.stages:
        own = stages.get(stage.slug)
        if own and (own.name, own.project_status) != (stage.name, stage.project_status):
            problems.append(
                _(
                    "Your stage “%(slug)s” is called “%(own)s” (project status %(own_status)s); "
                    "the file calls it “%(theirs)s” (%(status)s). Rename one of them first."
                )
                % {
                    "slug": stage.slug,
                    "own": own.name,
                    "own_status": own.project_status,
                    "theirs": stage.name,
                    "status": stage.project_status,
                }
            )
        for sub in stage.sub_stages:
            own_sub = subs.get((stage.slug, sub.slug))
            if own_sub and (own_sub.name, own_sub.is_required) != (sub.name, sub.is_required):
                problems.append(
                    _(
                        "Your sub-stage “%(stage)s/%(slug)s” is “%(own)s”; the file has "
                        "“%(theirs)s” there (or a different required mark). Rename one first."
                    )
                    % {
                        "stage": stage.slug,
                        "slug": sub.slug,
                        "own": own_sub.name,
                        "theirs": sub.name,
                    }
                )
    return problems


def _override(value, catalog_value):
    """A definition row's column: null ("as in the catalog") when the catalog says the same."""
    return None if value == catalog_value else value


@transaction.atomic
def workflow_definition_import(
    *, organization_id, user, content: bytes | str, source: str = "a file"
) -> WorkflowDefinition:
    """Bring a template file in as a draft (the next version of its name in this factory).

    Catalog entries the factory lacks are added; ones it has (same slug, same name) are used.
    Everything is checked before anything is written: a file that does not fit changes nothing
    and every problem is listed.
    """
    spec = template_parse(content)
    stages = {
        stage.slug: stage for stage in WorkflowStage.objects.filter(organization_id=organization_id)
    }
    subs = {
        (sub.workflow_stage.slug, sub.slug): sub
        for sub in WorkflowSubStage.objects.filter(organization_id=organization_id).select_related(
            "workflow_stage"
        )
    }
    problems = _catalog_conflicts(spec, stages, subs)
    if problems:
        raise ValidationError(problems)
    list(
        WorkflowDefinition.objects.select_for_update()
        .filter(organization_id=organization_id, name=spec.name)
        .order_by("version")
        .values_list("pk", flat=True)
    )
    latest = WorkflowDefinition.objects.filter(
        organization_id=organization_id, name=spec.name
    ).aggregate(latest=Max("version"))["latest"]
    definition = WorkflowDefinition(
        organization_id=organization_id,
        name=spec.name,
        version=(latest or 0) + 1,
        description=spec.description,
    )
    definition.full_clean()
    definition.save(force_insert=True)
    next_stage_order = max((stage.stage_order for stage in stages.values()), default=0)
    for position, stage_spec in enumerate(spec.stages, start=1):
        stage = stages.get(stage_spec.slug)
        if stage is None:
            next_stage_order += 1
            stage = WorkflowStage(
                organization_id=organization_id,
                slug=stage_spec.slug,
                name=stage_spec.name,
                description=stage_spec.description,
                stage_order=next_stage_order,
                color=stage_spec.color,
                exit_criteria=stage_spec.exit_criteria,
                responsible_roles=list(stage_spec.responsible_roles),
                estimated_duration_days=stage_spec.estimated_duration_days,
                project_status=stage_spec.project_status,
            )
            stage.full_clean()
            stage.save(force_insert=True)
        WorkflowDefinitionStage.objects.create(
            organization_id=organization_id,
            workflow_definition=definition,
            workflow_stage=stage,
            stage_order=_override(position, stage.stage_order),
            responsible_roles=_override(
                list(stage_spec.responsible_roles), stage.responsible_roles
            ),
        )
        for sub_position, sub_spec in enumerate(stage_spec.sub_stages, start=1):
            rules = {
                "responsible_roles": list(sub_spec.responsible_roles),
                "estimated_duration_hours": sub_spec.estimated_duration_hours,
                "requires_approval": sub_spec.requires_approval,
                "can_skip": sub_spec.can_skip,
                "auto_advance": sub_spec.auto_advance,
                "approval_roles": list(sub_spec.approval_roles),
            }
            sub = subs.get((stage_spec.slug, sub_spec.slug))
            if sub is None:
                sub = WorkflowSubStage(
                    organization_id=organization_id,
                    workflow_stage=stage,
                    slug=sub_spec.slug,
                    name=sub_spec.name,
                    description=sub_spec.description,
                    sub_stage_order=sub_position,
                    is_required=sub_spec.is_required,
                    **rules,
                )
                sub.full_clean()
                sub.save(force_insert=True)
            WorkflowDefinitionSubStage.objects.create(
                organization_id=organization_id,
                workflow_definition=definition,
                sub_stage=sub,
                sub_stage_order=_override(sub_position, sub.sub_stage_order),
                **{field: _override(value, getattr(sub, field)) for field, value in rules.items()},
            )
    workflow_definition_imported_event(user=user, definition=definition, source=source)
    return definition


@transaction.atomic
def workflow_install_standard(*, organization_id, language: str = "en") -> WorkflowDefinition:
    """Give a tenant the standard workflow (seed 1's 8 stages, 30 sub-stages) in its language,
    published and, unless the tenant already has one, the default.

    Idempotent: a tenant that already has a workflow of the standard name keeps it as it is (its
    own edits survive a second run) and gets it back.
    """
    content = standard_workflow_file(language).read_text(encoding="utf-8")
    name = template_parse(content).name
    existing = (
        WorkflowDefinition.objects.filter(organization_id=organization_id, name=name)
        .order_by("version")
        .first()
    )
    if existing is not None:
        return existing
    definition = workflow_definition_import(
        organization_id=organization_id,
        user=None,
        content=content,
        source=_("the standard workflow"),
    )
    has_default = WorkflowDefinition.objects.filter(
        organization_id=organization_id, is_default=True
    ).exists()
    return workflow_definition_publish(
        definition=definition, user=None, make_default=not has_default
    )
