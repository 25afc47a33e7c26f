"""What a user's `preferences` may hold, and the choices the settings page offers for it.

The kinds of notification live in `notifications`, above this app: that app registers them here
when it is ready (the registry pattern of the layers), and the settings page asks here.
"""

from __future__ import annotations

import functools
import zoneinfo

from django.utils.translation import gettext_lazy as _

THEMES = (("light", _("Light")), ("dark", _("Dark")))
DEFAULT_THEME = "light"

_notification_kinds: list[tuple[str, object]] = []


def register_notification_kinds(choices) -> None:
    """Called by the notifications app: the kinds one can choose to get by e-mail."""
    _notification_kinds[:] = list(choices)


def notification_kinds() -> list[tuple[str, object]]:
    return list(_notification_kinds)


@functools.cache
def known_timezones() -> frozenset[str]:
    """The IANA timezone names this machine's database holds (zoneinfo, or the tzdata wheel)."""
    return frozenset(zoneinfo.available_timezones())


def is_timezone(name) -> bool:
    return isinstance(name, str) and name in known_timezones()


def emailed_kinds(preferences) -> set[str]:
    """The kinds of notification the user gets by e-mail (all of them unless they muted some, or
    switched e-mail off altogether)."""
    preferences = preferences or {}
    kinds = {kind for kind, _label in _notification_kinds}
    if preferences.get("email_notifications", True) is False:
        return set()
    return kinds - set(preferences.get("email_muted_kinds") or [])


def theme(user) -> str:
    chosen = (getattr(user, "preferences", None) or {}).get("theme")
    return chosen if chosen in dict(THEMES) else DEFAULT_THEME
