"""One generated project: its row, a progress row per sub-stage, the approvals its story went
through, and its audit trail."""

from __future__ import annotations

import math

from apps.activity.models import ActivityAction, EntityType
from apps.demo.loadgen import vocabulary as words
from apps.demo.loadgen.copytext import NULL, array, jsonb, jsonb_list, text
from apps.demo.loadgen.people import TenantData
from apps.demo.loadgen.stories import (
    ACTIVE,
    CANCELLED,
    COMPLETED,
    DAY,
    STATUS_BY_CODE,
    Story,
)
from apps.demo.loadgen.workflow import Step
from apps.users.models import Role

# Same names and SLA as apps.approvals.services, so generated approvals look like real ones.
APPROVAL_TYPE_BY_SLUG = {
    "tech_signoff": "technical_review",
    "quote_review": "quote_approval",
    "po_review": "po_approval",
    "first_article": "quality_review",
    "qa_release": "shipment_release",
}
SLA_HOURS = {"normal": 48, "high": 24, "urgent": 8}
ROLE_PLAN = jsonb_list([{"role": Role.MANAGEMENT.value}])  # approvals.step_approvers
QUOTE_SENT_STAGE = 3  # customer approval: the quote went out, a delivery date was promised


class Team:
    """Who works on one project: one person per role, picked when first needed."""

    def __init__(self, tenant: TenantData):
        self.tenant = tenant
        self.members: dict[str, str] = {}

    def __getitem__(self, role: str) -> str:
        member = self.members.get(role)
        if member is None:
            member = self.members[role] = self.tenant.someone(role)
        return member

    def for_step(self, step: Step) -> str:
        roles = step.roles
        return self[roles[0] if len(roles) == 1 else self.tenant.rng.choice(roles)]


def activity(tenant: TenantData, at: float, user: str, project: str | None,
             entity_type: EntityType, entity_id: str, action: ActivityAction, description: str,
             old=None, new=None) -> None:  # fmt: skip
    tenant.buffers["activity_log"].add(
        tenant.id(), tenant.organization_id, user, project or NULL, entity_type, entity_id,
        action, text(description), NULL if old is None else jsonb(old),
        NULL if new is None else jsonb(new), "", tenant.clock.ts(at),
    )  # fmt: skip


def add_project(tenant: TenantData, story: Story) -> tuple[str, Team]:
    rng, clock, workflow = tenant.rng, tenant.clock, tenant.workflow
    project_id = tenant.id()
    team = Team(tenant)
    owner = team[Role.SALES if rng.random() < 0.7 else Role.MANAGEMENT]
    customer = tenant.customer()
    stage = workflow.stages[story.stage_index]
    status = stage.project_status if story.kind == ACTIVE else story.kind
    title = (
        f"{rng.choice(words.PART_ADJECTIVES)} {rng.choice(words.PART_NOUNS)} "
        f"{rng.choice(words.PART_PURPOSES)}"
    )
    plan_total = workflow.planned_end[-1]
    requested = story.created + plan_total * rng.uniform(1.0, 1.3)
    promised = None
    if story.stage_index >= QUOTE_SENT_STAGE or story.kind == COMPLETED:
        promised = requested + rng.choice((-3, 0, 0, 5, 10)) * DAY
    value = round(math.exp(rng.gauss(10.2, 0.9)), 2)
    delivered = story.finished if story.kind == COMPLETED else None
    tenant.buffers["projects"].add(
        project_id, tenant.organization_id, story.code, title,
        text(" ".join(rng.sample(words.DESCRIPTION_LINES, 2))), customer.id,
        rng.choice(customer.contacts), workflow.definition_id, stage.stage_id,
        clock.ts(story.stage_entered), status, story.priority, story.project_type,
        story.intake_type, story.intake_source, clock.date(requested), clock.date(promised),
        clock.date(delivered or story.created + plan_total * story.pace), clock.date(delivered),
        f"{value:.2f}", f"{value * rng.uniform(0.97, 1.06):.2f}" if delivered else NULL,
        owner, owner, array(rng.sample(words.TAGS, rng.choice((0, 0, 1, 1, 2)))), "", "1",
        clock.ts(story.created), clock.ts(story.last_touched),
    )  # fmt: skip
    tenant.project_ids.append(project_id)
    activity(tenant, story.created, owner, project_id, EntityType.PROJECT, project_id,
             ActivityAction.CREATED, f"Created {story.code} “{title}”",
             new={"status": "inquiry"})  # fmt: skip
    _add_progress(tenant, story, project_id, team, title)
    _add_stage_moves(tenant, story, project_id, owner)
    return project_id, team


def _add_progress(tenant: TenantData, story: Story, project_id: str, team: Team, title: str):
    clock, rows = tenant.clock, tenant.buffers["project_sub_stage_progress"]
    for step in tenant.workflow.steps:
        index = step.index
        code = story.states[index]
        reached = story.kind == COMPLETED or step.stage_index <= story.stage_index
        assignee = team.for_step(step) if reached else NULL
        progress_id = tenant.id()
        blocked_reason = tenant.rng.choice(words.BLOCKED_REASONS) if code == "B" else ""
        started, ended = story.starts[index], story.ends[index]
        rows.add(
            progress_id, tenant.organization_id, project_id, step.stage_id, step.sub_stage_id,
            STATUS_BY_CODE[code], assignee, clock.ts(started), clock.ts(story.dues[index]),
            clock.ts(ended), blocked_reason, _skip_note(story, index) if code == "S" else "",
            "1", clock.ts(story.created), clock.ts(ended or started or story.created),
        )  # fmt: skip
        if code == "B":
            at = started + (tenant.now - started) * 0.5
            activity(tenant, at, assignee, project_id, EntityType.SUB_STAGE_PROGRESS,
                     progress_id, ActivityAction.SUB_STAGE_BLOCKED,
                     f"Blocked “{step.name}”: {blocked_reason}",
                     new={"blocked_reason": blocked_reason})  # fmt: skip
        if step.approval and code in ("C", "R"):
            _add_approvals(tenant, story, step, project_id, progress_id, assignee, title)


def _skip_note(story: Story, index: int) -> str:
    if story.kind == CANCELLED and index >= story.current:
        return "Project cancelled."
    return "Not needed for this order."


def _add_stage_moves(tenant: TenantData, story: Story, project_id: str, owner: str) -> None:
    workflow = tenant.workflow
    for index in range(1, story.stage_index + 1):
        before, after = workflow.stages[index - 1], workflow.stages[index]
        first = after.first_step
        at = story.starts[first] or story.ends[first] or story.stage_entered
        activity(tenant, at, owner, project_id, EntityType.PROJECT, project_id,
                 ActivityAction.STAGE_ADVANCED, f"Moved from {before.name} to {after.name}",
                 old={"stage": before.name, "status": before.project_status},
                 new={"stage": after.name, "status": after.project_status})  # fmt: skip
    if story.finished is not None:
        verb = "delivered and accepted by the customer" if story.kind == COMPLETED else "cancelled"
        activity(tenant, story.finished, owner, project_id, EntityType.PROJECT, project_id,
                 ActivityAction.STATUS_CHANGED, f"{story.code} {verb}",
                 new={"status": story.kind})  # fmt: skip


def _add_approvals(tenant: TenantData, story: Story, step: Step, project_id: str,
                   progress_id: str, requester: str, title: str) -> None:  # fmt: skip
    """Approved work (after a rejection now and then), or a request still waiting."""
    started = story.starts[step.index]
    span = (story.ends[step.index] or tenant.now) - started
    if story.states[step.index] == "C":
        if story.rejected_first[step.index]:
            _approval(tenant, story, step, project_id, progress_id, requester, title,
                      requested=started + span * 0.5, decided=started + span * 0.6,
                      outcome="rejected")  # fmt: skip
        _approval(
            tenant,
            story,
            step,
            project_id,
            progress_id,
            requester,
            title,
            requested=started + span * 0.8,
            decided=started + span,
            outcome="approved",
        )
    else:
        _approval(tenant, story, step, project_id, progress_id, requester, title,
                  requested=started + span * tenant.rng.uniform(0.3, 0.9), decided=None,
                  outcome="pending")  # fmt: skip


def _approval(tenant: TenantData, story: Story, step: Step, project_id: str, progress_id: str,
              requester: str, title: str, *, requested: float, decided: float | None,
              outcome: str) -> None:  # fmt: skip
    rng, clock = tenant.rng, tenant.clock
    approval_id = tenant.id()
    priority = "normal" if story.priority == "low" else story.priority
    sla_due = requested + SLA_HOURS[priority] * 3600
    status, escalated_at, escalated_to, level = outcome, None, NULL, "0"
    decider = NULL
    if outcome == "pending" and sla_due < tenant.now and rng.random() < 0.3:
        status, escalated_at, level = "escalated", sla_due + 3600, "1"
        escalated_to = tenant.someone(Role.MANAGEMENT)
    elif outcome == "pending" and rng.random() < 0.1:
        status = "in_review"
    if decided is not None:
        decider = tenant.someone(Role.MANAGEMENT)
    reason = rng.choice(words.REJECTION_REASONS) if outcome == "rejected" else ""
    comments = rng.choice(words.APPROVAL_COMMENTS) if outcome == "approved" else ""
    approval_type = APPROVAL_TYPE_BY_SLUG.get(step.slug, "sub_stage_completion")
    label = f"{story.code}: {step.name}"
    # Sub-stage approvals go to a role (as approval_request_for_sub_stage sends them); now and
    # then a manager has taken one on by name.
    named = tenant.someone(Role.MANAGEMENT) if rng.random() < 0.1 else NULL
    touched = decided or escalated_at or requested
    tenant.buffers["approvals"].add(
        approval_id, tenant.organization_id, approval_type, text(label)[:255],
        text(f"“{step.name}” on {title}."), "sub_stage_progress", progress_id, project_id,
        progress_id, "1", "1", requester, clock.ts(requested), named, Role.MANAGEMENT, status,
        priority, clock.ts(sla_due), clock.ts(sla_due), decider, clock.ts(decided), comments,
        reason, clock.ts(escalated_at), escalated_to, level, ROLE_PLAN, clock.ts(requested),
        clock.ts(touched),
    )  # fmt: skip
    history = tenant.buffers["approval_history"]
    history.add(
        tenant.id(),
        tenant.organization_id,
        approval_id,
        "request",
        NULL,
        "pending",
        requester,
        text(f"Please review “{step.name}”."),
        "{}",
        clock.ts(requested),
    )
    activity(tenant, requested, requester, project_id, EntityType.APPROVAL, approval_id,
             ActivityAction.APPROVAL_REQUESTED, f"Approval requested: {step.name}")  # fmt: skip
    if decided is not None:
        rejected = outcome == "rejected"
        action = "reject" if rejected else "approve"
        history.add(tenant.id(), tenant.organization_id, approval_id, action, "pending", outcome,
                    decider, text(reason or comments), "{}", clock.ts(decided))  # fmt: skip
        activity(tenant, decided, decider, project_id, EntityType.APPROVAL, approval_id,
                 ActivityAction.APPROVAL_REJECTED if rejected else ActivityAction.APPROVAL_APPROVED,
                 f"{outcome.capitalize()} {label}",
                 old={"status": "pending"}, new={"status": outcome})  # fmt: skip
    elif status == "escalated":
        history.add(tenant.id(), tenant.organization_id, approval_id, "escalate", "pending",
                    "escalated", NULL, "Past its SLA.", "{}", clock.ts(escalated_at))  # fmt: skip
