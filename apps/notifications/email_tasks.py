"""The Celery task that e-mails one notification, queued by `services` after commit.

It lives apart from `tasks` because the scheduled jobs there create notifications through
`services`, which queue this task: in one module the two would import each other. Only `mailing`
is imported here. The worker registers it with `services` (which `tasks` imports).
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from apps.notifications import mailing


@shared_task(
    # The name it had in `tasks`: messages already queued under it still find it.
    name="apps.notifications.tasks.notification_email_deliver",
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
