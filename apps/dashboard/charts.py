"""What the dashboard's charts draw, as plain JSON for `json_script` (static/js/dashboard.js),
with the names of their series in the reader's language (the script has no words of its own)."""

from __future__ import annotations

from django.utils.translation import gettext

from apps.dashboard.selectors.rows import UserLoad
from apps.dashboard.selectors.summary import StageHours, StageProjects, stage_label
from apps.projects.models import PriorityLevel


def _number(value) -> float | None:
    return None if value is None else float(value)


def chart_data(
    *,
    by_stage: list[StageProjects],
    by_priority: dict[str, int],
    hours: list[StageHours],
    workload: list[UserLoad],
) -> dict:
    return {
        "stages": {
            "labels": [stage_label(s.stage_id, s.stage_name) for s in by_stage],
            "values": [s.projects for s in by_stage],
            "series": gettext("Projects"),
        },
        "priorities": {
            "labels": [str(label) for _value, label in PriorityLevel.choices],
            "values": [by_priority.get(value, 0) for value, _label in PriorityLevel.choices],
            "series": gettext("Projects"),
        },
        "stageHours": {
            "labels": [s.stage_name for s in hours],
            "values": [_number(s.average_hours) for s in hours],
            "series": gettext("Average hours"),
        },
        "workload": {
            "labels": [load.user_name for load in workload],
            "openSubStages": [load.open_sub_stages for load in workload],
            "overdueSubStages": [load.overdue_sub_stages for load in workload],
            "pendingApprovals": [load.pending_approvals for load in workload],
            "series": {
                "onSchedule": gettext("Sub-stages on schedule"),
                "overdue": gettext("Sub-stages overdue"),
                "approvals": gettext("Approvals waiting"),
            },
        },
    }
