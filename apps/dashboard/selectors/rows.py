"""One tenant's rows of each materialized view, as Python values (the tenant column omitted).

Both sources produce these: `from_views` reads them through the tenant views, `live` aggregates the
base tables the same way. Equal rows mean equal dashboards, which the tests check figure by figure.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ProjectGroup:
    """Projects of one status, priority and current stage (`NO_STAGE_ID` when not in a stage)."""

    status: str
    priority_level: str
    stage_id: uuid.UUID
    stage_name: str
    stage_order: int
    project_count: int
    estimated_value_total: Decimal
    delivered_count: int
    on_time_count: int
    delivery_variance_days_sum: int
    avg_delivery_variance_days: Decimal | None


@dataclass(frozen=True)
class SubStageGroup:
    """The work of one sub-stage across all projects. Hours are completed_at - started_at."""

    stage_id: uuid.UUID
    sub_stage_id: uuid.UUID
    stage_name: str
    stage_order: int
    sub_stage_name: str
    sub_stage_order: int
    total_instances: int
    completed_count: int
    open_count: int
    blocked_count: int
    overdue_count: int
    timed_count: int
    completion_hours_sum: Decimal
    avg_completion_hours: Decimal | None
    p90_completion_hours: float | None


@dataclass(frozen=True)
class ApprovalGroup:
    """Approvals of one type. Decision hours are decided_at - requested_at."""

    approval_type: str
    total_count: int
    pending_count: int
    overdue_count: int
    pending_age_hours_sum: Decimal
    approved_count: int
    rejected_count: int
    decided_count: int
    decision_hours_sum: Decimal
    avg_decision_hours: Decimal | None
    approval_rate: Decimal | None


@dataclass(frozen=True)
class UserLoad:
    """One user's open work: sub-stages assigned to them, approvals naming them."""

    user_id: uuid.UUID
    user_name: str
    role: str
    open_sub_stages: int
    overdue_sub_stages: int
    blocked_sub_stages: int
    pending_approvals: int

    @property
    def total_open(self) -> int:
        return self.open_sub_stages + self.pending_approvals


def project_group_key(row: ProjectGroup) -> tuple:
    return (row.stage_order, row.stage_name, row.status, row.priority_level, str(row.stage_id))


def sub_stage_group_key(row: SubStageGroup) -> tuple:
    return (row.stage_order, row.stage_name, row.sub_stage_order, row.sub_stage_name,
            str(row.sub_stage_id))  # fmt: skip


def approval_group_key(row: ApprovalGroup) -> tuple:
    return (row.approval_type,)


def user_load_key(row: UserLoad) -> tuple:
    """Busiest first; ties by name, then id, so a cut-off is the same from both sources."""
    return (-row.total_open, row.user_name, str(row.user_id))
