"""Celery tasks of notifications: thin, id-taking, idempotent; the work is in the services.

The scheduled overdue and purge jobs queue one task per active tenant, which runs in that tenant's
`tenant_context` (TenantTask: one transaction, row-level security as in a request), as the
approvals sweep does. The e-mail sweep stays a loop here (`for_each_tenant`): its service opens
a transaction per notification itself, so that a failed attempt stays counted, which the single
transaction of a TenantTask would undo. The e-mail of one notification is `email_tasks`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import shared_task

from apps.core.tasks import TenantTask, queue_for_each_tenant
from apps.notifications import mailing, services
from apps.organizations.selectors import active_tenant_ids

logger = logging.getLogger(__name__)


def for_each_tenant(job: str, work: Callable[[object], object]) -> dict[str, object]:
    """Run `work(organization_id)` for every active tenant here, in turn; one tenant's failure is
    logged and does not stop the others."""
    results: dict[str, object] = {}
    for organization_id in active_tenant_ids():
        try:
            results[str(organization_id)] = work(organization_id)
        except Exception:  # one tenant's failure must not starve the others
            logger.exception("%s failed for tenant %s", job, organization_id)
    return results


@shared_task(ignore_result=True)
def notifications_email_sweep() -> dict:
    """Beat: e-mail the high and urgent notifications whose queued task never ran or failed."""
    return for_each_tenant(
        "e-mail sweep",
        lambda organization_id: dict(
            mailing.notification_email_sweep(organization_id=organization_id)
        ),
    )


@shared_task(ignore_result=True)
def notifications_purge_expired() -> int:
    """Beat: queue the purge of every tenant's expired notifications."""
    return queue_for_each_tenant(notifications_purge_expired_tenant, active_tenant_ids())


@shared_task(base=TenantTask, ignore_result=True)
def notifications_purge_expired_tenant(*, organization_id: str) -> int:
    """One tenant: delete its expired notifications."""
    return services.notifications_purge_expired(organization_id=organization_id)
