"""The scheduled work on one tenant's approvals (run by the beat task inside `tenant_context`):
escalate the ones past their SLA, and end delegations whose time is up.

Both are idempotent. An escalation gives the approval a new SLA, so a second run finds nothing
to do until that passes too; rows another run holds are skipped (`SKIP LOCKED`), never waited on
or done twice.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from apps.approvals.models import OPEN_STATUSES, Approval, ApprovalAction, ApprovalStatus
from apps.approvals.rules import approval_status_after_routing
from apps.approvals.services.guards import now_or
from apps.approvals.services.history import history_record
from apps.approvals.services.notices import notify
from apps.approvals.services.routing import escalate, management_of
from apps.approvals.services.sla import approval_sla_hours_by_priority
from apps.core.i18n import for_reader

# A run handles at most this many rows; the next run (minutes later) takes the rest.
BATCH = 500


@transaction.atomic
def approvals_escalate_overdue(*, organization_id, now=None) -> int:
    """Escalate every open approval of the tenant whose SLA has passed. Returns how many."""
    now = now_or(now)
    overdue = (
        Approval.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(organization_id=organization_id, status__in=OPEN_STATUSES, sla_due_at__lt=now)
        .select_related(
            "project",
            "requested_by",
            "current_approver_user__direct_manager",
            "escalated_to__direct_manager",
        )
        .order_by("sla_due_at")[:BATCH]
    )
    overdue = list(overdue)
    if not overdue:
        return 0
    # Read once for the whole run, not once per approval.
    sla_hours = approval_sla_hours_by_priority(organization_id=organization_id)
    management = management_of(organization_id)
    for approval in overdue:
        escalate(
            approval, actor=None, now=now, reason=_("No decision within the SLA."),
            sla_hours=sla_hours, management=management,
        )  # fmt: skip
    return len(overdue)


@transaction.atomic
def approvals_end_expired_delegations(*, organization_id, now=None) -> int:
    """Give approvals whose delegation has ended back to their approver. Returns how many.

    The delegate already cannot decide after the end (the rules check the time); this puts the
    status right and tells the person who delegated.
    """
    now = now_or(now)
    ended = (
        Approval.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(
            organization_id=organization_id,
            status=ApprovalStatus.DELEGATED,
            delegated_until__lte=now,
        )
        .select_related("project", "delegated_by", "delegated_to")
        .order_by("delegated_until")[:BATCH]
    )
    count = 0
    for approval in ended:
        old = approval.status
        approval.status = approval_status_after_routing(approval)
        approval.save(update_fields=["status", "updated_at"])
        delegate = approval.delegated_to
        history_record(
            approval,
            user=None,
            action=ApprovalAction.REASSIGN,
            old_status=old,
            comments=f"The delegation to {delegate.name} ended.",
            delegate=str(delegate.pk),
        )
        notify(
            approval,
            [approval.delegated_by],
            actor=None,
            title=for_reader(_("Back with you: %(title)s"), title=approval.title),
            message=for_reader(
                _("The delegation to %(name)s ended without a decision."), name=delegate.name
            ),
        )
        count += 1
    return count
