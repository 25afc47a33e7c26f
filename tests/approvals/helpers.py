"""Acting as one of the team, under RLS, through the services; and short ways to look at the
result."""

from __future__ import annotations

import datetime

from django.utils import timezone

from apps.approvals.models import Approval
from apps.approvals.services import ApproverSpec, approval_request
from apps.core.tenancy import tenant_context
from apps.notifications.models import Notification


def act(user, service, **kwargs):
    """Call a service as `user` would, inside their tenant (RLS on)."""
    with tenant_context(user.organization_id, user):
        return service(user=user, **kwargs)


def ask(requester, project, *approvers: ApproverSpec, **kwargs) -> Approval:
    kwargs.setdefault("approval_type", "quote_approval")
    kwargs.setdefault("title", f"Quote for {project.title}")
    return act(requester, approval_request, entity=project, approvers=list(approvers), **kwargs)


def by_role(role) -> ApproverSpec:
    return ApproverSpec(role=role)


def by_user(user) -> ApproverSpec:
    return ApproverSpec(user_id=user.pk)


def fresh(approval: Approval) -> Approval:
    return Approval.objects.get(pk=approval.pk)


def actions_of(approval: Approval) -> list[str]:
    return list(approval.history.order_by("created_at", "id").values_list("action", flat=True))


def notified(user, title_part: str = "") -> bool:
    return Notification.objects.filter(
        user=user, type="approval", title__contains=title_part
    ).exists()


def hours(n: float) -> datetime.timedelta:
    return datetime.timedelta(hours=n)


def later(n_hours: float) -> datetime.datetime:
    return timezone.now() + hours(n_hours)
