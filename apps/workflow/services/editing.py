"""Editing a draft definition one stage at a time: a sub-stage's rules, its position, a new one.

Every write here is refused on a published version (by `apps.workflow.rules`, and by the database
trigger of workflow migration 0003 behind it). Values are written on the definition's own rows,
never on the catalog's, so other versions keep theirs.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.workflow.events import workflow_definition_draft_changed_event
from apps.workflow.models import (
    WorkflowDefinition,
    WorkflowDefinitionSubStage,
    WorkflowStage,
    WorkflowSubStage,
)
from apps.workflow.rules import EDIT, definition_allows
from apps.workflow.selectors import definition_plan

SUB_STAGE_RULES = (
    "responsible_roles",
    "estimated_duration_hours",
    "requires_approval",
    "can_skip",
    "auto_advance",
    "approval_roles",
)


def _ensure_draft(definition: WorkflowDefinition) -> WorkflowDefinition:
    definition = WorkflowDefinition.objects.select_for_update().get(
        pk=definition.pk, organization_id=definition.organization_id
    )
    if not definition_allows(definition, EDIT):
        raise ValidationError(
            _("“%(workflow)s” is published and cannot change; create a new version to edit.")
            % {"workflow": definition}
        )
    return definition


def _stage_of(definition: WorkflowDefinition, stage_id):
    stage = next(
        (stage for stage in definition_plan(definition) if stage.stage_id == stage_id), None
    )
    if stage is None:
        raise ValidationError(_("That stage is not part of this workflow."))
    return stage


@transaction.atomic
def workflow_draft_sub_stage_update(
    *, definition: WorkflowDefinition, sub_stage_id, user, **rules
) -> WorkflowDefinitionSubStage:
    """Set a sub-stage's roles, duration and rules on this draft."""
    definition = _ensure_draft(definition)
    unknown = set(rules) - set(SUB_STAGE_RULES)
    if unknown:
        raise TypeError(f"Not a sub-stage rule: {', '.join(sorted(unknown))}")
    row = WorkflowDefinitionSubStage.objects.filter(
        workflow_definition=definition, sub_stage_id=sub_stage_id
    ).first()
    if row is None:
        raise ValidationError(_("That sub-stage is not part of this workflow."))
    changed = {}
    for field, value in rules.items():
        value = list(value) if field.endswith("_roles") else value
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed[field] = value
    if not changed:
        return row
    row.full_clean()
    row.save(update_fields=[*changed, "updated_at"])
    workflow_definition_draft_changed_event(
        user=user,
        definition=definition,
        change=f"sub-stage “{row.sub_stage.name}” changed",
        changes=changed,
    )
    return row


@transaction.atomic
def workflow_draft_sub_stage_move(
    *, definition: WorkflowDefinition, sub_stage_id, user, step: int
) -> None:
    """Move a sub-stage `step` places within its stage (-1 up, +1 down); the stage's sub-stages
    are numbered 1, 2, 3… again, so positions stay unique."""
    definition = _ensure_draft(definition)
    catalog = WorkflowSubStage.objects.filter(
        organization_id=definition.organization_id, pk=sub_stage_id
    ).first()
    if catalog is None:
        raise ValidationError(_("That sub-stage is not part of this workflow."))
    stage = _stage_of(definition, catalog.workflow_stage_id)
    ids = [sub.sub_stage_id for sub in stage.sub_stages]
    if sub_stage_id not in ids:
        raise ValidationError(_("That sub-stage is not part of this workflow."))
    index = ids.index(sub_stage_id)
    target = min(max(index + step, 0), len(ids) - 1)
    if target == index:
        return
    ids.insert(target, ids.pop(index))
    rows = {
        row.sub_stage_id: row
        for row in WorkflowDefinitionSubStage.objects.filter(
            workflow_definition=definition, sub_stage_id__in=ids
        )
    }
    for position, row_id in enumerate(ids, start=1):
        rows[row_id].sub_stage_order = position
    WorkflowDefinitionSubStage.objects.bulk_update(rows.values(), ["sub_stage_order"])
    workflow_definition_draft_changed_event(
        user=user,
        definition=definition,
        change=f"sub-stage “{catalog.name}” moved to position {target + 1} of “{stage.name}”",
        changes={"sub_stage": str(sub_stage_id), "position": target + 1},
    )


@transaction.atomic
def workflow_draft_sub_stage_add(
    *,
    definition: WorkflowDefinition,
    stage_id,
    user,
    name: str,
    responsible_roles: list[str],
    estimated_duration_hours: int,
    requires_approval: bool = False,
    can_skip: bool = False,
    auto_advance: bool = False,
    approval_roles: list[str] | None = None,
) -> WorkflowDefinitionSubStage:
    """Add a new sub-stage at the end of a stage of this draft.

    It is added to the tenant's catalog too (as every sub-stage is a catalog row), with a slug
    made from its name; other versions do not include it.
    """
    definition = _ensure_draft(definition)
    stage = _stage_of(definition, stage_id)
    catalog_stage = WorkflowStage.objects.get(
        organization_id=definition.organization_id, pk=stage_id
    )
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the sub-stage a name.")})
    base = slugify(name)[:90] or "sub-stage"
    taken = set(catalog_stage.sub_stages.values_list("slug", flat=True))
    slug = next(
        candidate
        for candidate in (base, *(f"{base}-{n}" for n in range(2, 1000)))
        if candidate not in taken
    )
    last = catalog_stage.sub_stages.aggregate(last=Max("sub_stage_order"))["last"] or 0
    catalog = WorkflowSubStage(
        organization_id=definition.organization_id,
        workflow_stage=catalog_stage,
        name=name,
        slug=slug,
        sub_stage_order=last + 1,
        responsible_roles=list(responsible_roles),
        estimated_duration_hours=estimated_duration_hours,
        can_skip=can_skip,
        auto_advance=auto_advance,
        requires_approval=requires_approval,
        approval_roles=list(approval_roles or []),
    )
    catalog.full_clean()
    catalog.save(force_insert=True)
    row = WorkflowDefinitionSubStage(
        organization_id=definition.organization_id,
        workflow_definition=definition,
        sub_stage=catalog,
        sub_stage_order=max((sub.order for sub in stage.sub_stages), default=0) + 1,
        responsible_roles=list(responsible_roles),
        estimated_duration_hours=estimated_duration_hours,
        requires_approval=requires_approval,
        can_skip=can_skip,
        auto_advance=auto_advance,
        approval_roles=list(approval_roles or []),
    )
    row.full_clean()
    row.save(force_insert=True)
    workflow_definition_draft_changed_event(
        user=user,
        definition=definition,
        change=f"sub-stage “{name}” added to “{stage.name}”",
        changes={"sub_stage": str(catalog.pk), "name": name},
    )
    return row


@transaction.atomic
def workflow_draft_sub_stage_remove(*, definition: WorkflowDefinition, sub_stage_id, user) -> None:
    """Take a sub-stage out of this draft (the catalog keeps it for other versions)."""
    definition = _ensure_draft(definition)
    row = (
        WorkflowDefinitionSubStage.objects.filter(
            workflow_definition=definition, sub_stage_id=sub_stage_id
        )
        .select_related("sub_stage")
        .first()
    )
    if row is None:
        raise ValidationError(_("That sub-stage is not part of this workflow."))
    name = row.sub_stage.name
    row.delete()
    workflow_definition_draft_changed_event(
        user=user,
        definition=definition,
        change=f"sub-stage “{name}” removed",
        changes={"sub_stage": str(sub_stage_id)},
    )


@transaction.atomic
def workflow_draft_sub_stage_include(
    *, definition: WorkflowDefinition, sub_stage_id, user
) -> WorkflowDefinitionSubStage:
    """Bring a catalog sub-stage of one of the draft's stages into it, at the end of its stage,
    with the catalog's rules written on the draft's row."""
    definition = _ensure_draft(definition)
    catalog = WorkflowSubStage.objects.filter(
        organization_id=definition.organization_id, pk=sub_stage_id
    ).first()
    if catalog is None:
        raise ValidationError(_("That sub-stage is not in your catalog."))
    stage = _stage_of(definition, catalog.workflow_stage_id)
    if any(sub.sub_stage_id == catalog.pk for sub in stage.sub_stages):
        raise ValidationError(_("That sub-stage is already part of this workflow."))
    row = WorkflowDefinitionSubStage(
        organization_id=definition.organization_id,
        workflow_definition=definition,
        sub_stage=catalog,
        sub_stage_order=max((sub.order for sub in stage.sub_stages), default=0) + 1,
        **{field: getattr(catalog, field) for field in SUB_STAGE_RULES},
    )
    row.full_clean()
    row.save(force_insert=True)
    workflow_definition_draft_changed_event(
        user=user,
        definition=definition,
        change=f"sub-stage “{catalog.name}” included in “{stage.name}”",
        changes={"sub_stage": str(catalog.pk)},
    )
    return row


@transaction.atomic
def workflow_draft_save(
    *,
    definition: WorkflowDefinition,
    user,
    changed_fields=(),
    stages_saved=(),
    stages_deleted=(),
) -> WorkflowDefinition:
    """What a definition's admin page saves: a new definition (a draft), a draft's name and
    description, and which catalog stages the draft has, in which order, with whose
    responsibility (its stage rows, validated by the admin's forms). A published version is
    refused here as well as by the database trigger."""
    adding = definition._state.adding
    if not adding:
        _ensure_draft(definition)
    if adding or changed_fields:
        definition.save()
    for row in stages_deleted:
        row.delete()
    for row in stages_saved:
        row.workflow_definition = definition
        row.save()
    if adding or changed_fields or stages_saved or stages_deleted:
        workflow_definition_draft_changed_event(
            user=user,
            definition=definition,
            change="created" if adding else "details or stages changed",
            changes={
                "fields": list(changed_fields),
                "stages_saved": [str(row.workflow_stage_id) for row in stages_saved],
                "stages_removed": [str(row.workflow_stage_id) for row in stages_deleted],
            },
        )
    return definition
