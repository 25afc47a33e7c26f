"""What every page app needs to answer htmx: whether to render a partial, and the status codes of
a refused form."""

from __future__ import annotations

from django.http import HttpRequest

# A form that was understood but refused: htmx swaps it in (static/js/app.js), browsers show it.
UNPROCESSABLE = 422


def wants_partial(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page (a history restore needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request
