"""The same rows as the materialized views, aggregated now from the base tables with the ORM.

This is the reference the views are tested against and the "live" side of the benchmark. It is
written independently of the views' SQL (Django aggregates over the models), sharing only the
definitions: which statuses are open, what is overdue, what a delivery is measured against.
`as_of` stands for the clock: pass a refresh's `refreshed_at` to reproduce that refresh exactly.

Queries run under the caller's tenant context (RLS) and also name the tenant explicitly, as every
hot query does (SPEC 12).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DecimalField,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.db.models.lookups import LessThan, LessThanOrEqual

from apps.approvals.models import DECIDED_STATUSES, OPEN_STATUSES, Approval, ApprovalStatus
from apps.core.tenancy import current_organization_id
from apps.dashboard.analytics import NO_STAGE_ID
from apps.dashboard.selectors.rows import (
    ApprovalGroup,
    ProjectGroup,
    SubStageGroup,
    UserLoad,
    approval_group_key,
    project_group_key,
    sub_stage_group_key,
    user_load_key,
)
from apps.projects.models import ProgressStatus, Project, ProjectSubStageProgress
from apps.projects.selectors.listing import OPEN_PROGRESS
from apps.users.models import User

CENT = Decimal("0.01")
THOUSANDTH = Decimal("0.001")


class HoursBetween(Func):
    """(end - start) in hours, as numeric: EXTRACT(EPOCH FROM end - start) / 3600."""

    arg_joiner = " - "
    template = "EXTRACT(EPOCH FROM (%(expressions)s)) / 3600"
    output_field = DecimalField()


class DaysBetween(Func):
    """date - date in whole days (PostgreSQL's integer date subtraction)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()


class Percentile90(Aggregate):
    function = "percentile_cont"
    template = "percentile_cont(0.9) WITHIN GROUP (ORDER BY (%(expressions)s)::float8)%(filter)s"
    output_field = FloatField()


def _round(value: Decimal | None, quantum: Decimal) -> Decimal | None:
    """PostgreSQL's round(numeric, n): halves away from zero."""
    return None if value is None else value.quantize(quantum, rounding=ROUND_HALF_UP)


def _tenant() -> uuid.UUID | None:
    return current_organization_id()


def project_groups_live() -> list[ProjectGroup]:
    variance = DaysBetween(
        F("actual_delivery_date"), Coalesce("promised_delivery_date", "requested_delivery_date")
    )
    rows = (
        Project.objects.filter(organization_id=_tenant())
        .values(
            "status",
            "priority_level",
            "current_stage_id",
            "current_stage__name",
            "current_stage__stage_order",
        )
        .annotate(
            project_count=Count("id"),
            estimated_value_total=Coalesce(Sum("estimated_value"), Value(Decimal(0))),
            delivered_count=Count("id", filter=Q(actual_delivery_date__isnull=False)
                                  & (Q(promised_delivery_date__isnull=False)
                                     | Q(requested_delivery_date__isnull=False))),
            on_time_count=Count("id", filter=Q(LessThanOrEqual(variance, 0))),
            delivery_variance_days_sum=Coalesce(Sum(variance), 0),
            average_variance=Avg(variance, output_field=DecimalField()),
        )
        .order_by()
    )  # fmt: skip
    return sorted(
        (
            ProjectGroup(
                status=row["status"],
                priority_level=row["priority_level"],
                stage_id=row["current_stage_id"] or uuid.UUID(NO_STAGE_ID),
                stage_name=row["current_stage__name"] or "",
                stage_order=row["current_stage__stage_order"] or 0,
                project_count=row["project_count"],
                estimated_value_total=row["estimated_value_total"],
                delivered_count=row["delivered_count"],
                on_time_count=row["on_time_count"],
                delivery_variance_days_sum=row["delivery_variance_days_sum"],
                avg_delivery_variance_days=_round(row["average_variance"], CENT),
            )
            for row in rows
        ),
        key=project_group_key,
    )


def sub_stage_groups_live(*, as_of: datetime.datetime) -> list[SubStageGroup]:
    hours = HoursBetween(F("completed_at"), F("started_at"))
    timed = Q(status=ProgressStatus.COMPLETED, started_at__isnull=False)
    rows = (
        ProjectSubStageProgress.objects.filter(organization_id=_tenant())
        .values(
            "workflow_stage_id",
            "sub_stage_id",
            "workflow_stage__name",
            "workflow_stage__stage_order",
            "sub_stage__name",
            "sub_stage__sub_stage_order",
        )
        .annotate(
            total_instances=Count("id"),
            completed_count=Count("id", filter=Q(status=ProgressStatus.COMPLETED)),
            open_count=Count("id", filter=Q(status__in=OPEN_PROGRESS)),
            blocked_count=Count("id", filter=Q(status=ProgressStatus.BLOCKED)),
            overdue_count=Count("id", filter=Q(status__in=OPEN_PROGRESS, due_at__lt=as_of)),
            timed_count=Count("id", filter=timed),
            completion_hours_sum=Coalesce(Sum(hours, filter=timed), Value(Decimal(0))),
            average_hours=Avg(hours, filter=timed),
            p90_completion_hours=Percentile90(hours, filter=timed),
        )
        .order_by()
    )
    return sorted(
        (
            SubStageGroup(
                stage_id=row["workflow_stage_id"],
                sub_stage_id=row["sub_stage_id"],
                stage_name=row["workflow_stage__name"],
                stage_order=row["workflow_stage__stage_order"],
                sub_stage_name=row["sub_stage__name"],
                sub_stage_order=row["sub_stage__sub_stage_order"],
                total_instances=row["total_instances"],
                completed_count=row["completed_count"],
                open_count=row["open_count"],
                blocked_count=row["blocked_count"],
                overdue_count=row["overdue_count"],
                timed_count=row["timed_count"],
                completion_hours_sum=row["completion_hours_sum"],
                avg_completion_hours=_round(row["average_hours"], CENT),
                p90_completion_hours=row["p90_completion_hours"],
            )
            for row in rows
        ),
        key=sub_stage_group_key,
    )


def approval_groups_live(*, as_of: datetime.datetime) -> list[ApprovalGroup]:
    is_open = Q(status__in=OPEN_STATUSES)
    decided = Q(status__in=DECIDED_STATUSES, decided_at__isnull=False)
    decision_hours = HoursBetween(F("decided_at"), F("requested_at"))
    age_hours = HoursBetween(Value(as_of), F("requested_at"))
    rows = (
        Approval.objects.filter(organization_id=_tenant())
        .values("approval_type")
        .annotate(
            total_count=Count("id"),
            pending_count=Count("id", filter=is_open),
            overdue_count=Count(
                "id", filter=is_open & Q(LessThan(Least("due_at", "sla_due_at"), as_of))
            ),
            pending_age_hours_sum=Coalesce(Sum(age_hours, filter=is_open), Value(Decimal(0))),
            approved_count=Count("id", filter=Q(status=ApprovalStatus.APPROVED)),
            rejected_count=Count("id", filter=Q(status=ApprovalStatus.REJECTED)),
            decided_count=Count("id", filter=decided),
            decision_hours_sum=Coalesce(Sum(decision_hours, filter=decided), Value(Decimal(0))),
            average_decision_hours=Avg(decision_hours, filter=decided),
        )
        .order_by()
    )
    groups = []
    for row in rows:
        judged = row["approved_count"] + row["rejected_count"]
        rate = Decimal(row["approved_count"]) / judged if judged else None
        groups.append(
            ApprovalGroup(
                approval_type=row["approval_type"],
                total_count=row["total_count"],
                pending_count=row["pending_count"],
                overdue_count=row["overdue_count"],
                pending_age_hours_sum=row["pending_age_hours_sum"],
                approved_count=row["approved_count"],
                rejected_count=row["rejected_count"],
                decided_count=row["decided_count"],
                decision_hours_sum=row["decision_hours_sum"],
                avg_decision_hours=_round(row["average_decision_hours"], CENT),
                approval_rate=_round(rate, THOUSANDTH),
            )
        )
    return sorted(groups, key=approval_group_key)


def _count_per_user(queryset, user_column: str):
    """A correlated COUNT(*) of `queryset` rows that belong to the outer user."""
    return Coalesce(
        Subquery(
            queryset.filter(**{user_column: OuterRef("pk")})
            .order_by()
            .values(user_column)
            .annotate(n=Count("id"))
            .values("n")
        ),
        0,
    )


def user_loads_live(
    *, as_of: datetime.datetime, limit: int | None = None, busy_only: bool = True
) -> list[UserLoad]:
    tenant = _tenant()
    open_work = ProjectSubStageProgress.objects.filter(
        organization_id=tenant, status__in=OPEN_PROGRESS
    )
    rows = (
        User.objects.filter(organization_id=tenant)
        .only("id", "name", "role")
        .annotate(
            open_sub_stages=_count_per_user(open_work, "assigned_to"),
            overdue_sub_stages=_count_per_user(open_work.filter(due_at__lt=as_of), "assigned_to"),
            blocked_sub_stages=_count_per_user(
                open_work.filter(status=ProgressStatus.BLOCKED), "assigned_to"
            ),
            pending_approvals=_count_per_user(
                Approval.objects.filter(organization_id=tenant, status__in=OPEN_STATUSES),
                "current_approver_user",
            ),
        )
    )
    loads = sorted(
        (
            UserLoad(
                user_id=user.pk,
                user_name=user.name,
                role=user.role,
                open_sub_stages=user.open_sub_stages,
                overdue_sub_stages=user.overdue_sub_stages,
                blocked_sub_stages=user.blocked_sub_stages,
                pending_approvals=user.pending_approvals,
            )
            for user in rows
        ),
        key=user_load_key,
    )
    if busy_only:
        loads = [load for load in loads if load.total_open > 0]
    return loads[:limit] if limit is not None else loads
