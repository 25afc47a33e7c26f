"""Text written for someone other than the person acting: a notification's title is stored in its
reader's language, not in the language of whoever caused it.

A service passes `for_reader(_("Approved: %(title)s"), title=approval.title)` (with `_` being
gettext_lazy, so makemessages finds the msgid); whoever writes the text for a reader renders it
with `render_text` inside that reader's language (`users.locale.user_locale`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class ReaderText:
    message: object  # a lazy translation (or a plain string)
    params: dict = field(default_factory=dict)

    def render(self) -> str:
        text = str(self.message)
        if not self.params:
            return text
        return text % {name: render_text(value) for name, value in self.params.items()}

    def __str__(self) -> str:
        return self.render()


def for_reader(message, **params) -> ReaderText:
    return ReaderText(message, params)


def needs_reader(value) -> bool:
    """Whether the text depends on the language it is rendered in."""
    return isinstance(value, ReaderText | Promise)


def render_text(value):
    """The text in the active language (plain values are returned as they are)."""
    if isinstance(value, ReaderText):
        return value.render()
    if isinstance(value, Promise):
        return str(value)
    return value
