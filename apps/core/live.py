"""Live pages: the conditional answers of the change feed (apps/core/changefeed.py).

An open page renders a poll element (`templates/includes/live_poll.html`) holding the ETag of
the version it was rendered at; static/js/live.js asks again every `LIVE_POLL_SECONDS` while the
page is visible, sending that ETag as If-None-Match. Changed: 200 with the changed fragment and
its new ETag. The ETag names the user as well as the version: the same version renders
differently for another role.

Most polls find nothing changed, so `LivePollMiddleware`, second in MIDDLEWARE, answers those
with a 304 from Redis alone: no session or user row, no transaction, no view. What lets it is the
page's *pass*, issued by the view that rendered the page after its permission check and access
function: the user and the tenant, signed together with the poll's path (which names the
project of a project page), the session cookie and the time. A pass is good for
`LIVE_PASS_SECONDS`, only with the session it was issued to (signing out deletes the cookie) and
only for its path; answers that go the whole way renew it (the `X-Live-Pass` response header).
Anything else (no or an old pass, a changed version, Redis down, the tenant's minute check for
lost bumps) goes the whole way.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.crypto import constant_time_compare, salted_hmac

from apps.core import changefeed
from apps.core.htmx import wants_partial

# The headers live.js sends; a plain browser revalidation of a page never reaches the feed.
POLL_HEADER = "X-Live-Poll"
PASS_HEADER = "X-Live-Pass"  # noqa: S105 (a header's name)
SCOPE_TENANT = "tenant"
SCOPE_PROJECT = "project"
_PASS_SALT = "apps.core.live.pass"  # noqa: S105 (salt_hmac's namespace; the key is SECRET_KEY)
# Web workers of one installation may disagree on the time by a little.
PASS_CLOCK_SLACK_SECONDS = 30


def live_etag(request: HttpRequest, tag: str) -> str:
    return _etag(tag, request.user.pk)


def _etag(tag: str, user_pk) -> str:
    # Not the language: the user's own is applied after the early answer (a user who switches
    # language reloads the page, which renders a fresh ETag anyway).
    return f'W/"{tag}-{user_pk}"'


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


def issue_pass(request: HttpRequest, poll_path: str) -> str:
    """The pass of a page whose poll asks `poll_path` (see the module's docstring): called only
    after the page's permission check and access function. "" when there is nothing to bind it
    to (no session; a customer's account, whose pages do not follow the feed)."""
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    user = request.user
    customer = getattr(user, "customer_organization_id", None)
    if not session_key or not user.is_authenticated or customer:
        return ""
    fields = f"{user.pk}.{user.organization_id}.{int(time.time())}"
    return f"{fields}.{_pass_signature(fields, poll_path, session_key)}"


def renew_pass(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A poll answered the whole way hands back a fresh pass for the next ones."""
    renewed = issue_pass(request, request.path)
    if renewed:
        response[PASS_HEADER] = renewed
    return response


def _pass_signature(fields: str, poll_path: str, session_key: str) -> str:
    value = f"{fields}|{poll_path}|{session_key}"
    return salted_hmac(_PASS_SALT, value, algorithm="sha256").hexdigest()[:32]


def _pass_holder(request: HttpRequest) -> tuple[str, str] | None:
    """(user id, tenant id) of a valid pass for this path and session, else None."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    parts = request.headers.get(PASS_HEADER, "").split(".")
    if not session_key or len(parts) != 4:
        return None
    user_pk, organization_id, issued, signature = parts
    expected = _pass_signature(".".join(parts[:3]), request.path, session_key)
    if not constant_time_compare(signature, expected):
        return None
    try:
        age = time.time() - int(issued)
    except ValueError:
        return None
    if not -PASS_CLOCK_SLACK_SECONDS <= age <= settings.LIVE_PASS_SECONDS:
        return None
    return user_pk, organization_id


def poll_context(
    request: HttpRequest,
    url: str,
    etag: str,
    *,
    target: str = "",
    follow_location: bool = False,
    warn: bool = False,
) -> dict:
    """What `includes/live_poll.html` needs."""
    return {
        "live": {
            "url": url,
            "etag": etag,
            "pass": issue_pass(request, urlsplit(url).path),
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
                return renew_pass(request, not_modified(etag))
            request.live = poll_context(
                request,
                request.get_full_path(),
                etag,
                target=target,
                follow_location=follow_location,
            )["live"]
            response = view(request, *args, **kwargs)
            if wants_partial(request) and response.status_code == 200:
                mark_live(response, etag)
                if is_poll(request):
                    renew_pass(request, response)
            return response

        wrapper.live_scope = SCOPE_TENANT
        return wrapper

    return decorate


def follows_project(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks the poll view of a project (URL argument `pk`) for the early answer."""
    view.live_scope = SCOPE_PROJECT
    return view


class LivePollMiddleware:
    """Answers an unchanged poll that holds a valid pass with 304 from Redis alone (see the
    module's docstring). Right after RequestMetricsMiddleware: polls are still counted, and
    nothing else (session, user, transaction) is needed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        headers = request.headers
        if (
            request.method == "GET"
            and PASS_HEADER in headers
            and POLL_HEADER in headers
            and "HX-Request" in headers
            and "If-None-Match" in headers
        ):
            early = _early_not_modified(request)
            if early is not None:
                return early
        return self.get_response(request)


def _early_not_modified(request: HttpRequest) -> HttpResponse | None:
    holder = _pass_holder(request)
    if holder is None:
        return None
    user_pk, organization_id = holder
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    scope = getattr(match.func, "live_scope", None)
    if scope == SCOPE_TENANT:
        version = changefeed.tenant_version(organization_id, redis_only=True)
    elif scope == SCOPE_PROJECT:
        version = changefeed.project_version(organization_id, match.kwargs["pk"], redis_only=True)
    else:
        return None
    etag = request.headers["If-None-Match"]
    if version is None or _etag(version.tag, user_pk) != etag:
        return None
    request.resolver_match = match  # the label of the request's metrics
    return not_modified(etag)
