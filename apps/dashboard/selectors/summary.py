"""The dashboard's figures, rolled up from view rows by one set of rules whatever the source.

The page's panels read the materialized views (as of their last refresh), each only what it
shows: `dashboard_kpis_from_views()`, `dashboard_charts_from_views()` and
`dashboard_efficiency_from_views()`. `dashboard_summary_from_views()` reads all four views at once
and `dashboard_summary_live()` computes the same summary from the base tables now: the tests
compare those two, and the benchmark compares the panels' reads with the live one. All answer
for the tenant of the current `tenant_context`. KPI definitions follow `get_dashboard_summary()`:
active = neither completed nor cancelled; pipeline = estimated value of active projects; on-time
rate over completed projects with a delivery date and a promised (else requested) date.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext

from apps.dashboard.analytics import NO_STAGE_ID
from apps.dashboard.selectors import from_views, live
from apps.dashboard.selectors.rows import ApprovalGroup, ProjectGroup, SubStageGroup, UserLoad
from apps.projects.models import CLOSED_PROJECT, ProjectStatus

WORKLOAD_LIMIT = 15  # people on the workload chart; more would not be readable
TENTH = Decimal("0.1")
THOUSANDTH = Decimal("0.001")


def _ratio(numerator, denominator, quantum: Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Kpis:
    total_projects: int
    active_projects: int
    pipeline_value: Decimal
    overdue_sub_stages: int
    blocked_sub_stages: int
    pending_approvals: int
    overdue_approvals: int
    average_pending_approval_age_hours: Decimal | None
    delivered_projects: int
    on_time_delivery_rate: Decimal | None
    average_delivery_variance_days: Decimal | None

    @property
    def delivery_days_early_or_late(self) -> Decimal | None:
        """The average variance without its sign (the template says "early" or "late")."""
        variance = self.average_delivery_variance_days
        return None if variance is None else abs(variance)


@dataclass(frozen=True)
class StageProjects:
    stage_id: uuid.UUID
    stage_name: str
    stage_order: int
    projects: int


@dataclass(frozen=True)
class StageHours:
    stage_id: uuid.UUID
    stage_name: str
    stage_order: int
    timed_sub_stages: int
    average_hours: Decimal | None


@dataclass(frozen=True)
class DashboardSummary:
    kpis: Kpis
    projects_by_status: dict[str, int]
    projects_by_priority: dict[str, int]
    projects_by_stage: list[StageProjects]
    stage_hours: list[StageHours]
    sub_stages: list[SubStageGroup]
    approval_types: list[ApprovalGroup]
    workload: list[UserLoad]


def dashboard_kpis(
    projects: list[ProjectGroup], sub_stages: list[SubStageGroup], approvals: list[ApprovalGroup]
) -> Kpis:
    active = [row for row in projects if row.status not in CLOSED_PROJECT]
    completed = [row for row in projects if row.status == ProjectStatus.COMPLETED]
    delivered = sum(row.delivered_count for row in completed)
    pending = sum(row.pending_count for row in approvals)
    return Kpis(
        total_projects=sum(row.project_count for row in projects),
        active_projects=sum(row.project_count for row in active),
        pipeline_value=sum((row.estimated_value_total for row in active), Decimal(0)),
        overdue_sub_stages=sum(row.overdue_count for row in sub_stages),
        blocked_sub_stages=sum(row.blocked_count for row in sub_stages),
        pending_approvals=pending,
        overdue_approvals=sum(row.overdue_count for row in approvals),
        average_pending_approval_age_hours=_ratio(
            sum((row.pending_age_hours_sum for row in approvals), Decimal(0)), pending, TENTH
        ),
        delivered_projects=delivered,
        on_time_delivery_rate=_ratio(
            sum(row.on_time_count for row in completed), delivered, THOUSANDTH
        ),
        average_delivery_variance_days=_ratio(
            sum(row.delivery_variance_days_sum for row in completed), delivered, TENTH
        ),
    )


def projects_by_status(projects: list[ProjectGroup]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in projects:
        counts[row.status] += row.project_count
    return dict(counts)


def projects_by_priority(projects: list[ProjectGroup]) -> dict[str, int]:
    """Active projects only, as get_dashboard_summary() counts them."""
    counts: dict[str, int] = defaultdict(int)
    for row in projects:
        if row.status not in CLOSED_PROJECT:
            counts[row.priority_level] += row.project_count
    return dict(counts)


def projects_by_stage(projects: list[ProjectGroup]) -> list[StageProjects]:
    """Active projects per current stage, in workflow order ("no stage" first)."""
    stages: dict[uuid.UUID, list] = {}
    for row in projects:
        if row.status in CLOSED_PROJECT:
            continue
        entry = stages.setdefault(row.stage_id, [row.stage_name, row.stage_order, 0])
        entry[2] += row.project_count
    return sorted(
        (StageProjects(stage_id, name, order, count) for stage_id, (name, order, count)
         in stages.items()),
        key=lambda stage: (stage.stage_order, stage.stage_name, str(stage.stage_id)),
    )  # fmt: skip


def stage_hours(sub_stages: list[SubStageGroup]) -> list[StageHours]:
    """Average hours to complete a sub-stage, per stage (weighted by completed sub-stages)."""
    stages: dict[uuid.UUID, list] = {}
    for row in sub_stages:
        entry = stages.setdefault(row.stage_id, [row.stage_name, row.stage_order, 0, Decimal(0)])
        entry[2] += row.timed_count
        entry[3] += row.completion_hours_sum
    return sorted(
        (StageHours(stage_id, name, order, timed, _ratio(hours, timed, TENTH))
         for stage_id, (name, order, timed, hours) in stages.items()),
        key=lambda stage: (stage.stage_order, stage.stage_name, str(stage.stage_id)),
    )  # fmt: skip


def dashboard_summary(
    projects: list[ProjectGroup],
    sub_stages: list[SubStageGroup],
    approvals: list[ApprovalGroup],
    workload: list[UserLoad],
) -> DashboardSummary:
    return DashboardSummary(
        kpis=dashboard_kpis(projects, sub_stages, approvals),
        projects_by_status=projects_by_status(projects),
        projects_by_priority=projects_by_priority(projects),
        projects_by_stage=projects_by_stage(projects),
        stage_hours=stage_hours(sub_stages),
        sub_stages=sub_stages,
        approval_types=approvals,
        workload=workload,
    )


def dashboard_summary_from_views(
    *, workload_limit: int | None = WORKLOAD_LIMIT
) -> DashboardSummary:
    """The current tenant's dashboard as of the last refresh (four queries, one per view)."""
    return dashboard_summary(
        from_views.project_groups_from_views(),
        from_views.sub_stage_groups_from_views(),
        from_views.approval_groups_from_views(),
        from_views.user_loads_from_views(limit=workload_limit),
    )


def dashboard_summary_live(
    *, as_of: datetime.datetime | None = None, workload_limit: int | None = WORKLOAD_LIMIT
) -> DashboardSummary:
    """The same figures aggregated from the base tables, with "overdue" and "age" measured at
    `as_of` (default: now)."""
    as_of = as_of or timezone.now()
    return dashboard_summary(
        live.project_groups_live(),
        live.sub_stage_groups_live(as_of=as_of),
        live.approval_groups_live(as_of=as_of),
        live.user_loads_live(as_of=as_of, limit=workload_limit),
    )


def stage_label(stage_id: uuid.UUID, stage_name: str) -> str:
    return gettext("No stage") if str(stage_id) == NO_STAGE_ID else stage_name


# --- what each dashboard panel reads (a few queries each, whatever the data volume) ---


@dataclass(frozen=True)
class KpiFigures:
    kpis: Kpis
    # (status, label, projects) for every status, in workflow order.
    projects_by_status: list[tuple[str, str, int]]


def dashboard_kpis_from_views() -> KpiFigures:
    projects = from_views.project_groups_from_views()
    counts = projects_by_status(projects)
    return KpiFigures(
        kpis=dashboard_kpis(
            projects,
            from_views.sub_stage_groups_from_views(),
            from_views.approval_groups_from_views(),
        ),
        projects_by_status=[
            (value, label, counts.get(value, 0)) for value, label in ProjectStatus.choices
        ],
    )


@dataclass(frozen=True)
class ChartFigures:
    projects_by_stage: list[StageProjects]
    projects_by_priority: dict[str, int]
    stage_hours: list[StageHours]
    workload: list[UserLoad]


def dashboard_charts_from_views(*, workload_limit: int = WORKLOAD_LIMIT) -> ChartFigures:
    projects = from_views.project_groups_from_views()
    return ChartFigures(
        projects_by_stage=projects_by_stage(projects),
        projects_by_priority=projects_by_priority(projects),
        stage_hours=stage_hours(from_views.sub_stage_groups_from_views()),
        workload=from_views.user_loads_from_views(limit=workload_limit),
    )


@dataclass(frozen=True)
class EfficiencyTables:
    sub_stages: list[SubStageGroup]
    approval_types: list[ApprovalGroup]


def dashboard_efficiency_from_views() -> EfficiencyTables:
    return EfficiencyTables(
        sub_stages=from_views.sub_stage_groups_from_views(),
        approval_types=from_views.approval_groups_from_views(),
    )
