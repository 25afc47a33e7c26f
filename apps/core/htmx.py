"""What every page app needs to answer htmx: whether to render a partial, the page-or-partial
response itself (every list page answers through it), and the status codes of a refused form or
filter."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

# A form that was understood but refused: htmx swaps it in (static/js/app.js), browsers show it.
UNPROCESSABLE = 422


def wants_partial(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page (a history restore needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def filter_status(filterset) -> int:
    """The status of a list page: 422 when a filter value was refused (the page still shows the
    rows of the valid filters and names the refused ones), else 200."""
    return 200 if filterset.is_valid() else UNPROCESSABLE


def render_page_or_partial(
    request: HttpRequest, template: str, partial: str, context: dict, status: int = 200
) -> HttpResponse:
    """The whole page, or only its `{% partialdef partial %}` when htmx swaps part of it. The
    response varies on HX-Request, so no cache hands the fragment to a full page load."""
    name = f"{template}#{partial}" if wants_partial(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
