"""Asking for an approval: a chain of one or more steps, each decided by a person or a role.

Only one step of a chain is open at a time. `approval_request` opens step 1; approving a step
opens the next one (`open_next_step`), with the approver the plan names for it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from apps.approvals.events import approval_requested_event
from apps.approvals.models import Approval, ApprovalAction, ApprovalPriority, ApprovalType
from apps.approvals.services.approvers import ApproverSpec, clean_approver, may_take_part
from apps.approvals.services.guards import now_or
from apps.approvals.services.history import history_record
from apps.approvals.services.notices import approver_recipients, notify
from apps.approvals.services.sla import approval_sla_due
from apps.approvals.subjects import subject_type_of
from apps.core.i18n import for_reader
from apps.users.models import Role, User
from apps.users.permissions import has_permission

MAX_STEPS = 10
TITLE_MAX = 255
DESCRIPTION_MAX = 5000
UNIQUE_OPEN_STEP = "approvals_one_open_per_entity_step"


def _check_approvers(*, organization_id, requester, approvers: Sequence[ApproverSpec]) -> None:
    """One to MAX_STEPS steps, each naming one approver who may decide (`clean_approver`); the
    people named are read in one query."""
    if not approvers:
        raise ValidationError({"approvers": gettext("Name at least one approver.")})
    if len(approvers) > MAX_STEPS:
        raise ValidationError(
            {
                "approvers": ngettext(
                    "A chain has at most %(count)d step.",
                    "A chain has at most %(count)d steps.",
                    MAX_STEPS,
                )
                % {"count": MAX_STEPS}
            }
        )
    user_ids = {spec.user_id for spec in approvers if spec.user_id}
    people = {
        person.pk: person
        for person in User.objects.filter(organization_id=organization_id, pk__in=user_ids)
    }
    probe = Approval(organization_id=organization_id, requested_by=requester)
    for spec in approvers:
        clean_approver(spec, approval=probe, field="approvers", people=people)


def open_step(
    *,
    template: Approval,
    step_number: int,
    approver: ApproverSpec,
    acting_user,
    now: datetime.datetime,
    first_step_id=None,
) -> Approval:
    """Insert one step of a chain (step 1 from a request, later ones from an approval), with its
    history, activity and the notification of its approvers."""
    approval = Approval(
        organization_id=template.organization_id,
        approval_type=template.approval_type,
        title=template.title,
        description=template.description,
        entity_type=template.entity_type,
        entity_id=template.entity_id,
        project=template.project,
        sub_stage_progress=template.sub_stage_progress,
        step_number=step_number,
        total_steps=template.total_steps,
        first_step_id=first_step_id,
        step_approvers=template.step_approvers,
        requested_by=template.requested_by,
        requested_at=now,
        current_approver_user_id=approver.user_id,
        current_approver_role=approver.role,
        priority=template.priority,
        due_at=template.due_at if template.due_at and template.due_at >= now else None,
        sla_due_at=approval_sla_due(
            organization_id=template.organization_id, priority=template.priority, start=now
        ),
    )
    approval.full_clean(validate_constraints=False)
    try:
        # The savepoint keeps the caller's transaction usable when the insert is refused.
        with transaction.atomic():
            approval.save(force_insert=True)
    except IntegrityError as error:
        # One open approval per thing, kind and step: the unique index decides, also between
        # two requests submitted at the same moment.
        if UNIQUE_OPEN_STEP in str(error):
            raise ValidationError(
                gettext("A %(kind)s of this is already waiting for a decision.")
                % {"kind": approval.get_approval_type_display().lower()}
            ) from None
        raise
    step_note = f"step {step_number} of {approval.total_steps}" if approval.total_steps > 1 else ""
    history_record(
        approval,
        user=acting_user,
        action=ApprovalAction.REQUEST,
        old_status=None,
        comments=f"Opened {step_note}" if step_note else "",
        approver=approver.as_json(),
    )
    approval_requested_event(approval, user=acting_user, step_note=step_note)
    notify(
        approval,
        approver_recipients(approval),
        actor=acting_user,
        title=for_reader(_("Approval needed: %(title)s"), title=approval.title),
        message=for_reader(
            _("Step %(step)s of %(steps)s"), step=step_number, steps=approval.total_steps
        )
        if step_note
        else "",
    )
    return approval


@transaction.atomic
def approval_request(
    *,
    user,
    entity,
    approval_type: str,
    title: str,
    approvers: Sequence[ApproverSpec],
    priority: str = ApprovalPriority.NORMAL,
    description: str = "",
    due_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Approval:
    """Ask for a decision on `entity` (a project, sub-stage or document of the user's tenant:
    a registered subject type, `apps.approvals.subjects`), by one approver per step, in order."""
    if not has_permission(user, "approvals.request"):
        raise PermissionDenied(gettext("Your role cannot ask for approvals."))
    now = now_or(now)
    if entity.organization_id != user.organization_id:
        raise ValidationError(gettext("That does not belong to your factory."))
    subject_type_of(entity)  # anything approvals cannot be about is refused before the form is
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise ValidationError(
            {
                "title": gettext("Give a title of at most %(limit)s characters.")
                % {"limit": TITLE_MAX}
            }
        )
    if len(description or "") > DESCRIPTION_MAX:
        raise ValidationError(
            {
                "description": gettext("Keep it under %(limit)s characters.")
                % {"limit": DESCRIPTION_MAX}
            }
        )
    if approval_type not in ApprovalType.values:
        raise ValidationError(
            {"approval_type": gettext("Choose one of the listed kinds of approval.")}
        )
    if priority not in ApprovalPriority.values:
        raise ValidationError({"priority": gettext("Choose one of the listed priorities.")})
    if due_at is not None and due_at <= now:
        raise ValidationError({"due_at": gettext("The due date must be in the future.")})
    _check_approvers(organization_id=user.organization_id, requester=user, approvers=approvers)
    return approval_open_chain(
        user=user, entity=entity, approval_type=approval_type, title=title,
        approvers=approvers, priority=priority, description=description or "", due_at=due_at,
        now=now,
    )  # fmt: skip


def approval_open_chain(
    *,
    user,
    entity,
    approval_type: str,
    title: str,
    approvers: Sequence[ApproverSpec],
    priority: str = ApprovalPriority.NORMAL,
    description: str = "",
    due_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Approval:
    """Open step 1 of a chain on `entity`, without the checks `approval_request` makes of the
    user and the form: for the app that owns the subject, which has already authorised `user`
    and chosen the approvers (the workflow engine asking for a sub-stage's approval). The open
    step is unique per subject, kind and step (a ValidationError when one is already open)."""
    subject_type = subject_type_of(entity)
    template = Approval(
        organization_id=entity.organization_id,
        approval_type=approval_type,
        title=title,
        description=description,
        entity_type=subject_type.entity_type,
        entity_id=entity.pk,
        project=subject_type.project_of(entity),
        sub_stage_progress=subject_type.sub_stage_progress_of(entity),
        total_steps=len(approvers),
        step_approvers=[spec.as_json() for spec in approvers],
        requested_by=user,
        priority=priority,
        due_at=due_at,
    )
    return open_step(
        template=template, step_number=1, approver=approvers[0], acting_user=user,
        now=now_or(now),
    )  # fmt: skip


def open_next_step(*, approved: Approval, acting_user, now: datetime.datetime) -> Approval:
    """After step n of a chain is approved, open step n + 1 for the approver the plan names.

    A person named in the plan who may no longer take part (gone, inactive, now read-only) is
    replaced by management, so a chain never waits on someone who cannot answer.
    """
    plan = approved.step_approvers or []
    index = approved.step_number  # 0-based index of the next step
    approver = ApproverSpec.from_json(plan[index] if index < len(plan) else None)
    if approver.user_id:
        person = User.objects.filter(
            organization_id=approved.organization_id, pk=approver.user_id
        ).first()
        if not may_take_part(approved, person):
            approver = ApproverSpec(role=Role.MANAGEMENT)
    return open_step(
        template=approved,
        step_number=approved.step_number + 1,
        approver=approver,
        acting_user=acting_user,
        now=now,
        first_step_id=approved.first_step_id or approved.pk,
    )
