"""A definition's lifecycle: a draft is published (checked, frozen) and a published version may
become the tenant's one default. The transitions are `apps.workflow.rules`'."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.workflow.events import (
    workflow_definition_default_changed_event,
    workflow_definition_published_event,
)
from apps.workflow.models import DefinitionStatus, WorkflowDefinition
from apps.workflow.rules import MAKE_DEFAULT, PUBLISH, definition_allows, publish_problems
from apps.workflow.selectors import definition_plan


def _locked(definition: WorkflowDefinition) -> WorkflowDefinition:
    return WorkflowDefinition.objects.select_for_update().get(
        pk=definition.pk, organization_id=definition.organization_id
    )


@transaction.atomic
def workflow_definition_publish(
    *,
    definition: WorkflowDefinition,
    user,
    make_default: bool = False,
    now: datetime.datetime | None = None,
) -> WorkflowDefinition:
    """Check a draft, freeze it, and (if asked) make it the workflow new projects follow.

    Frozen: the database refuses changes to the version and its rows from now on; the catalog
    rows it falls back to (null overrides) become read-only in the admin
    (`workflow_stage_in_use`).

    Refused with every problem listed (no stage, two stages or sub-stages at one position, a
    sub-stage nobody is responsible for, an approval nobody decides, a duration under one hour).
    """
    definition = _locked(definition)
    if not definition_allows(definition, PUBLISH):
        raise ValidationError(_("“%(workflow)s” is already published.") % {"workflow": definition})
    plan = definition_plan(definition)
    problems = publish_problems(plan)
    if problems:
        raise ValidationError(problems)
    definition.status = DefinitionStatus.PUBLISHED
    definition.published_at = now or timezone.now()
    definition.full_clean()
    definition.save(update_fields=["status", "published_at", "updated_at"])
    workflow_definition_published_event(user=user, definition=definition)
    if make_default:
        definition = workflow_definition_set_default(definition=definition, user=user)
    return definition


@transaction.atomic
def workflow_definition_set_default(*, definition: WorkflowDefinition, user) -> WorkflowDefinition:
    """Make a published version the one new projects follow (one action, one audit entry).

    Running projects keep the version they started with. All the tenant's definitions are locked
    first, so two switches at once run one after the other; the partial unique index
    (`workflow_definitions_one_default_per_org`) has the last word.
    """
    organization_id = definition.organization_id
    rows = list(
        WorkflowDefinition.objects.select_for_update()
        .filter(organization_id=organization_id)
        .order_by("pk")
    )
    definition = next((row for row in rows if row.pk == definition.pk), None) or _locked(definition)
    if not definition_allows(definition, MAKE_DEFAULT):
        raise ValidationError(
            _("Only a published version can be the default; publish “%(workflow)s” first.")
            % {"workflow": definition}
        )
    previous = next((row for row in rows if row.is_default), None)
    if previous is not None and previous.pk == definition.pk:
        return definition
    try:
        with transaction.atomic():
            if previous is not None:
                previous.is_default = False
                previous.save(update_fields=["is_default", "updated_at"])
            definition.is_default = True
            definition.save(update_fields=["is_default", "updated_at"])
    except IntegrityError as error:
        raise ValidationError(
            _("Someone else changed the default workflow at the same moment; try again.")
        ) from error
    workflow_definition_default_changed_event(user=user, definition=definition, previous=previous)
    return definition
