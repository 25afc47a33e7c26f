"""A project's history as times: when each sub-stage started, was due and was done.

Pure computation (no database), so the story is consistent by construction: work happens one
sub-stage after another, each taking its estimated hours times the project's pace (with some
jitter), and the last piece of work ends exactly now (or on the delivery day). The project was
therefore created as long ago as its finished work took.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field

from apps.demo.sample_data.specs import ProjectSpec
from apps.projects.models import ProgressStatus
from apps.workflow.selectors import PlannedStage, PlannedSubStage

HOUR = datetime.timedelta(hours=1)


@dataclass
class Step:
    """What happened to one sub-stage of the project."""

    stage: PlannedStage
    sub: PlannedSubStage
    slug: str
    status: str = ProgressStatus.PENDING
    started_at: datetime.datetime | None = None
    completed_at: datetime.datetime | None = None
    due_at: datetime.datetime | None = None
    # The approval of this sub-stage: "", "approved", "pending" or "rejected".
    approval: str = ""
    requested_at: datetime.datetime | None = None
    decided_at: datetime.datetime | None = None
    blocked_at: datetime.datetime | None = None
    last_touched: datetime.datetime | None = None  # when someone last worked on it

    @property
    def is_done(self) -> bool:
        return self.status in (ProgressStatus.COMPLETED, ProgressStatus.SKIPPED)

    def worked_at(self, fraction: float) -> datetime.datetime:
        """A moment `fraction` of the way through the work done on it so far."""
        if self.started_at is None or self.last_touched is None:
            raise ValueError(f"Nobody has worked on “{self.sub.name}” yet.")
        return self.started_at + (self.last_touched - self.started_at) * fraction


@dataclass
class Timeline:
    created_at: datetime.datetime
    steps: list[Step]
    current_stage: PlannedStage
    stage_entered: dict[uuid.UUID, datetime.datetime] = field(default_factory=dict)
    delivered_at: datetime.datetime | None = None

    def step(self, slug: str) -> Step:
        for step in self.steps:
            if step.slug == slug:
                return step
        raise KeyError(f"No sub-stage {slug!r} in this workflow.")

    @property
    def planned_end(self) -> datetime.datetime:
        return max(step.due_at for step in self.steps if step.due_at)


def _hours(sub: PlannedSubStage) -> float:
    return float(max(sub.estimated_duration_hours, 1))


def _skip_chance(sub: PlannedSubStage) -> float:
    if not sub.can_skip:
        return 0.0
    return 0.6 if not sub.is_required else 0.2


def project_timeline(
    *,
    plan: tuple[PlannedStage, ...],
    slugs: dict[uuid.UUID, str],
    spec: ProjectSpec,
    rng: random.Random,
    now: datetime.datetime,
) -> Timeline:
    """The times of every sub-stage of `spec` on `plan`, ending now (or on the delivery day)."""
    steps = [
        Step(stage=stage, sub=sub, slug=slugs[sub.sub_stage_id])
        for stage in plan
        for sub in stage.sub_stages
    ]
    if spec.at is None:
        active = len(steps)
    else:
        active = next((i for i, s in enumerate(steps) if s.slug == spec.at), None)
        if active is None:
            raise ValueError(f"{spec.key}: the workflow has no sub-stage {spec.at!r}")
    pace = spec.pace

    # How long each finished piece took (in estimated hours), and the idle time before each.
    skipped = {i for i in range(active) if rng.random() < _skip_chance(steps[i].sub)}
    work = [
        _hours(steps[i].sub) * (0.05 if i in skipped else rng.uniform(0.7, 1.4))
        for i in range(active)
    ]
    gaps = [rng.uniform(0.5, 4.0) for _ in range(active + 1)]
    elapsed_share = 0.0
    if active < len(steps):
        elapsed_share = rng.uniform(1.3, 1.9) if spec.overdue else rng.uniform(0.25, 0.75)
        elapsed_share *= _hours(steps[active].sub)
    span = HOUR * (pace * (sum(work) + elapsed_share) + sum(gaps[: active + 1]))
    end = now - datetime.timedelta(days=spec.delivered_days_ago)
    created = end - span

    timeline = Timeline(created_at=created, steps=steps, current_stage=plan[-1])
    moment = created
    for i, step in enumerate(steps[:active]):
        timeline.stage_entered.setdefault(step.stage.stage_id, moment)
        moment += HOUR * gaps[i]
        step.due_at = moment + HOUR * pace * _hours(step.sub)
        if i in skipped:
            step.status = ProgressStatus.SKIPPED
            step.completed_at = step.last_touched = moment
            continue
        step.started_at = moment
        moment += HOUR * pace * work[i]
        step.status = ProgressStatus.COMPLETED
        step.completed_at = step.last_touched = moment
        if step.sub.requires_approval:
            step.approval = "approved"
            step.requested_at = step.worked_at(0.75)
            step.decided_at = step.completed_at

    if active == len(steps):
        timeline.delivered_at = moment
        return timeline

    current = steps[active]
    timeline.current_stage = current.stage
    timeline.stage_entered.setdefault(current.stage.stage_id, moment)
    current.started_at = moment + HOUR * gaps[active]
    current.last_touched = now
    current.due_at = current.started_at + HOUR * pace * _hours(current.sub)
    _set_active_state(current, spec, now)

    planned = max(current.due_at, now)
    for step in steps[active + 1 :]:
        planned += HOUR * pace * _hours(step.sub)
        step.due_at = planned
    return timeline


def _set_active_state(step: Step, spec: ProjectSpec, now: datetime.datetime) -> None:
    started = step.started_at
    assert started is not None
    if spec.state == ProgressStatus.BLOCKED:
        if not spec.blocked_reason:
            raise ValueError(f"{spec.key}: a blocked sub-stage needs a reason")
        step.status = ProgressStatus.BLOCKED
        step.blocked_at = started + (now - started) * 0.6
    elif spec.state == ProgressStatus.IN_REVIEW:
        if not step.sub.requires_approval:
            raise ValueError(f"{spec.key}: {spec.at!r} needs no approval, so it is never in review")
        step.status = ProgressStatus.IN_REVIEW
        step.approval = "pending"
        step.requested_at = started + (now - started) * (0.3 if spec.overdue else 0.8)
    else:
        step.status = ProgressStatus.IN_PROGRESS
    if spec.rejected_reason:
        if not step.sub.requires_approval or step.status != ProgressStatus.IN_PROGRESS:
            raise ValueError(f"{spec.key}: only reopened approval work can carry a rejection")
        step.approval = "rejected"
        step.requested_at = started + (now - started) * 0.15
        step.decided_at = started + (now - started) * 0.25
