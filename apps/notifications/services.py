"""Creating notifications and changing their read state.

Rows are written in the same transaction as the change they announce, so nothing is lost when the
broker is down; e-mail for high and urgent ones is queued after commit and, if the broker cannot
take it, sent later by the sweep (see `apps.notifications.mailing`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.core.i18n import needs_reader, render_text
from apps.core.tasks import enqueue_after_commit
from apps.notifications.email_tasks import notification_email_deliver
from apps.notifications.models import (
    EMAILED_PRIORITIES,
    Notification,
    NotificationPriority,
    NotificationType,
)
from apps.users.locale import user_locale
from apps.users.models import User

TITLE_MAX = 255
MESSAGE_MAX = 2000


def default_expiry(now: datetime.datetime | None = None) -> datetime.datetime:
    """Notifications are not kept forever: the purge removes them after this (settings)."""
    return (now or timezone.now()) + datetime.timedelta(days=settings.NOTIFICATION_TTL_DAYS)


def _choice[C: models.TextChoices](choices: type[C], value, field: str) -> C:
    """`value` as one of `choices`, or a ValueError naming the mistake. Checked when a service
    asks for a notification, so a typo fails there and then with this message, not later as a
    CHECK constraint violation that also rolls back the change being announced."""
    try:
        return choices(value)
    except ValueError:
        known = ", ".join(choices.values)
        raise ValueError(f"Unknown notification {field} {value!r} (one of: {known}).") from None


@dataclass(frozen=True)
class NewNotification:
    """One row to create; `dedupe_key` makes a second row for the same user and key a no-op.
    `type` and `priority` take the choices or their values."""

    user_id: object
    type: NotificationType | str
    # Plain text, or text for its reader (`core.i18n.for_reader`, a lazy translation): that is
    # written in the recipient's language and timezone, whoever's request created it.
    title: object
    message: object = ""
    action_url: str = ""
    priority: NotificationPriority | str = NotificationPriority.NORMAL
    dedupe_key: str | None = None
    expires_at: datetime.datetime | None = None
    # The recipient, when the caller has it loaded: their language is read from it, not queried.
    reader: User | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", _choice(NotificationType, self.type, "type"))
        object.__setattr__(
            self, "priority", _choice(NotificationPriority, self.priority, "priority")
        )


def notifications_create(*, organization_id, rows: list[NewNotification]) -> list[Notification]:
    """Insert the rows (those whose dedupe key the user already has are skipped) and queue the
    e-mail of the high and urgent ones after commit. Returns the rows actually created."""
    if not rows:
        return []
    keyed = [row for row in rows if row.dedupe_key]
    taken: set[tuple[str, str]] = set()
    if keyed:
        taken = {
            (str(user_id), key)
            for user_id, key in Notification.objects.filter(
                organization_id=organization_id,
                user_id__in={row.user_id for row in keyed},
                dedupe_key__in={row.dedupe_key for row in keyed},
            ).values_list("user_id", "dedupe_key")
        }
    fresh = [
        row for row in rows if not row.dedupe_key or (str(row.user_id), row.dedupe_key) not in taken
    ]
    readers = _readers(fresh)
    objects = []
    for row in fresh:
        title, message = _texts_for(row, readers.get(row.user_id))
        objects.append(
            Notification(
                organization_id=organization_id,
                user_id=row.user_id,
                type=row.type,
                title=title[:TITLE_MAX],
                message=message[:MESSAGE_MAX],
                action_url=row.action_url,
                priority=row.priority,
                dedupe_key=row.dedupe_key,
                expires_at=row.expires_at or default_expiry(),
            )
        )
    # ON CONFLICT DO NOTHING covers a concurrent run that inserted the same key meanwhile; such a
    # row's e-mail task finds no notification with its id and does nothing.
    Notification.objects.bulk_create(objects, ignore_conflicts=bool(keyed))
    _queue_emails(organization_id, [n.pk for n in objects if n.priority in EMAILED_PRIORITIES])
    return objects


def _readers(rows: list[NewNotification]) -> dict:
    """The recipients whose language a row's text depends on: those the caller passed, and the
    others in one query (none when every text is plain or every reader was passed)."""
    wanted = [row for row in rows if needs_reader(row.title) or needs_reader(row.message)]
    # A reader loaded without its preferences (`.only("id", ...)`) would cost a query each.
    readers = {
        row.user_id: row.reader
        for row in wanted
        if row.reader is not None and "preferences" not in row.reader.get_deferred_fields()
    }
    missing = {row.user_id for row in wanted} - set(readers)
    if missing:
        queryset = User.objects.filter(pk__in=missing).only("pk", "preferences")
        readers.update({user.pk: user for user in queryset})
    return readers


def _texts_for(row: NewNotification, reader) -> tuple[str, str]:
    """Title and message in the reader's language and timezone (stored so: the bell, the list
    and the e-mail all show what was written for that reader)."""
    if reader is None:
        return str(render_text(row.title)), str(render_text(row.message))
    with user_locale(reader):
        return str(render_text(row.title)), str(render_text(row.message))


def _queue_emails(organization_id, notification_ids: list) -> None:
    if not notification_ids:
        return
    for notification_id in notification_ids:
        enqueue_after_commit(
            notification_email_deliver,
            notification_id=str(notification_id),
            organization_id=str(organization_id),
        )


def notification_notify(
    *,
    organization_id,
    recipients: Iterable[User | None],
    type: NotificationType | str,
    title: object,
    message: object = "",
    action_url: str = "",
    priority: NotificationPriority | str = NotificationPriority.NORMAL,
    exclude=None,
    dedupe_key: str | None = None,
    expires_at: datetime.datetime | None = None,
) -> list[Notification]:
    """One notification per distinct recipient (never the person who acted, `exclude`). An
    unknown `type` or `priority` is a ValueError at once, recipients or not. A lazily translated
    `title` or `message` is written in each recipient's own language."""
    type = _choice(NotificationType, type, "type")
    priority = _choice(NotificationPriority, priority, "priority")
    seen = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        rows.append(
            NewNotification(
                user_id=user.pk,
                type=type,
                title=title,
                message=message,
                action_url=action_url,
                priority=priority,
                dedupe_key=dedupe_key,
                expires_at=expires_at,
                reader=user,
            )
        )
    return notifications_create(organization_id=organization_id, rows=rows)


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark a notification read (already read: nothing changes). Whose it is was settled when it
    was loaded, by `notification_get_for_user`."""
    if not notification.is_read:
        notification.is_read = True
        notification.read_at = timezone.now()
        notification.save(update_fields=["is_read", "read_at", "updated_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read, in one statement."""
    now = timezone.now()
    return Notification.objects.filter(
        organization_id=user.organization_id, user_id=user.pk, is_read=False
    ).update(is_read=True, read_at=now, updated_at=now)


def notifications_mark_read_for_urls(*, user, action_urls: list[str]) -> int:
    """Mark read the user's notifications that point at pages the user has now seen (opening a
    message thread settles its "new message" notices)."""
    now = timezone.now()
    return Notification.objects.filter(
        organization_id=user.organization_id, user_id=user.pk, is_read=False,
        action_url__in=action_urls,
    ).update(is_read=True, read_at=now, updated_at=now)  # fmt: skip


def notifications_purge_expired(*, organization_id, now: datetime.datetime | None = None) -> int:
    """Delete the tenant's notifications whose `expires_at` has passed."""
    deleted, _ = Notification.objects.filter(
        organization_id=organization_id, expires_at__lte=now or timezone.now()
    ).delete()
    return deleted
