"""Celery tasks of projects: thin, id-taking, idempotent; the work is in the services.

The overdue job fans out as the other scheduled jobs do: beat queues one task per active tenant,
which runs in that tenant's `tenant_context` (TenantTask), so row-level security applies.
"""

from __future__ import annotations

from celery import shared_task

from apps.core.tasks import TenantTask, queue_for_each_tenant
from apps.organizations.selectors import active_tenant_ids
from apps.projects import overdue


@shared_task(ignore_result=True)
def sub_stages_notify_overdue() -> int:
    """Beat: queue the overdue check of every tenant. Returns how many were queued."""
    return queue_for_each_tenant(sub_stages_notify_overdue_tenant, active_tenant_ids())


@shared_task(base=TenantTask, ignore_result=True)
def sub_stages_notify_overdue_tenant(*, organization_id: str) -> int:
    """One tenant: tell owners about sub-stages that became overdue (once each)."""
    return len(overdue.sub_stages_notify_overdue(organization_id=organization_id))
