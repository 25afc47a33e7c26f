"""Where each generated project stands: finished, cancelled or somewhere in its workflow, with
the times of every step.

Each project runs at its own pace (a log-normal factor on the planned durations, median 0.85):
those slower than plan are the overdue ones, so the overdue share comes out of the same numbers
that date the work instead of being painted on.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from apps.demo.loadgen.workflow import CALENDAR_FACTOR, TenantWorkflow

DAY = 86_400.0

COMPLETED, CANCELLED, ACTIVE = "completed", "cancelled", "active"
KIND_WEIGHTS = ((COMPLETED, 0.42), (CANCELLED, 0.10), (ACTIVE, 0.48))
# Active projects per stage: a wide funnel of inquiries and quotes, a long manufacturing stage.
ACTIVE_STAGE_WEIGHTS = (0.14, 0.14, 0.14, 0.12, 0.11, 0.18, 0.09, 0.08)
PRIORITIES = (("low", 0.15), ("normal", 0.55), ("high", 0.22), ("urgent", 0.08))
PROJECT_TYPES = (("fabrication", 0.45), ("manufacturing", 0.35), ("system_build", 0.20))
INTAKE_TYPES = (("rfq", 0.6), ("po", 0.2), ("reorder", 0.1), ("design_idea", 0.07), ("other", 0.03))
INTAKE_SOURCES = (
    ("email", 0.5), ("portal", 0.2), ("phone", 0.15), ("referral", 0.08), ("walk_in", 0.04),
    ("other", 0.03),
)  # fmt: skip
HISTORY_DAYS = 1_000  # completed work reaches this far back

# Step states, one letter each (see STATUS_BY_CODE).
STATUS_BY_CODE = {
    "C": "completed",
    "S": "skipped",
    "P": "pending",
    "I": "in_progress",
    "R": "in_review",
    "B": "blocked",
}
BLOCKED_SHARE = 0.07
SKIP_SHARE = 0.25
OPTIONAL_SKIP_SHARE = 0.5
REJECTED_FIRST_SHARE = 0.08


def pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


@dataclass(slots=True)
class Story:
    kind: str
    stage_index: int
    current: int  # index of the step in hand (for completed projects: the last one)
    created: float  # epoch seconds
    pace: float
    priority: str
    project_type: str
    intake_type: str
    intake_source: str
    states: list[str] = field(default_factory=list)
    starts: list[float | None] = field(default_factory=list)
    ends: list[float | None] = field(default_factory=list)
    dues: list[float] = field(default_factory=list)
    rejected_first: list[bool] = field(default_factory=list)
    stage_entered: float = 0.0
    last_touched: float = 0.0
    finished: float | None = None  # delivery or cancellation time
    code: str = ""

    @property
    def status_code(self) -> str:
        return self.states[self.current]


def _durations(workflow: TenantWorkflow, pace: float, rng: random.Random) -> list[float]:
    return [
        step.hours * CALENDAR_FACTOR * 3600 * pace * rng.uniform(0.7, 1.3)
        for step in workflow.steps
    ]


def make_story(workflow: TenantWorkflow, rng: random.Random, now: float) -> Story:
    steps = workflow.steps
    kind = pick(rng, KIND_WEIGHTS)
    pace = math.exp(rng.gauss(-0.16, 0.35))
    durations = _durations(workflow, pace, rng)
    starts_rel = [0.0]
    for duration in durations[:-1]:
        starts_rel.append(starts_rel[-1] + duration)
    total = starts_rel[-1] + durations[-1]

    if kind == COMPLETED:
        current = len(steps) - 1
        created = now - total - rng.uniform(1, HISTORY_DAYS) * DAY
        cut = total  # every step is done
    else:
        if kind == ACTIVE:
            stage_index = rng.choices(range(len(workflow.stages)), ACTIVE_STAGE_WEIGHTS)[0]
        else:
            stage_index = rng.randrange(len(workflow.stages))
        stage = workflow.stages[stage_index]
        current = rng.randint(stage.first_step, stage.last_step)
        cut = starts_rel[current] + durations[current] * rng.random()
        created = now - cut
        if kind == CANCELLED:
            created -= rng.uniform(1, HISTORY_DAYS * 0.7) * DAY
    story = Story(
        kind=kind,
        stage_index=steps[current].stage_index,
        current=current,
        created=created,
        pace=pace,
        priority=pick(rng, PRIORITIES),
        project_type=pick(rng, PROJECT_TYPES),
        intake_type=pick(rng, INTAKE_TYPES),
        intake_source=pick(rng, INTAKE_SOURCES),
    )
    _fill_steps(story, workflow, starts_rel, durations, rng)
    story.stage_entered = created + starts_rel[workflow.stages[story.stage_index].first_step]
    story.last_touched = created + (total if kind == COMPLETED else cut)
    story.finished = None if kind == ACTIVE else story.last_touched
    return story


def _fill_steps(
    story: Story,
    workflow: TenantWorkflow,
    starts_rel: list[float],
    durations: list[float],
    rng: random.Random,
) -> None:
    """State and times of every step: done before the current one, waiting after it."""
    created, current = story.created, story.current
    for step in workflow.steps:
        index = step.index
        start = created + starts_rel[index]
        end = start + durations[index]
        story.dues.append(created + workflow.planned_end[index])
        story.rejected_first.append(step.approval and rng.random() < REJECTED_FIRST_SHARE)
        if index < current or story.kind == COMPLETED:
            skip_share = OPTIONAL_SKIP_SHARE if not step.required else SKIP_SHARE
            if step.can_skip and rng.random() < skip_share:
                story.states.append("S")
                story.starts.append(None)
                story.ends.append(start)
            else:
                story.states.append("C")
                story.starts.append(start)
                story.ends.append(end)
        elif index == current and story.kind == ACTIVE:
            story.states.append(_current_state(step.approval, rng))
            story.starts.append(None if story.states[-1] == "P" else start)
            story.ends.append(None)
        elif story.kind == CANCELLED:
            # Cancelling closes the open work, so it never shows as overdue.
            story.states.append("S")
            story.starts.append(None)
            story.ends.append(created + starts_rel[current])
        else:
            story.states.append("P")
            story.starts.append(None)
            story.ends.append(None)


def _current_state(needs_approval: bool, rng: random.Random) -> str:
    if needs_approval and rng.random() < 0.8:
        return "R"
    roll = rng.random()
    if roll < BLOCKED_SHARE:
        return "B"
    return "P" if roll > 0.85 else "I"


def tenant_stories(
    workflow: TenantWorkflow, count: int, rng: random.Random, now: float, code_clock
) -> list[Story]:
    """`count` projects ordered by creation, with codes P-YYMM#### counting up in each month as
    `project_code_next` would have handed them out."""
    stories = sorted(
        (make_story(workflow, rng, now) for _ in range(count)), key=lambda story: story.created
    )
    per_month: dict[str, int] = {}
    for story in stories:
        month = code_clock.ts(story.created)
        prefix = f"P-{month[2:4]}{month[5:7]}"
        per_month[prefix] = per_month.get(prefix, 0) + 1
        story.code = f"{prefix}{per_month[prefix]:04d}"
    return stories
