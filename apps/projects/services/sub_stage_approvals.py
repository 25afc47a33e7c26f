"""A sub-stage's approval: what the workflow engine asks the approvals app for, and whether an
approval of the sub-stage still waits for a decision. What a decision does to the sub-stage is in
`sub_stages.py` (registered with the approvals in `apps.projects.subjects`)."""

from __future__ import annotations

import datetime

from apps.approvals.models import OPEN_STATUSES as OPEN_APPROVAL_STATUSES
from apps.approvals.models import Approval, ApprovalPriority, ApprovalType
from apps.approvals.rules import NON_APPROVER_ROLES
from apps.approvals.services import ApproverSpec, approval_open_chain
from apps.approvals.services.requests import MAX_STEPS
from apps.projects.models import PriorityLevel, ProjectSubStageProgress
from apps.users.models import Role
from apps.workflow.selectors import PlannedSubStage

# Sub-stage slug → the approval type a factory would call it.
APPROVAL_TYPE_BY_SUB_STAGE = {
    "tech_signoff": ApprovalType.TECHNICAL_REVIEW,
    "quote_review": ApprovalType.QUOTE_APPROVAL,
    "po_review": ApprovalType.PO_APPROVAL,
    "first_article": ApprovalType.QUALITY_REVIEW,
    "qa_release": ApprovalType.SHIPMENT_RELEASE,
}


def approval_request_for_sub_stage(
    *,
    user,
    progress: ProjectSubStageProgress,
    planned: PlannedSubStage,
    now: datetime.datetime | None = None,
) -> Approval:
    """Ask the sub-stage's approvers to approve its completion (called by the workflow engine,
    which has already authorised `user` and holds the progress row's lock).

    The sub-stage's `approval_roles` are the steps of the chain, in order (management when it
    names none that may approve: read-only roles are left out); the sub-stage completes only when
    the last step is approved. The project's priority is the approval's (a low one: normal).
    """
    project = progress.project
    priority = (
        project.priority_level
        if project.priority_level != PriorityLevel.LOW
        else ApprovalPriority.NORMAL
    )
    roles = [role for role in planned.approval_roles or () if role not in NON_APPROVER_ROLES]
    roles = list(dict.fromkeys(roles or (Role.MANAGEMENT,)))[:MAX_STEPS]
    return approval_open_chain(
        user=user,
        entity=progress,
        approval_type=APPROVAL_TYPE_BY_SUB_STAGE.get(
            progress.sub_stage.slug, ApprovalType.SUB_STAGE_COMPLETION
        ),
        title=f"{project.project_id}: {planned.name}",
        approvers=[ApproverSpec(role=role) for role in roles],
        priority=priority,
        now=now,
    )


def sub_stage_awaiting_approval(progress: ProjectSubStageProgress) -> bool:
    """Whether an approval of the sub-stage still waits for a decision (one query)."""
    return progress.approvals.filter(status__in=OPEN_APPROVAL_STATUSES).exists()
