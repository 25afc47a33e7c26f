"""The approval's own append-only history (`approval_history`): one entry per action."""

from __future__ import annotations

from typing import Any

from apps.approvals.models import Approval, ApprovalAction, ApprovalHistory


def history_record(
    approval: Approval,
    *,
    user,
    action: ApprovalAction,
    old_status: str | None,
    comments: str = "",
    **metadata: Any,
) -> ApprovalHistory:
    return ApprovalHistory.objects.create(
        organization_id=approval.organization_id,
        approval=approval,
        action=action,
        old_status=old_status,
        # A comment (or an attachment) changes no status.
        new_status=None if action == ApprovalAction.COMMENT else approval.status,
        user=user,
        comments=comments,
        metadata={key: value for key, value in metadata.items() if value is not None},
    )
