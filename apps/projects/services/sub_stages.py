"""Sub-stage transitions: the workflow engine's writes for one unit of work.

Which transitions exist, from which status, for whom and on what condition is one table,
`apps.projects.rules.SUB_STAGE_TRANSITIONS`; every service here refuses by it (with the same words
the project page's buttons are chosen by). Every transition locks the progress row (`SELECT ...
FOR UPDATE`), re-checks the state it found, bumps `version`, records activity and notifies; two
people acting at once get one transition and one clear refusal, never a lost update.

The decisions of a sub-stage's approval (`sub_stage_approval_granted`, `..._rejected`,
`..._cancelled`) are transitions too; the approvals app calls them through the subject type
registered in `apps.projects.subjects`.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from apps.approvals.models import Approval
from apps.core.i18n import for_reader
from apps.core.reasons import REASON_MAX, required_reason
from apps.notifications.models import NotificationPriority
from apps.projects import events, rules
from apps.projects.models import CLOSED_PROJECT, ProgressStatus, Project, ProjectSubStageProgress
from apps.projects.rules import SubStageAction
from apps.projects.services.notices import workflow_notify
from apps.projects.services.stages import project_advance_if_complete
from apps.projects.services.sub_stage_approvals import (
    approval_request_for_sub_stage,
    sub_stage_awaiting_approval,
)
from apps.users.permissions import has_permission
from apps.workflow.selectors import PlannedSubStage, definition_plan


def progress_lock(*, user, progress_id) -> ProjectSubStageProgress:
    """The progress row, locked for this transaction, with its project, stage and sub-stage."""
    try:
        return (
            ProjectSubStageProgress.objects.select_for_update(of=("self",))
            .select_related("project", "sub_stage", "workflow_stage", "project__current_stage")
            .get(pk=progress_id, organization_id=user.organization_id)
        )
    except (ProjectSubStageProgress.DoesNotExist, ValueError, ValidationError):
        raise ValidationError(gettext("That sub-stage does not exist.")) from None


def planned_sub_stage(progress: ProjectSubStageProgress) -> PlannedSubStage:
    for stage in definition_plan(progress.project.workflow_definition):
        for sub_stage in stage.sub_stages:
            if sub_stage.sub_stage_id == progress.sub_stage_id:
                return sub_stage
    raise ValidationError(gettext("This sub-stage is not part of the project's workflow any more."))


# "Only sales (or management) may start “Welding”.", one sentence per action (`verb`).
ONLY_WORKERS_MAY = {
    SubStageAction.START: gettext_lazy("Only %(roles)s (or management) may start “%(name)s”."),
    SubStageAction.SUBMIT: gettext_lazy("Only %(roles)s (or management) may submit “%(name)s”."),
    SubStageAction.COMPLETE: gettext_lazy(
        "Only %(roles)s (or management) may complete “%(name)s”."
    ),
    SubStageAction.SKIP: gettext_lazy("Only %(roles)s (or management) may skip “%(name)s”."),
    SubStageAction.UNBLOCK: gettext_lazy("Only %(roles)s (or management) may unblock “%(name)s”."),
    SubStageAction.BLOCK: gettext_lazy("Only %(roles)s (or management) may block “%(name)s”."),
    SubStageAction.REASSIGN: gettext_lazy(
        "Only %(roles)s (or management) may reassign “%(name)s”."
    ),
}
ONLY_WORKERS_MAY_WORK_ON = gettext_lazy("Only %(roles)s (or management) may work on “%(name)s”.")


def authorize_sub_stage_action(user, planned: PlannedSubStage, verb: str) -> None:
    if not has_permission(user, rules.ADVANCE_PERMISSION):
        raise PermissionDenied(gettext("Your role cannot change workflow progress."))
    if not rules.may_work_on(user, planned.responsible_roles):
        roles = ", ".join(planned.responsible_roles) or gettext("management")
        raise PermissionDenied(
            str(ONLY_WORKERS_MAY.get(verb, ONLY_WORKERS_MAY_WORK_ON))
            % {"roles": roles, "name": planned.name}
        )


def sub_stage_facts(
    progress: ProjectSubStageProgress, planned: PlannedSubStage
) -> rules.SubStageFacts:
    """What the table's conditions look at, for a locked row (whether an approval waits is read
    only if a condition asks)."""
    return rules.SubStageFacts(
        name=progress.sub_stage.name,
        can_skip=planned.can_skip,
        requires_approval=planned.requires_approval,
        awaiting_approval=partial(sub_stage_awaiting_approval, progress),
    )


def _require(progress, planned: PlannedSubStage, action: SubStageAction) -> None:
    """Refuse unless the project is running, the sub-stage belongs to its current stage, and the
    table allows `action` from the sub-stage's status."""
    project = progress.project
    if project.is_closed:
        raise ValidationError(
            gettext("The project is %(status)s.") % {"status": project.get_status_display().lower()}
        )
    if progress.workflow_stage_id != project.current_stage_id:
        raise ValidationError(
            gettext("“%(name)s” belongs to %(stage)s, but the project is in %(current)s.")
            % {
                "name": progress.sub_stage.name,
                "stage": progress.workflow_stage.name,
                "current": project.current_stage.name,
            }
        )
    refusal = rules.sub_stage_refusal(progress.status, action, sub_stage_facts(progress, planned))
    if refusal:
        raise ValidationError(refusal)


def _locked_for(user, progress_id, action: SubStageAction):
    """The locked row and its plan, once `user` may take `action` on it (else the refusal)."""
    progress = progress_lock(user=user, progress_id=progress_id)
    planned = planned_sub_stage(progress)
    authorize_sub_stage_action(user, planned, action.value)
    _require(progress, planned, action)
    return progress, planned


def _save(progress, fields: list[str]) -> None:
    progress.version += 1
    progress.full_clean(exclude=["project", "workflow_stage", "sub_stage", "assigned_to"])
    progress.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def sub_stage_start(*, user, progress_id, now: datetime.datetime | None = None):
    progress, _ = _locked_for(user, progress_id, SubStageAction.START)
    old = progress.status
    progress.status = ProgressStatus.IN_PROGRESS
    progress.started_at = now or timezone.now()
    if progress.assigned_to_id is None:
        progress.assigned_to = user
    _save(progress, ["status", "started_at", "assigned_to"])
    events.sub_stage_started_event(progress, user=user, old_status=old)
    return progress


@transaction.atomic
def sub_stage_submit_for_review(*, user, progress_id):
    """Hand the work to a colleague to complete; refused where the sub-stage needs an approval
    (see the table: "complete" asks for it)."""
    progress, _ = _locked_for(user, progress_id, SubStageAction.SUBMIT)
    old = progress.status
    progress.status = ProgressStatus.IN_REVIEW
    _save(progress, ["status"])
    events.sub_stage_submitted_event(progress, user=user, old_status=old)
    return progress


@transaction.atomic
def sub_stage_complete(*, user, progress_id, notes: str = "", now=None):
    """Complete the sub-stage, or, where it needs an approval, request one and hold it in review.

    Completing the last required work of the stage advances the project when the sub-stage says
    `auto_advance`.
    """
    progress, planned = _locked_for(user, progress_id, SubStageAction.COMPLETE)
    now = now or timezone.now()
    old = progress.status
    if planned.requires_approval:
        progress.status = ProgressStatus.IN_REVIEW
        if notes:
            progress.notes = notes[:REASON_MAX]
        _save(progress, ["status", "notes"])
        approval_request_for_sub_stage(user=user, progress=progress, planned=planned, now=now)
        events.sub_stage_sent_for_approval_event(progress, user=user, old_status=old)
        return progress
    return sub_stage_mark_completed(user=user, progress=progress, planned=planned, now=now,
                                    notes=notes, old_status=old)  # fmt: skip


def sub_stage_mark_completed(*, user, progress, planned, now, notes="", old_status=None):
    """Finish a locked progress row (also used when its approval is granted)."""
    old = old_status or progress.status
    progress.status = ProgressStatus.COMPLETED
    progress.started_at = progress.started_at or now
    progress.completed_at = max(now, progress.started_at)
    if notes:
        progress.notes = notes[:REASON_MAX]
    _save(progress, ["status", "started_at", "completed_at", "notes"])
    events.sub_stage_completed_event(progress, user=user, old_status=old)
    project = progress.project
    workflow_notify(
        project,
        [project.assigned_to],
        actor=user,
        title=for_reader(
            gettext_lazy("%(code)s: %(name)s completed"), code=project.project_id, name=planned.name
        ),
    )
    if planned.auto_advance:
        project_advance_if_complete(user=user, project_id=project.pk, now=now)
    return progress


def _decided_progress(user, approval: Approval, action: SubStageAction):
    """The locked row an approval's decision moves, or None when there is none or the table does
    not move it from its status (someone blocked it meanwhile): it is then left as it is."""
    if not approval.sub_stage_progress_id:
        return None
    progress = progress_lock(user=user, progress_id=approval.sub_stage_progress_id)
    if (progress.status, action) not in rules.SUB_STAGE_TRANSITIONS:
        return None
    return progress


def sub_stage_approval_granted(*, user, approval: Approval, now: datetime.datetime) -> None:
    """The last step of the sub-stage's approval was approved: the sub-stage completes."""
    progress = _decided_progress(user, approval, SubStageAction.APPROVAL_GRANTED)
    if progress is not None:
        sub_stage_mark_completed(
            user=user, progress=progress, planned=planned_sub_stage(progress), now=now
        )


def _return_to_work(*, user, approval: Approval, note: str) -> None:
    """A sub-stage held in review goes back to work (its approval was rejected or withdrawn)."""
    progress = _decided_progress(user, approval, SubStageAction.APPROVAL_WITHDRAWN)
    if progress is None:
        return
    old = progress.status
    progress.status = ProgressStatus.IN_PROGRESS
    progress.notes = note[:REASON_MAX]
    _save(progress, ["status", "notes"])
    events.sub_stage_reopened_event(progress, user=user, old_status=old, note=note)


def sub_stage_approval_rejected(*, user, approval: Approval, reason: str) -> None:
    _return_to_work(user=user, approval=approval, note=f"Rejected: {reason}")


def sub_stage_approval_cancelled(*, user, approval: Approval, reason: str) -> None:
    _return_to_work(user=user, approval=approval, note=f"Approval cancelled: {reason}")


@transaction.atomic
def sub_stage_skip(*, user, progress_id, reason: str = "", now=None):
    progress, _ = _locked_for(user, progress_id, SubStageAction.SKIP)
    old = progress.status
    progress.status = ProgressStatus.SKIPPED
    now = now or timezone.now()
    progress.completed_at = max(now, progress.started_at) if progress.started_at else now
    progress.notes = reason[:REASON_MAX] or progress.notes
    _save(progress, ["status", "completed_at", "notes"])
    events.sub_stage_skipped_event(progress, user=user, old_status=old, reason=reason)
    return progress


@transaction.atomic
def sub_stage_block(*, user, progress_id, reason: str):
    reason = required_reason(
        reason, ask=gettext("Say why it is blocked, so someone can unblock it.")
    )
    progress, planned = _locked_for(user, progress_id, SubStageAction.BLOCK)
    old = progress.status
    progress.status = ProgressStatus.BLOCKED
    progress.blocked_reason = reason
    _save(progress, ["status", "blocked_reason"])
    events.sub_stage_blocked_event(progress, user=user, old_status=old, reason=reason)
    project = progress.project
    workflow_notify(
        project,
        [project.assigned_to, progress.assigned_to],
        actor=user,
        priority=NotificationPriority.HIGH,
        title=for_reader(
            gettext_lazy("%(code)s: %(name)s is blocked"),
            code=project.project_id,
            name=planned.name,
        ),
        message=reason,
    )
    return progress


@transaction.atomic
def sub_stage_unblock(*, user, progress_id):
    progress, _ = _locked_for(user, progress_id, SubStageAction.UNBLOCK)
    old = progress.status
    progress.status = ProgressStatus.IN_PROGRESS if progress.started_at else ProgressStatus.PENDING
    progress.blocked_reason = ""
    _save(progress, ["status", "blocked_reason"])
    events.sub_stage_unblocked_event(progress, user=user, old_status=old)
    return progress


@transaction.atomic
def sub_stage_reassign(*, user, progress_id, assignee):
    progress, planned = _locked_for(user, progress_id, SubStageAction.REASSIGN)
    if assignee.organization_id != progress.organization_id or not assignee.is_active:
        raise ValidationError({"assignee": gettext("Choose an active colleague of your factory.")})
    old_assignee = progress.assigned_to_id
    progress.assigned_to = assignee
    _save(progress, ["assigned_to"])
    events.sub_stage_reassigned_event(
        progress, user=user, sub_stage_name=planned.name, old_assignee_id=old_assignee
    )
    workflow_notify(
        progress.project,
        [assignee],
        actor=user,
        title=for_reader(
            gettext_lazy("%(code)s: %(name)s is yours"),
            code=progress.project.project_id,
            name=planned.name,
        ),
    )
    return progress


@transaction.atomic
def sub_stages_complete_for_customer(*, account, project_id, stage_id, now=None):
    """The customer accepted in a customer stage ("Customer Approval"): complete the stage's work
    that is the customer's answer, then advance the project when nothing required is left open.

    What "accept" completes: every open *required* sub-stage of the stage that needs no approval
    (in the standard workflow: "PO received"), in plan order, each by the table's own moves
    (pending → start → complete, as a staff member would press them). A sub-stage that needs an
    approval (the standard "PO review", approved by finance) is the factory's own check and is
    left to it: the project then advances when that approval is granted, exactly as today.
    Optional sub-stages (the customer follow-up) are left as they are. The advance is the engine's
    `project_advance_if_complete`, with the table's checks.

    The contact's account is the actor of every entry (the activity log names the contact); the
    role check of staff work is replaced by the portal's (a project of the contact's company, in
    the customer stage). Raises ValidationError with the engine's refusal; changes nothing then.
    Returns the project when it advanced, else None.
    """
    now = now or timezone.now()
    standing = Project.objects.filter(
        pk=project_id, organization_id=account.organization_id, current_stage_id=stage_id
    ).values_list("status", flat=True)
    if not standing or standing[0] in CLOSED_PROJECT:
        raise ValidationError(gettext("The project is no longer waiting for this decision."))
    rows = list(
        ProjectSubStageProgress.objects.filter(
            project_id=project_id,
            organization_id=account.organization_id,
            workflow_stage_id=stage_id,
        )
        .order_by("sub_stage__sub_stage_order", "pk")
        .values_list("pk", flat=True)
    )
    if not rows:
        raise ValidationError(gettext("This project has no work in that stage."))
    done = (ProgressStatus.COMPLETED, ProgressStatus.SKIPPED)
    for progress_id in rows:
        progress = progress_lock(user=account, progress_id=progress_id)
        planned = planned_sub_stage(progress)
        if progress.status in done or not planned.is_required or planned.requires_approval:
            continue
        if progress.status == ProgressStatus.PENDING:
            _require(progress, planned, SubStageAction.START)
            progress.status = ProgressStatus.IN_PROGRESS
            progress.started_at = now
            _save(progress, ["status", "started_at"])
            events.sub_stage_started_event(
                progress, user=account, old_status=ProgressStatus.PENDING
            )
        _require(progress, planned, SubStageAction.COMPLETE)
        # Its auto-advance is the one below, once every answer is in.
        sub_stage_mark_completed(
            user=account, progress=progress, planned=replace(planned, auto_advance=False), now=now
        )
    return project_advance_if_complete(user=account, project_id=project_id, now=now)
