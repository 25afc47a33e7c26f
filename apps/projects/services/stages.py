"""Moving a project between stages, by the table `apps.projects.rules.PROJECT_STAGE_TRANSITIONS`.

A project advances only when every required sub-stage of its current stage is completed or
skipped; its status follows the stage (`WorkflowStage.project_status`), and leaving the last stage
completes it. Moving back a stage is for management, with a reason. The project row is locked,
so two people advancing at once make one move and get one refusal.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import for_reader
from apps.core.reasons import required_reason
from apps.organizations.calendar import tenant_date
from apps.projects import events, rules
from apps.projects.models import ProgressStatus, Project, ProjectStatus, ProjectSubStageProgress
from apps.projects.rules import StageAction
from apps.projects.services.notices import workflow_notify
from apps.users.selectors import users_with_roles
from apps.workflow.selectors import PlannedStage, definition_plan

DONE = (ProgressStatus.COMPLETED, ProgressStatus.SKIPPED)


def project_lock(*, user, project_id) -> Project:
    try:
        return (
            Project.objects.select_for_update(of=("self",))
            .select_related("current_stage", "workflow_definition")
            .get(pk=project_id, organization_id=user.organization_id)
        )
    except (Project.DoesNotExist, ValueError, ValidationError):
        raise ValidationError(gettext("That project does not exist.")) from None


def _position(plan: tuple[PlannedStage, ...], project: Project) -> int:
    for index, stage in enumerate(plan):
        if stage.stage_id == project.current_stage_id:
            return index
    raise ValidationError(gettext("The project's stage is not part of its workflow."))


def open_required_work(project: Project, stage: PlannedStage) -> list[str]:
    """Names of the required sub-stages of `stage` that are not completed or skipped yet."""
    required = {s.sub_stage_id: s.name for s in stage.sub_stages if s.is_required}
    open_ids = (
        ProjectSubStageProgress.objects.filter(
            project=project, workflow_stage_id=stage.stage_id, sub_stage_id__in=list(required)
        )
        .exclude(status__in=DONE)
        .values_list("sub_stage_id", flat=True)
    )
    return [required[sub_stage_id] for sub_stage_id in open_ids]


def _require(project: Project, plan, index: int, action: StageAction) -> None:
    """Refuse unless the table allows `action` from where the project stands (for an advance: with
    its current stage's required work done)."""
    stage = plan[index]
    refusal = rules.stage_refusal(
        project,
        rules.stage_position(project, index, len(plan)),
        action,
        stage_name=stage.name,
        open_required=open_required_work(project, stage) if action == StageAction.ADVANCE else (),
    )
    if refusal:
        raise ValidationError(refusal)


def _move_title(project, target: PlannedStage | None, event) -> Promise:
    """The notification's title of a stage move, in its reader's language."""
    if event is events.project_stage_moved_back_event:
        return for_reader(
            _("%(code)s: moved back to %(stage)s"), code=project.project_id, stage=target.name
        )
    if target is not None:
        return for_reader(
            _("%(code)s: moved to %(stage)s"), code=project.project_id, stage=target.name
        )
    return for_reader(_("%(code)s: completed"), code=project.project_id)


def _move(project, user, target: PlannedStage | None, now, event, description, reason=""):
    old = {"stage": project.current_stage.name, "status": project.status}
    if target is None:
        project.status = ProjectStatus.COMPLETED
        # The delivery happens on the factory's date, not the clicking user's (apps.core.calendar).
        project.actual_delivery_date = project.actual_delivery_date or tenant_date(
            project.organization_id, now
        )
        fields = ["status", "actual_delivery_date"]
    else:
        project.current_stage_id = target.stage_id
        project.stage_entered_at = now
        project.status = target.project_status
        fields = ["current_stage", "stage_entered_at", "status"]
    project.version += 1
    project.save(update_fields=[*fields, "version", "updated_at"])
    event(
        project,
        user=user,
        description=description,
        old_values=old,
        new_values={
            "stage": target.name if target else old["stage"],
            "status": project.status,
            **({"reason": reason} if reason else {}),
        },
    )
    recipients = [project.assigned_to]
    if target is not None:
        recipients += users_with_roles(
            organization_id=project.organization_id, roles=target.responsible_roles
        )
    workflow_notify(
        project, recipients, actor=user, title=_move_title(project, target, event), message=reason,
    )  # fmt: skip
    return project


@transaction.atomic
def project_advance_stage(*, user, project_id, now=None) -> Project:
    """Advance to the next stage when the current one's required work is done."""
    project = project_lock(user=user, project_id=project_id)
    plan = definition_plan(project.workflow_definition)
    index = _position(plan, project)
    stage = plan[index]
    if not rules.stage_may(user, StageAction.ADVANCE, stage.responsible_roles):
        raise PermissionDenied(
            gettext("Only the people responsible for %(stage)s may advance it.")
            % {"stage": stage.name}
        )
    return _advance(project, user, plan, index, now or timezone.now())


@transaction.atomic
def project_advance_to(*, user, project_id, target_stage_id, now=None) -> Project:
    """Advance when `target_stage_id` is the next stage (the board's drag and drop): a card can
    only move one stage forward, by the same rules as `project_advance_stage`."""
    project = project_lock(user=user, project_id=project_id)
    plan = definition_plan(project.workflow_definition)
    index = _position(plan, project)
    if str(target_stage_id) == str(project.current_stage_id):
        raise ValidationError(
            gettext("%(code)s is already in %(stage)s.")
            % {"code": project.project_id, "stage": plan[index].name}
        )
    if index + 1 >= len(plan) or str(plan[index + 1].stage_id) != str(target_stage_id):
        following = plan[index + 1].name if index + 1 < len(plan) else gettext("completion")
        raise ValidationError(
            gettext(
                "%(code)s can only move on to %(stage)s. Moving back a stage is done "
                "on the project page, with a reason."
            )
            % {"code": project.project_id, "stage": following}
        )
    return project_advance_stage(user=user, project_id=project.pk, now=now)


def project_advance_if_complete(*, user, project_id, now) -> Project | None:
    """The automatic advance after an `auto_advance` sub-stage: only if nothing required is open
    (the table's "advance", for whoever completed that sub-stage)."""
    project = project_lock(user=user, project_id=project_id)
    plan = definition_plan(project.workflow_definition)
    index = _position(plan, project)
    if open_required_work(project, plan[index]):
        return None
    return _advance(project, user, plan, index, now)


def _advance(project, user, plan, index, now) -> Project:
    _require(project, plan, index, StageAction.ADVANCE)
    target = plan[index + 1] if index + 1 < len(plan) else None
    description = f"moved to {target.name}" if target else "completed"
    return _move(project, user, target, now, events.project_stage_advanced_event, description)


@transaction.atomic
def project_move_back_stage(*, user, project_id, reason: str, now=None) -> Project:
    if not rules.stage_may(user, StageAction.MOVE_BACK):
        raise PermissionDenied(gettext("Only management may move a project back a stage."))
    reason = required_reason(reason, ask=gettext("Say why the project goes back a stage."))
    project = project_lock(user=user, project_id=project_id)
    plan = definition_plan(project.workflow_definition)
    index = _position(plan, project)
    _require(project, plan, index, StageAction.MOVE_BACK)
    target = plan[index - 1]
    return _move(project, user, target, now or timezone.now(),
                 events.project_stage_moved_back_event, f"moved back to {target.name}",
                 reason)  # fmt: skip
