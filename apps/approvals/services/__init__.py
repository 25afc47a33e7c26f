"""Approvals: every write. Every action writes `approval_history` (append-only), records
activity and notifies the people who have to act next.

    request ──▶ pending ──approve──▶ approved (a chain: the next step opens; the last releases
       │          │  ▲ │                        the sub-stage it holds)
       │          │  │ └──reject(reason)──▶ rejected (the chain ends; the sub-stage goes back)
       │          │  └── assign / reassign (management)
       │          ├──delegate(to, until)──▶ delegated ──(until passes)──▶ back to the approver
       │          ├──escalate (SLA sweep or by hand)──▶ escalated (new SLA; manager or management)
       │          └──cancel(reason)──▶ cancelled
"""

from apps.approvals.services.attachments import approval_attachment_add
from apps.approvals.services.common import ApproverSpec
from apps.approvals.services.decisions import (
    approval_approve,
    approval_reject,
    authorize_decision,
)
from apps.approvals.services.requests import (
    APPROVAL_TYPE_BY_SUB_STAGE,
    approval_request,
    approval_request_for_sub_stage,
)
from apps.approvals.services.routing import (
    approval_assign,
    approval_cancel,
    approval_delegate,
    approval_escalate,
)
from apps.approvals.services.sla import (
    approval_sla_due,
    approval_sla_hours,
    approval_sla_policy_set,
)
from apps.approvals.services.sweep import (
    approvals_end_expired_delegations,
    approvals_escalate_overdue,
)

__all__ = [
    "APPROVAL_TYPE_BY_SUB_STAGE",
    "ApproverSpec",
    "approval_approve",
    "approval_assign",
    "approval_attachment_add",
    "approval_cancel",
    "approval_delegate",
    "approval_escalate",
    "approval_reject",
    "approval_request",
    "approval_request_for_sub_stage",
    "approval_sla_due",
    "approval_sla_hours",
    "approval_sla_policy_set",
    "approvals_end_expired_delegations",
    "approvals_escalate_overdue",
    "authorize_decision",
]
