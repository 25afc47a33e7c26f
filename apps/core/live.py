"""Live pages: the conditional answers of the change feed (apps/core/changefeed.py).

An open page renders a poll element (`templates/includes/live_poll.html`) holding the ETag of
the version it was rendered at; static/js/live.js asks again every `LIVE_POLL_SECONDS` while the
page is visible, sending that ETag as If-None-Match. Unchanged: 304, with no query once the user
is known (tenant pages) or one (the project page loads its project through the access function).
Changed: 200 with the changed fragment and its new ETag.

The ETag names the user as well as the version: the same version renders differently for
another role.

Most polls find nothing changed, so `LivePollMiddleware` answers those before the tenant's
transaction is opened (no BEGIN, role switch, COMMIT; the view, its permission check and its
access function are not run): the version comes from Redis alone, and a project page is answered
there only for a project this worker already loaded for this tenant through the access function.
Anything else (a changed version, Redis down, an unknown project) goes the whole way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from apps.core import changefeed
from apps.core.htmx import wants_partial

# The header live.js sends; a plain browser revalidation of a page never reaches the feed.
POLL_HEADER = "X-Live-Poll"
SCOPE_TENANT = "tenant"
SCOPE_PROJECT = "project"
# (organization id, project id) pairs this worker's access function granted: a project never
# changes tenant, so a poll of one of them may be answered before the transaction.
_granted_projects: set[tuple[str, str]] = set()
_GRANTED_MAX = 50_000


def live_etag(request: HttpRequest, tag: str) -> str:
    # Not the language: the user's own is applied after the early answer (a user who switches
    # language reloads the page, which renders a fresh ETag anyway).
    return f'W/"{tag}-{request.user.pk}"'


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
            version = changefeed.tenant_version(
                request.user.organization_id, check=is_poll(request)
            )
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

        wrapper.live_scope = SCOPE_TENANT
        return wrapper

    return decorate


def follows_project(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks the poll view of a project (URL argument `pk`) for the early answer."""
    view.live_scope = SCOPE_PROJECT
    return view


def project_access_granted(organization_id, project_id) -> None:
    """Called by the project poll after its access function loaded the project."""
    if len(_granted_projects) >= _GRANTED_MAX:
        _granted_projects.clear()
    _granted_projects.add((str(organization_id), str(project_id)))


class LivePollMiddleware:
    """Answers an unchanged poll with 304 before the tenant's transaction (see the module's
    docstring). Sits right before TenantMiddleware: the user is known, no transaction is open."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        etag = request.headers.get("If-None-Match")
        headers = request.headers
        if etag and request.method == "GET" and POLL_HEADER in headers and "HX-Request" in headers:
            early = _early_not_modified(request, etag)
            if early is not None:
                return early
        return self.get_response(request)


def _early_not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    scope = getattr(match.func, "live_scope", None)
    user = request.user
    if (
        scope is None
        or not user.is_authenticated
        or getattr(user, "customer_organization_id", None)
    ):
        return None
    if scope == SCOPE_TENANT:
        version = changefeed.tenant_version(user.organization_id, redis_only=True)
    else:
        project_id = str(match.kwargs.get("pk"))
        if (str(user.organization_id), project_id) not in _granted_projects:
            return None
        version = changefeed.project_version(user.organization_id, project_id, redis_only=True)
    if version is None or live_etag(request, version.tag) != etag:
        return None
    return not_modified(etag)
