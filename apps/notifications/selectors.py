"""Every read of notifications that a page needs. A user only ever sees their own."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from apps.core.access import get_for_tenant_or_404
from apps.notifications.filters import NotificationFilter
from apps.notifications.models import Notification

# The bell shows "99+" beyond this: counting further would cost a scan for no information.
BELL_COUNT_CAP = 99
DROPDOWN_SIZE = 8


def notifications_of(user) -> QuerySet[Notification]:
    """The user's notifications that have not expired (the purge deletes those later)."""
    return Notification.objects.filter(
        organization_id=user.organization_id, user_id=user.pk
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


def notification_get_for_user(user, pk) -> Notification:
    """Access function: 404 for anything but one of the user's own notifications."""
    return get_for_tenant_or_404(notifications_of(user), user, pk)


@dataclass(frozen=True)
class BellState:
    unread: int  # capped at BELL_COUNT_CAP + 1
    etag: str

    @property
    def label(self) -> str:
        return f"{BELL_COUNT_CAP}+" if self.unread > BELL_COUNT_CAP else str(self.unread)


def notification_bell_state(user) -> BellState:
    """The unread count and an ETag that changes whenever the badge would: one query, an index
    range on (organization_id, user_id, is_read, created_at) that stops after the cap."""
    newest_unread = list(
        notifications_of(user)
        .filter(is_read=False)
        .order_by("-created_at")
        .values_list("pk", flat=True)[: BELL_COUNT_CAP + 1]
    )
    fingerprint = ":".join(
        [
            str(user.pk),
            str(len(newest_unread)),
            str(newest_unread[0]) if newest_unread else "-",
            translation.get_language() or "",
            str(settings.NOTIFICATION_POLL_SECONDS),
        ]
    )
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return BellState(unread=len(newest_unread), etag=f'"bell-{digest}"')


def notifications_latest(user, *, limit: int = DROPDOWN_SIZE) -> list[Notification]:
    """The dropdown under the bell: the newest few, read or not."""
    return list(notifications_of(user).order_by("-created_at")[:limit])


def notification_search(user, *, params) -> NotificationFilter:
    """The list page's filters applied to the user's notifications, newest first."""
    return NotificationFilter(params, queryset=notifications_of(user).order_by("-created_at"))
