"""Text translated when it is read, not when it is written: a notification is worded while the
person who acted is the active language, but it is read (and stored) in its recipient's."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise, lazy


def _interpolate(template: Any, params: dict[str, Any]) -> str:
    return str(template) % {name: str(value) for name, value in params.items()}


_interpolate_lazy = lazy(_interpolate, str)


def interpolate_lazy(template: Promise | str, **params: Any) -> Promise:
    """`template % params`, worked out in whatever language is active when the result is turned
    into a string. `template` is a `gettext_lazy` msgid with named placeholders; params may be
    lazy too (choices labels), and are translated at the same moment.

        title = interpolate_lazy(_("Approved: %(title)s"), title=approval.title)
    """
    return _interpolate_lazy(template, params)
