"""The signed-in user's own open work, read live from the base tables (never from the views): it
must reflect what they did a second ago. Capped, so the panel stays two queries whatever the load.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Least

from apps.approvals.filters import assigned_to_me_q, for_my_role_q
from apps.approvals.models import OPEN_STATUSES, Approval
from apps.projects.models import ProjectSubStageProgress
from apps.projects.selectors.listing import OPEN_PROGRESS

MY_WORK_LIMIT = 8


@dataclass(frozen=True)
class MyWork:
    sub_stages: list[ProjectSubStageProgress]
    more_sub_stages: bool
    approvals: list[Approval]
    more_approvals: bool


def my_open_sub_stages(user, *, limit: int = MY_WORK_LIMIT) -> list[ProjectSubStageProgress]:
    """Open sub-stages assigned to the user, the most urgent first (one more than `limit`, so the
    caller can tell whether there are more), with only what the panel shows."""
    return list(
        ProjectSubStageProgress.objects.filter(
            organization_id=user.organization_id, assigned_to=user, status__in=OPEN_PROGRESS
        )
        .select_related("project", "sub_stage")
        .only("status", "due_at", "project__project_id", "sub_stage__name")
        .order_by(F("due_at").asc(nulls_last=True), "id")[: limit + 1]
    )


def my_pending_approvals(user, now, *, limit: int = MY_WORK_LIMIT) -> list[Approval]:
    """Open approvals the approvals queue shows the user as theirs or their role's (named,
    delegated to them until later than `now`, escalated to them, or waiting on their role), not
    the user's own requests. Earliest deadline first.

    The approvals are chosen from their table alone and only those are joined to their project:
    joining first made PostgreSQL look up the project of every open approval of a manager's
    tenant (639 in the load data) before keeping 9."""
    deadline_order = (F("deadline").asc(nulls_last=True), "requested_at", "id")
    chosen = (
        Approval.objects.filter(
            assigned_to_me_q(user, now) | for_my_role_q(user),
            organization_id=user.organization_id,
            status__in=OPEN_STATUSES,
        )
        .exclude(requested_by=user)
        .annotate(deadline=Least("due_at", "sla_due_at"))
        .order_by(*deadline_order)
        .values("pk")[: limit + 1]
    )
    return list(
        Approval.objects.filter(organization_id=user.organization_id, pk__in=chosen)
        .select_related("project")
        .only("title", "requested_at", "project__project_id")
        .annotate(deadline=Least("due_at", "sla_due_at"))
        .order_by(*deadline_order)
    )


def my_work(user, now, *, limit: int = MY_WORK_LIMIT) -> MyWork:
    sub_stages = my_open_sub_stages(user, limit=limit)
    approvals = my_pending_approvals(user, now, limit=limit)
    return MyWork(
        sub_stages=sub_stages[:limit],
        more_sub_stages=len(sub_stages) > limit,
        approvals=approvals[:limit],
        more_approvals=len(approvals) > limit,
    )
