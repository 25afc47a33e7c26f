"""Approvals: every write. Every action writes `approval_history` (append-only), records
activity (`apps.approvals.events`) and notifies the people who have to act next. The moves and
who may take them are one table, `apps.approvals.rules.APPROVAL_TRANSITIONS`:

    request ──▶ pending ──approve──▶ approved (a chain: the next step opens; the last is handed
       │          │  ▲ │                        to its subject: a sub-stage completes)
       │          │  │ └──reject(reason)──▶ rejected (the chain ends; a sub-stage goes back)
       │          │  └── assign / reassign (management)
       │          ├──delegate(to, until)──▶ delegated ──(until passes)──▶ back to the approver
       │          ├──escalate (SLA sweep or by hand)──▶ escalated (new SLA; manager or management)
       │          └──cancel(reason)──▶ cancelled

approvers.py    who decides a step, and the checks of the people named
attachments.py  files attached for the approvers
decisions.py    approve, reject
guards.py       the row lock, the table's refusals, comments, the clock
history.py      the approval's own history entries
notices.py      who has to act, and notifying them
requests.py     asking: a chain of steps, and the next step after an approval
routing.py      assign, delegate, escalate, cancel
sla.py          how long an approver has
sweep.py        the scheduled escalations and ends of delegations
"""

from apps.approvals.services.approvers import ApproverSpec
from apps.approvals.services.attachments import approval_attachment_add
from apps.approvals.services.decisions import (
    approval_approve,
    approval_reject,
    authorize_decision,
)
from apps.approvals.services.requests import approval_open_chain, approval_request
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
    "ApproverSpec",
    "approval_approve",
    "approval_assign",
    "approval_attachment_add",
    "approval_cancel",
    "approval_delegate",
    "approval_escalate",
    "approval_open_chain",
    "approval_reject",
    "approval_request",
    "approval_sla_due",
    "approval_sla_hours",
    "approval_sla_policy_set",
    "approvals_end_expired_delegations",
    "approvals_escalate_overdue",
    "authorize_decision",
]
