"""E-mail for high and urgent notifications: sent at most once, in the reader's language and
timezone, retried on transient failures and given up on permanent ones.

Delivery holds a row lock on the notification while it sends and stamps `emailed_at` in the same
transaction, so a duplicate or retried task waits and then finds the stamp: one e-mail. (Only a
worker killed between the SMTP hand-off and the commit can send twice; no SMTP server offers
better.) A failed attempt is counted in its own committed transaction before the retry is raised,
which is why this service opens its tenant context itself rather than running inside `TenantTask`.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import Counter

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.notifications.models import EMAILED_PRIORITIES, Notification, NotificationType
from apps.users.locale import user_locale, user_timezone
from apps.users.models import UserStatus
from apps.users.preferences import emailed_kinds

logger = logging.getLogger(__name__)


class EmailDeliveryDeferred(Exception):
    """A transient failure (server busy or unreachable): try again later."""


def is_transient(error: OSError) -> bool:
    """4xx replies and network trouble pass; 5xx replies and refused recipients do not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return not 500 <= error.smtp_code < 600
    return True


def wants_email(user, kind: str) -> bool:
    """Whether the user gets this kind of notification by e-mail (their settings page)."""
    return kind in emailed_kinds(user.preferences)


def _muted_by_recipient() -> Q:
    """Notifications whose reader turned e-mail off, altogether or for their kind."""
    muted = Q(user__preferences__contains={"email_notifications": False})
    for kind in NotificationType.values:
        muted |= Q(type=kind, user__preferences__contains={"email_muted_kinds": [kind]})
    return muted


def _skip_reason(notification: Notification, now: datetime.datetime) -> str | None:
    user = notification.user
    if notification.emailed_at is not None:
        return "already sent"
    if notification.priority not in EMAILED_PRIORITIES:
        return "priority not e-mailed"
    if notification.is_read:
        return "already read"
    if notification.expires_at is not None and notification.expires_at <= now:
        return "expired"
    if notification.email_attempts >= settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS:
        return "gave up"
    if (
        user.status != UserStatus.ACTIVE
        or not user.email
        or not wants_email(user, notification.type)
    ):
        return "recipient does not get e-mail"
    return None


def notification_email_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of one notification, written in its reader's language and timezone."""
    user = notification.user
    path = notification.action_url or reverse("notifications:list")
    with user_locale(user):
        context = {
            "notification": notification,
            "user": user,
            "link": settings.SITE_URL.rstrip("/") + path,
            "timezone_name": user_timezone(user).key,
        }
        subject = render_to_string("notifications/email/subject.txt", context)
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # one line: a header cannot hold a newline
        body=text,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_email_deliver(
    *, organization_id, notification_id, now: datetime.datetime | None = None
) -> str:
    """Send the notification's e-mail unless it was sent already or is not due one.

    Returns what happened ("sent" or why not); raises EmailDeliveryDeferred on a transient
    failure, after the attempt has been counted.
    """
    now = now or timezone.now()
    with tenant_context(organization_id):
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(organization_id=organization_id, pk=notification_id)
            .first()
        )
        if notification is None:
            return "no such notification"
        reason = _skip_reason(notification, now)
        if reason:
            return reason
        try:
            notification_email_message(notification).send()
        except OSError as error:  # every smtplib error is an OSError
            transient = is_transient(error)
            notification.email_attempts = (
                notification.email_attempts + 1
                if transient
                else settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS
            )
            notification.save(update_fields=["email_attempts", "updated_at"])
            if not transient:
                logger.warning("E-mail of notification %s refused: %s", notification_id, error)
                return "refused"
            failure = error
        else:
            notification.emailed_at = now
            notification.save(update_fields=["emailed_at", "updated_at"])
            return "sent"
    raise EmailDeliveryDeferred(f"{type(failure).__name__}: {failure}") from failure


def notifications_awaiting_email(
    *, organization_id, now: datetime.datetime | None = None, limit: int = 200
) -> list:
    """Ids of the tenant's high and urgent notifications that should have been e-mailed by now
    (older than the grace period, so the task queued at commit gets its chance first), but were
    not: the broker was down, or earlier attempts failed. Oldest first."""
    now = now or timezone.now()
    return list(
        Notification.objects.filter(
            organization_id=organization_id,
            emailed_at__isnull=True,
            priority__in=EMAILED_PRIORITIES,
            is_read=False,
            email_attempts__lt=settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS,
            created_at__lte=now - datetime.timedelta(seconds=settings.NOTIFICATION_EMAIL_GRACE),
            created_at__gte=now - datetime.timedelta(hours=settings.NOTIFICATION_EMAIL_MAX_AGE),
            user__status=UserStatus.ACTIVE,
        )
        .exclude(_muted_by_recipient())
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def notification_email_sweep(*, organization_id, now: datetime.datetime | None = None) -> Counter:
    """Deliver what the tenant's queue missed, one notification at a time (each in its own
    transaction, so one failure does not undo the others)."""
    now = now or timezone.now()
    with tenant_context(organization_id):
        pending = notifications_awaiting_email(organization_id=organization_id, now=now)
    outcomes: Counter = Counter()
    for notification_id in pending:
        try:
            outcomes[
                notification_email_deliver(
                    organization_id=organization_id, notification_id=notification_id, now=now
                )
            ] += 1
        except EmailDeliveryDeferred as error:
            logger.info("E-mail of notification %s deferred: %s", notification_id, error)
            outcomes["deferred"] += 1
    return outcomes
