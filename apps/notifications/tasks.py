"""Celery tasks of notifications: thin, id-taking, idempotent; the work is in the services.

The scheduled ones go through every active tenant and do each tenant's work in its own
`tenant_context` (one transaction, row-level security as in a request), so one tenant's failure
is logged and does not stop the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import shared_task
from django.conf import settings

from apps.core.tenancy import tenant_context
from apps.notifications import mailing, overdue, services
from apps.organizations.models import Organization, OrganizationType

logger = logging.getLogger(__name__)


def active_tenant_ids() -> list:
    """Runs outside any tenant, as the worker's own (owner) role: the list of tenants itself is
    not tenant data."""
    return list(
        Organization.objects.filter(
            organization_type=OrganizationType.INTERNAL, is_active=True
        ).values_list("pk", flat=True)
    )


def for_each_tenant(job: str, work: Callable[[object], object]) -> dict[str, object]:
    results: dict[str, object] = {}
    for organization_id in active_tenant_ids():
        try:
            results[str(organization_id)] = work(organization_id)
        except Exception:  # one tenant's failure must not starve the others
            logger.exception("%s failed for tenant %s", job, organization_id)
    return results


@shared_task(
    bind=True,
    autoretry_for=(mailing.EmailDeliveryDeferred,),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS - 1,
    acks_late=True,
    ignore_result=True,
)
def notification_email_deliver(self, *, notification_id: str, organization_id: str) -> str:
    """E-mail one notification (at most once; see `mailing`)."""
    return mailing.notification_email_deliver(
        organization_id=organization_id, notification_id=notification_id
    )


@shared_task(ignore_result=True)
def notifications_email_sweep() -> dict:
    """Beat: e-mail the high and urgent notifications whose queued task never ran or failed."""
    return for_each_tenant(
        "e-mail sweep",
        lambda organization_id: dict(
            mailing.notification_email_sweep(organization_id=organization_id)
        ),
    )


def _notify_overdue(organization_id) -> int:
    with tenant_context(organization_id):
        return len(overdue.sub_stages_notify_overdue(organization_id=organization_id))


@shared_task(ignore_result=True)
def sub_stages_notify_overdue() -> dict:
    """Beat: tell owners about sub-stages that became overdue (once each)."""
    return for_each_tenant("overdue sub-stages", _notify_overdue)


def _purge(organization_id) -> int:
    with tenant_context(organization_id):
        return services.notifications_purge_expired(organization_id=organization_id)


@shared_task(ignore_result=True)
def notifications_purge_expired() -> dict:
    """Beat: delete expired notifications."""
    return for_each_tenant("notification purge", _purge)
