"""Live pages: the conditional answers of the change feed (apps/core/changefeed.py).

An open page renders a poll element (`templates/includes/live_poll.html`) holding the ETag of
the version it was rendered at; static/js/live.js asks again every `LIVE_POLL_SECONDS` while the
page is visible, sending that ETag as If-None-Match. Unchanged: 304, with no query once the user
is known (tenant pages) or one (the project page loads its project through the access function).
Changed: 200 with the changed fragment and its new ETag.

The ETag names the user and the language as well as the version: the same version renders
differently for another role or language.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers

from apps.core import changefeed
from apps.core.htmx import wants_partial

# The header live.js sends; a plain browser revalidation of a page never reaches the feed.
POLL_HEADER = "X-Live-Poll"


def live_etag(request: HttpRequest, tag: str) -> str:
    return f'W/"{tag}-{request.user.pk}-{translation.get_language()}"'


def tag_of_etag(etag: str) -> str:
    """The version tag an ETag of `live_etag` was made from ("" when it is not one of ours)."""
    if not (etag.startswith('W/"') and etag.endswith('"')):
        return ""
    return etag[3:-1].split("-", 1)[0]


def is_poll(request: HttpRequest) -> bool:
    return wants_partial(request) and POLL_HEADER in request.headers


def polled_etag(request: HttpRequest) -> str:
    return request.headers.get("If-None-Match", "") if is_poll(request) else ""


def not_modified(etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    return mark_live(response, etag)


def mark_live(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    # Never reused without asking: the conditional request is the poll.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie", "HX-Request"])
    return response


def poll_context(
    url: str, etag: str, *, target: str = "", follow_location: bool = False, warn: bool = False
) -> dict:
    """What `includes/live_poll.html` needs."""
    return {
        "live": {
            "url": url,
            "etag": etag,
            "target": target,
            "seconds": settings.LIVE_POLL_SECONDS,
            "follow_location": follow_location,
            # A form page: a change is told to the person instead of re-rendering anything.
            "warn": warn,
        }
    }


def follows_tenant(*, target: str, follow_location: bool = True) -> Callable:
    """A page that re-renders its `target` element when anything of the tenant changes (board,
    list, approvals queue, my work); its template includes `includes/live_poll.html` with
    `live=request.live`.

    The version is read before the view renders, so a change made meanwhile shows as "behind" at
    the next poll. `follow_location`: the poll asks the address bar's URL (list pages whose filters
    push their query string), not the URL the page was rendered from (a panel loaded into a page).
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            version = changefeed.tenant_version(request.user.organization_id)
            etag = live_etag(request, version.tag)
            if polled_etag(request) == etag:
                return not_modified(etag)
            request.live = poll_context(
                request.get_full_path(), etag, target=target, follow_location=follow_location
            )["live"]
            response = view(request, *args, **kwargs)
            if wants_partial(request) and response.status_code == 200:
                mark_live(response, etag)
            return response

        return wrapper

    return decorate
