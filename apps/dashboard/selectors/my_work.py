"""The signed-in user's own open work, read live from the base tables (never from the views): it
must reflect what they did a second ago. Capped, so the panel stays two queries whatever the load.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.functions import Least

from apps.approvals.models import OPEN_STATUSES, Approval
from apps.dashboard.selectors.live import OPEN_WORK
from apps.projects.models import ProjectSubStageProgress

MY_WORK_LIMIT = 8


@dataclass(frozen=True)
class MyWork:
    sub_stages: list[ProjectSubStageProgress]
    more_sub_stages: bool
    approvals: list[Approval]
    more_approvals: bool


def my_open_sub_stages(user, *, limit: int = MY_WORK_LIMIT) -> list[ProjectSubStageProgress]:
    """Open sub-stages assigned to the user, the most urgent first (one more than `limit`, so the
    caller can tell whether there are more)."""
    return list(
        ProjectSubStageProgress.objects.filter(
            organization_id=user.organization_id, assigned_to=user, status__in=OPEN_WORK
        )
        .select_related("project", "sub_stage", "workflow_stage")
        .order_by(F("due_at").asc(nulls_last=True), "id")[: limit + 1]
    )


def my_pending_approvals(user, *, limit: int = MY_WORK_LIMIT) -> list[Approval]:
    """Open approvals naming the user, or naming the user's role and no one person; not the
    user's own requests. Earliest deadline first."""
    addressed_to_me = Q(current_approver_user=user) | Q(
        current_approver_user__isnull=True, current_approver_role=user.role
    )
    return list(
        Approval.objects.filter(addressed_to_me, organization_id=user.organization_id,
                                status__in=OPEN_STATUSES)
        .exclude(requested_by=user)
        .select_related("project")
        .annotate(deadline=Least("due_at", "sla_due_at"))
        .order_by(F("deadline").asc(nulls_last=True), "requested_at", "id")[: limit + 1]
    )  # fmt: skip


def my_work(user, *, limit: int = MY_WORK_LIMIT) -> MyWork:
    sub_stages = my_open_sub_stages(user, limit=limit)
    approvals = my_pending_approvals(user, limit=limit)
    return MyWork(
        sub_stages=sub_stages[:limit],
        more_sub_stages=len(sub_stages) > limit,
        approvals=approvals[:limit],
        more_approvals=len(approvals) > limit,
    )
