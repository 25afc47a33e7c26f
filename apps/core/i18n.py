"""Text written for someone other than the person acting: a notification's title is stored in its
reader's language, not in the language of whoever caused it.

A service passes `for_reader(_("Approved: %(title)s"), title=approval.title)` (with `_` being
gettext_lazy, so makemessages finds the msgid). The result is a lazy string: it is worded in
whatever language is active when it is turned into text, so whoever writes it for a reader does
so inside that reader's language (`users.locale.user_locale`). Being a lazy string, it also works
where Django expects one (form error messages, `%` formatting).
"""

from __future__ import annotations

from django.utils.functional import Promise, lazy


def _interpolate(message, params: dict) -> str:
    text = str(message)
    if not params:
        return text
    # Lazy parameters (choices labels, other for_reader texts) are worded at the same moment;
    # plain values keep their type so %(count)d still works.
    return text % {
        name: str(value) if isinstance(value, Promise) else value for name, value in params.items()
    }


_interpolate_lazy = lazy(_interpolate, str)


def for_reader(message, **params) -> Promise:
    return _interpolate_lazy(message, params)


def needs_reader(value) -> bool:
    """Whether the text depends on the language it is rendered in."""
    return isinstance(value, Promise)


def render_text(value):
    """The text in the active language (plain values are returned as they are)."""
    if isinstance(value, Promise):
        return str(value)
    return value
