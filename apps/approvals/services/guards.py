"""What every change to an approval starts with: the locked row, the table's and the rules'
refusals, the user's comments, and the clock."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from apps.approvals import rules
from apps.approvals.models import Approval
from apps.core.reasons import optional_reason


def approval_lock(*, user, approval_id) -> Approval:
    """The approval, locked for this transaction (`SELECT ... FOR UPDATE`), so two people acting
    at once are serialised: the second sees what the first did and is refused clearly."""
    try:
        return (
            Approval.objects.select_for_update(of=("self",))
            .select_related("project", "sub_stage_progress", "requested_by")
            .get(pk=approval_id, organization_id=user.organization_id)
        )
    except (Approval.DoesNotExist, ValueError, ValidationError):
        raise ValidationError(gettext("That approval does not exist.")) from None


def require_move(approval: Approval, move: rules.ApprovalMove) -> None:
    """A ValidationError unless the transitions table allows `move` from the approval's status."""
    refusal = rules.move_refusal(approval, move)
    if refusal:
        raise ValidationError(refusal)


def refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def clean_comments(comments: str | None) -> str:
    return optional_reason(comments, field="comments", what=gettext("comments"))


def now_or(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def not_before_request(approval: Approval, now: datetime.datetime) -> datetime.datetime:
    """A time of this approval's life that the database will accept (never before the request)."""
    return max(now, approval.requested_at)
