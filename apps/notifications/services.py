"""Creating notifications. Rows are written in the same transaction as the change they announce,
so nothing is lost when the broker is down; delivery (e-mail, the bell) reads them later."""

from __future__ import annotations

from collections.abc import Iterable

from apps.notifications.models import Notification
from apps.users.models import User, UserStatus


def users_with_roles(*, organization_id, roles: Iterable[str]) -> list[User]:
    return list(
        User.objects.filter(
            organization_id=organization_id, role__in=list(roles), status=UserStatus.ACTIVE
        ).only("id", "organization_id")
    )


def notification_notify(
    *,
    organization_id,
    recipients: Iterable[User | None],
    type: str,
    title: str,
    message: str = "",
    action_url: str = "",
    priority: str = "normal",
    exclude=None,
) -> list[Notification]:
    """One notification per distinct recipient (never the person who acted, `exclude`)."""
    seen = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                organization_id=organization_id,
                user_id=user.pk,
                type=type,
                title=title[:255],
                message=message,
                action_url=action_url,
                priority=priority,
            )
        )
    return Notification.objects.bulk_create(rows)
