"""The approval of a sub-stage that requires one, with its history trail and audit entries."""

from __future__ import annotations

import datetime
import random

from apps.activity.models import ActivityAction, EntityType
from apps.approvals.models import (
    Approval,
    ApprovalAction,
    ApprovalEntityType,
    ApprovalHistory,
    ApprovalStatus,
    ApprovalType,
)
from apps.demo.sample_data.build_people import Directory
from apps.demo.sample_data.history import History
from apps.demo.sample_data.specs import ProjectSpec, TenantSpec
from apps.demo.sample_data.timeline import Step
from apps.demo.sample_data.validation import clean_story_row
from apps.projects.models import Project, ProjectSubStageProgress
from apps.users.models import Role

APPROVAL_TYPES = {
    "tech_signoff": ApprovalType.TECHNICAL_REVIEW,
    "quote_review": ApprovalType.QUOTE_APPROVAL,
    "po_review": ApprovalType.PO_APPROVAL,
    "first_article": ApprovalType.QUALITY_REVIEW,
    "qa_release": ApprovalType.SHIPMENT_RELEASE,
}
SLA_HOURS = {"low": 120, "normal": 72, "high": 48, "urgent": 24}
APPROVED_COMMENTS = (
    "Checked against the customer's requirements. Approved.",
    "OK to proceed.",
    "Approved; keep the customer informed of the schedule.",
    "Approved with the tolerances noted on the drawing.",
    "Reviewed with engineering. Go ahead.",
)


def build_step_approval(
    project: Project,
    row: ProjectSubStageProgress,
    step: Step,
    *,
    project_spec: ProjectSpec,
    tenant_spec: TenantSpec,
    directory: Directory,
    rng: random.Random,
    now: datetime.datetime,
    history: History,
) -> Approval:
    """An approved, pending or rejected approval of `row`, as `step` tells."""
    approval_type = APPROVAL_TYPES.get(step.slug, ApprovalType.SUB_STAGE_COMPLETION)
    requester = row.assigned_to or project.assigned_to
    decider = directory.users.get(tenant_spec.approvers.get(approval_type, ""))
    if decider is None:
        decider = rng.choice(directory.managers())
    requested = step.requested_at
    assert requested is not None and requester is not None
    sla = datetime.timedelta(hours=SLA_HOURS[project.priority_level])
    approval = Approval(
        organization_id=project.organization_id,
        approval_type=approval_type,
        title=f"{ApprovalType(approval_type).label}: {project.project_id} {project.title}"[:255],
        description=f"“{step.sub.name}” on {project.title}.",
        entity_type=ApprovalEntityType.SUB_STAGE_PROGRESS,
        entity_id=row.pk,
        project=project,
        sub_stage_progress=row,
        requested_by=requester,
        requested_at=requested,
        current_approver_role=Role.MANAGEMENT,
        current_approver_user=decider,
        priority=project.priority_level,
    )
    if step.approval == "pending":
        waited = now - requested
        approval.status = ApprovalStatus.PENDING
        # An overdue story has waited past its SLA; any other is still within it.
        approval.sla_due_at = requested + (min(sla, waited / 2) if project_spec.overdue else
                                           max(sla, waited * 2))  # fmt: skip
    else:
        approval.status = (
            ApprovalStatus.REJECTED if step.approval == "rejected" else ApprovalStatus.APPROVED
        )
        approval.sla_due_at = requested + sla
        approval.decided_by = decider
        approval.decided_at = step.decided_at
        if approval.status == ApprovalStatus.REJECTED:
            approval.decision_comments = "Returned for rework."
            approval.decision_reason = project_spec.rejected_reason
        else:
            approval.decision_comments = rng.choice(APPROVED_COMMENTS)
    approval.due_at = approval.sla_due_at
    clean_story_row(approval)
    approval.save(force_insert=True)
    Approval.objects.filter(pk=approval.pk).update(created_at=requested)
    _record_trail(approval, row, step, project=project, history=history)
    return approval


def _record_trail(
    approval: Approval,
    row: ProjectSubStageProgress,
    step: Step,
    *,
    project: Project,
    history: History,
) -> None:
    entries = [
        ApprovalHistory(
            organization_id=approval.organization_id,
            approval=approval,
            action=ApprovalAction.REQUEST,
            new_status=ApprovalStatus.PENDING,
            user=approval.requested_by,
            comments=f"Please review “{step.sub.name}”.",
            created_at=approval.requested_at,
        )
    ]
    history.add(
        at=approval.requested_at, user=approval.requested_by,
        action=ActivityAction.SUB_STAGE_SUBMITTED, entity_type=EntityType.SUB_STAGE_PROGRESS,
        entity_id=row.pk, project=project, description=f"Submitted “{step.sub.name}” for review",
    )  # fmt: skip
    history.add(
        at=approval.requested_at, user=approval.requested_by,
        action=ActivityAction.APPROVAL_REQUESTED, entity_type=EntityType.APPROVAL,
        entity_id=approval.pk, project=project, description=f"Requested {approval.title}",
    )  # fmt: skip
    if approval.decided_at is not None:
        rejected = approval.status == ApprovalStatus.REJECTED
        entries.append(
            ApprovalHistory(
                organization_id=approval.organization_id,
                approval=approval,
                action=ApprovalAction.REJECT if rejected else ApprovalAction.APPROVE,
                old_status=ApprovalStatus.PENDING,
                new_status=approval.status,
                user=approval.decided_by,
                comments=approval.decision_reason if rejected else approval.decision_comments,
                created_at=approval.decided_at,
            )
        )
        history.add(
            at=approval.decided_at, user=approval.decided_by,
            action=(ActivityAction.APPROVAL_REJECTED if rejected else
                    ActivityAction.APPROVAL_APPROVED),
            entity_type=EntityType.APPROVAL, entity_id=approval.pk, project=project,
            description=f"{'Rejected' if rejected else 'Approved'} {approval.title}",
            old_values={"status": ApprovalStatus.PENDING}, new_values={"status": approval.status},
        )  # fmt: skip
        if rejected:
            history.add(
                at=approval.decided_at, user=approval.decided_by,
                action=ActivityAction.SUB_STAGE_REOPENED, entity_type=EntityType.SUB_STAGE_PROGRESS,
                entity_id=row.pk, project=project,
                description=f"Reopened “{step.sub.name}”: {approval.decision_reason}",
            )  # fmt: skip
    ApprovalHistory.objects.bulk_create(entries)
