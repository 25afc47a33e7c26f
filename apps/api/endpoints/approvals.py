"""/api/v1/approvals: the caller's queue, one approval, and deciding or delegating it through the
approvals services (whose rules table says who may)."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from apps.api.endpoints.common import NewestFirst, responses
from apps.api.endpoints.types import LongText, text
from apps.approvals import services
from apps.approvals.filters import SCOPE_BOTH, SCOPE_MINE, SCOPE_ROLE
from apps.approvals.models import ApprovalPriority, ApprovalType
from apps.approvals.selectors import approval_get_for_user, approval_queue
from apps.users.permissions import permission_require
from apps.users.selectors import team_member_get_for_user

router = Router(tags=["approvals"])


class ApprovalOut(Schema):
    id: uuid.UUID
    title: str
    description: str
    approval_type: str
    status: str
    priority: str
    project_id: uuid.UUID | None
    sub_stage_progress_id: uuid.UUID | None
    step_number: int
    total_steps: int
    requested_by_id: uuid.UUID | None
    requested_at: datetime.datetime
    current_approver_user_id: uuid.UUID | None
    current_approver_role: str | None
    delegated_to_id: uuid.UUID | None
    delegated_until: datetime.datetime | None
    due_at: datetime.datetime | None
    sla_due_at: datetime.datetime | None
    decided_by_id: uuid.UUID | None
    decided_at: datetime.datetime | None
    decision_comments: str
    decision_reason: str
    is_overdue: bool = False
    created_at: datetime.datetime

    @staticmethod
    def resolve_is_overdue(approval) -> bool:
        # The annotation is NULL for an approval with neither due date nor SLA: not overdue.
        return bool(getattr(approval, "is_overdue", False))


class ApprovalFilters(Schema):
    scope: str = Field(
        SCOPE_BOTH,
        description=f"{SCOPE_BOTH} (default: mine and my role's), {SCOPE_MINE}, {SCOPE_ROLE}, "
        "or all (management)",
    )
    status: str | None = Field(None, description="open (default), a status, or all")
    approval_type: ApprovalType | None = None
    priority: ApprovalPriority | None = None
    overdue: bool | None = None


class ApproveIn(Schema):
    comments: LongText = ""


class RejectIn(Schema):
    reason: text(2000)
    comments: LongText = ""


class DelegateIn(Schema):
    delegate_id: uuid.UUID
    until: datetime.datetime
    comments: LongText = ""


@router.get("/", response=responses(200, list[ApprovalOut]))
@paginate(NewestFirst)
def approval_list(request: HttpRequest, filters: Query[ApprovalFilters]):
    """The approvals queue; by default what waits for the caller or the caller's role."""
    permission_require(request.user, "approvals.view")
    params = QueryDict(mutable=True)
    for name, value in filters.dict(exclude_none=True).items():
        if name == "overdue":
            if value:
                params[name] = "yes"
            continue
        params[name] = str(value)
    filterset = approval_queue(request.user, params=params)
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(m) for m in messages] for field, messages in filterset.errors.items()}
        )
    return filterset.qs


@router.get("/{approval_id}", response=responses(200, ApprovalOut))
def approval_detail(request: HttpRequest, approval_id: uuid.UUID):
    permission_require(request.user, "approvals.view")
    return approval_get_for_user(request.user, approval_id)


@router.post("/{approval_id}/approve", response=responses(200, ApprovalOut))
def approval_approve(request: HttpRequest, approval_id: uuid.UUID, payload: ApproveIn):
    permission_require(request.user, "approvals.view")
    approval = approval_get_for_user(request.user, approval_id)
    services.approval_approve(user=request.user, approval_id=approval.pk, comments=payload.comments)
    return approval_get_for_user(request.user, approval.pk)


@router.post("/{approval_id}/reject", response=responses(200, ApprovalOut))
def approval_reject(request: HttpRequest, approval_id: uuid.UUID, payload: RejectIn):
    permission_require(request.user, "approvals.view")
    approval = approval_get_for_user(request.user, approval_id)
    services.approval_reject(
        user=request.user,
        approval_id=approval.pk,
        reason=payload.reason,
        comments=payload.comments,
    )
    return approval_get_for_user(request.user, approval.pk)


@router.post("/{approval_id}/delegate", response=responses(200, ApprovalOut))
def approval_delegate(request: HttpRequest, approval_id: uuid.UUID, payload: DelegateIn):
    permission_require(request.user, "approvals.view")
    approval = approval_get_for_user(request.user, approval_id)
    delegate = team_member_get_for_user(request.user, payload.delegate_id)
    services.approval_delegate(
        user=request.user,
        approval_id=approval.pk,
        delegate=delegate,
        until=payload.until,
        comments=payload.comments,
    )
    return approval_get_for_user(request.user, approval.pk)
