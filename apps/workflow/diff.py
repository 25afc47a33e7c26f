"""What changed between two versions of a workflow: stages and sub-stages added, removed, moved,
and the fields that differ. Computed from the two resolved plans (`definition_plan`), so it
compares what projects would run, overrides and catalog fallbacks included."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _

from apps.workflow.selectors import PlannedStage, PlannedSubStage

COMPARED_FIELDS = {
    "name": _("name"),
    "responsible_roles": _("responsible roles"),
    "estimated_duration_hours": _("duration (hours)"),
    "is_required": _("required"),
    "can_skip": _("can be skipped"),
    "auto_advance": _("advances automatically"),
    "requires_approval": _("needs approval"),
    "approval_roles": _("approver roles"),
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: object
    new: object


@dataclass
class SubStageChange:
    stage: str
    name: str
    kind: str  # "added", "removed", "moved", "changed"
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class PlanDiff:
    added_stages: list[str] = field(default_factory=list)
    removed_stages: list[str] = field(default_factory=list)
    moved_stages: list[str] = field(default_factory=list)
    sub_stages: list[SubStageChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.added_stages or self.removed_stages or self.moved_stages or self.sub_stages
        )


def _moved(old_ids: list, new_ids: list) -> set:
    """The items that left the longest run of unchanged order: moving one sub-stage up one place
    reports that one, not also the neighbour it swapped with."""
    common = set(old_ids) & set(new_ids)
    old_seq = [item for item in old_ids if item in common]
    new_seq = [item for item in new_ids if item in common]
    kept: set = set()
    for block in SequenceMatcher(a=old_seq, b=new_seq, autojunk=False).get_matching_blocks():
        kept.update(old_seq[block.a : block.a + block.size])
    return common - kept


def _field_changes(old: PlannedSubStage, new: PlannedSubStage) -> list[FieldChange]:
    changes = []
    for name, label in COMPARED_FIELDS.items():
        before, after = getattr(old, name), getattr(new, name)
        if name.endswith("_roles"):
            before, after = sorted(before), sorted(after)
        if before != after:
            changes.append(FieldChange(label=str(label), old=before, new=after))
    return changes


def plan_diff(old: tuple[PlannedStage, ...], new: tuple[PlannedStage, ...]) -> PlanDiff:
    """`new` compared with `old`, in the new plan's order (removed ones last)."""
    diff = PlanDiff()
    old_stages = {stage.stage_id: stage for stage in old}
    new_stages = {stage.stage_id: stage for stage in new}
    diff.added_stages = [stage.name for stage in new if stage.stage_id not in old_stages]
    diff.removed_stages = [stage.name for stage in old if stage.stage_id not in new_stages]
    moved = _moved([s.stage_id for s in old], [s.stage_id for s in new])
    diff.moved_stages = [stage.name for stage in new if stage.stage_id in moved]
    for stage in new:
        before = old_stages.get(stage.stage_id)
        old_subs = {sub.sub_stage_id: sub for sub in (before.sub_stages if before else ())}
        new_ids = [sub.sub_stage_id for sub in stage.sub_stages]
        moved_subs = (
            _moved([sub.sub_stage_id for sub in before.sub_stages], new_ids) if before else set()
        )
        for sub in stage.sub_stages:
            previous = old_subs.get(sub.sub_stage_id)
            if previous is None:
                diff.sub_stages.append(SubStageChange(stage.name, sub.name, "added"))
                continue
            changes = _field_changes(previous, sub)
            if sub.sub_stage_id in moved_subs:
                diff.sub_stages.append(SubStageChange(stage.name, sub.name, "moved", changes))
            elif changes:
                diff.sub_stages.append(SubStageChange(stage.name, sub.name, "changed", changes))
    new_sub_ids = {sub.sub_stage_id for stage in new for sub in stage.sub_stages}
    for stage in old:
        for sub in stage.sub_stages:
            if sub.sub_stage_id not in new_sub_ids:
                diff.sub_stages.append(SubStageChange(stage.name, sub.name, "removed"))
    return diff
