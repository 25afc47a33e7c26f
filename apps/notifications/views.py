"""Notification pages: the bell (count, polled), its dropdown, the list, marking read.

Writes answer HTMX with the re-rendered part and an `HX-Trigger: notifications-changed` event, on
which the bell asks for its count at once instead of at the next poll.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from apps.core.htmx import filter_status, render_page_or_partial
from apps.core.pagination import page_number
from apps.core.row_urls import RowUrl
from apps.notifications import selectors, services
from apps.users.permissions import has_permission, require_permission

PAGE_SIZE = 25
CHANGED_EVENT = "notifications-changed"
# htmx stops polling an element whose request is answered with this status.
STOP_POLLING = 286


@require_GET
def notification_bell_view(request: HttpRequest) -> HttpResponse:
    """The unread count, polled by every page. Answers 304 when the browser's copy is current:
    one query (the bell state) on top of the session and the tenant transaction."""
    if not has_permission(request.user, "notifications.view"):
        # Signed out in another tab, or a role without notifications: stop asking.
        return HttpResponse(status=STOP_POLLING)
    state = selectors.notification_bell_state(request.user)
    response = get_conditional_response(request, etag=state.etag)
    if response is None:
        response = render(
            request,
            "notifications/bell.html",
            {"bell": state, "poll_seconds": settings.NOTIFICATION_POLL_SECONDS},
        )
    response["ETag"] = state.etag
    # Stored by the browser but revalidated every time: the poll becomes a cheap 304.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie", "HX-Request"])
    return response


@require_GET
@require_permission("notifications.view")
def notification_dropdown_view(request: HttpRequest) -> HttpResponse:
    """The newest few, loaded when the dropdown opens."""
    return render(
        request,
        "notifications/dropdown.html",
        {"notifications": selectors.notifications_latest(request.user)},
    )


def _with_links(notifications):
    """Each notification's "open" and "mark read" addresses, without a reverse() per row."""
    open_url, read_url = RowUrl("notifications:open"), RowUrl("notifications:read")
    for notification in notifications:
        notification.open_url = open_url(notification.pk)
        notification.read_url = read_url(notification.pk)
    return notifications


def _list_context(request: HttpRequest) -> dict:
    filterset = selectors.notification_search(request.user, params=request.GET)
    page = Paginator(filterset.results, PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    page.object_list = _with_links(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return {"filter": filterset, "page": page, "query": query.urlencode()}


@require_GET
@require_permission("notifications.view")
def notification_list_view(request: HttpRequest) -> HttpResponse:
    context = _list_context(request)
    status = filter_status(context["filter"])
    return render_page_or_partial(
        request, "notifications/list.html", "notification-list", context, status=status
    )


@require_POST
@require_permission("notifications.view")
def notification_mark_read_view(request: HttpRequest, pk) -> HttpResponse:
    notification = selectors.notification_get_for_user(request.user, pk)
    services.notification_mark_read(notification=notification)
    if request.htmx:
        return trigger_client_event(
            render(
                request,
                "notifications/list.html#notification-item",
                {"notification": _with_links([notification])[0]},
            ),
            CHANGED_EVENT,
        )
    return redirect("notifications:list")


@require_POST
@require_permission("notifications.view")
def notification_mark_all_read_view(request: HttpRequest) -> HttpResponse:
    """Marks all read; answers with the list as filtered by the query string it was posted to."""
    services.notifications_mark_all_read(user=request.user)
    if request.htmx:
        return trigger_client_event(
            render(request, "notifications/list.html#notification-list", _list_context(request)),
            CHANGED_EVENT,
        )
    query = request.GET.urlencode()
    return redirect(reverse("notifications:list") + (f"?{query}" if query else ""))


@require_POST
@require_permission("notifications.view")
def notification_open_view(request: HttpRequest, pk) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = selectors.notification_get_for_user(request.user, pk)
    services.notification_mark_read(notification=notification)
    target = notification.action_url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("notifications:list")
    return redirect(target)
