"""Scheduled approval work. Beat runs the fan-out, which queues one task per tenant; each tenant's
task runs inside that tenant's `tenant_context` (TenantTask), so RLS applies as in a request, and
one slow or failing tenant never holds up the others."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from apps.approvals.services import approvals_end_expired_delegations, approvals_escalate_overdue
from apps.core.tasks import TenantTask, queue_for_each_tenant
from apps.organizations.selectors import active_tenant_ids


@shared_task(ignore_result=True)
def approvals_sweep_all_tenants() -> int:
    """Beat: queue the approvals sweep of every tenant. Returns how many were queued."""
    return queue_for_each_tenant(approvals_sweep_tenant, active_tenant_ids())


@shared_task(
    base=TenantTask,
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def approvals_sweep_tenant(*, organization_id: str) -> dict[str, int]:
    """One tenant: escalate approvals past their SLA and end delegations whose time is up.
    Idempotent: running it twice escalates each overdue approval once."""
    return {
        "escalated": approvals_escalate_overdue(organization_id=organization_id),
        "delegations_ended": approvals_end_expired_delegations(organization_id=organization_id),
    }
