"""The rules of a workflow definition's lifecycle: one table of transitions, and the checks a draft
must pass to be published. Services refuse by them and pages offer only what they allow."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from apps.workflow.models import DefinitionStatus, WorkflowDefinition
from apps.workflow.selectors import PlannedStage

PUBLISH = "publish"
EDIT = "edit"
MAKE_DEFAULT = "make_default"

# {(status, action): status after it}. A draft is edited freely and published once; a published
# version never changes again (a database trigger backs this up) but may become the default.
DEFINITION_TRANSITIONS: dict[tuple[str, str], str] = {
    (DefinitionStatus.DRAFT, EDIT): DefinitionStatus.DRAFT,
    (DefinitionStatus.DRAFT, PUBLISH): DefinitionStatus.PUBLISHED,
    (DefinitionStatus.PUBLISHED, MAKE_DEFAULT): DefinitionStatus.PUBLISHED,
}


def definition_allows(definition: WorkflowDefinition, action: str) -> bool:
    return (definition.status, action) in DEFINITION_TRANSITIONS


def definition_next_status(definition: WorkflowDefinition, action: str) -> str | None:
    return DEFINITION_TRANSITIONS.get((definition.status, action))


def publish_problems(plan: tuple[PlannedStage, ...]) -> list[str]:
    """Why a draft with this plan cannot be published (empty: it can). Each message names the
    stage or sub-stage, so an admin can go straight to it. (Roles are always known ones: a CHECK
    on every roles column refuses any other; a sub-stage nobody is responsible for is refused
    here.)"""
    if not plan:
        return [_("The workflow has no stages: add at least one.")]
    problems: list[str] = []
    for order, count in sorted(Counter(stage.order for stage in plan).items()):
        if count > 1:
            problems.append(
                _("%(count)s stages share the position %(order)s; give each its own.")
                % {"count": count, "order": order}
            )
    for stage in plan:
        if not stage.sub_stages:
            problems.append(_("Stage “%(stage)s” has no sub-stages.") % {"stage": stage.name})
        orders = Counter(sub.order for sub in stage.sub_stages)
        for order, count in sorted(orders.items()):
            if count > 1:
                problems.append(
                    _("In “%(stage)s”, %(count)s sub-stages share the position %(order)s.")
                    % {"stage": stage.name, "count": count, "order": order}
                )
        for sub in stage.sub_stages:
            names = {"stage": stage.name, "sub_stage": sub.name}
            if not sub.responsible_roles:
                problems.append(_("“%(stage)s: %(sub_stage)s” has no responsible role.") % names)
            if sub.requires_approval and not sub.approval_roles:
                problems.append(
                    _("“%(stage)s: %(sub_stage)s” requires an approval but names no approver role.")
                    % names
                )
            if sub.estimated_duration_hours <= 0:
                problems.append(
                    _("“%(stage)s: %(sub_stage)s” needs a duration of at least one hour.") % names
                )
    return problems
