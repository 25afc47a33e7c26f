"""The dashboard: the landing page after sign-in, and the panels it loads with HTMX.

The page itself reads nothing; each panel is a partial fetched on load (`hx-trigger="load"`), so
a slow panel never holds up the others. Figures come from the materialized views through the
tenant views; "my work" is live. Without JavaScript each panel's link opens it as a page of its own.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from apps.approvals.models import ApprovalType
from apps.core.htmx import wants_partial
from apps.core.live import follows_tenant
from apps.dashboard import selectors
from apps.dashboard.charts import chart_data
from apps.dashboard.tasks import RefreshRequest, dashboard_refresh_request
from apps.organizations.models import Organization
from apps.users.permissions import has_permission, require_permission

REFRESHED_EVENT = "dashboard-refreshed"
REFRESHED_MESSAGE = _("Dashboard data refreshed just now.")
QUEUED_MESSAGE = _("Refresh queued: the numbers update within a minute.")
MALFORMED_POLL_MESSAGE = _(
    "Could not tell whether the queued refresh has run: the page sent no valid time to compare "
    "with. Reload the page to see the current data."
)
NOT_RUN_MESSAGE = _(
    "The queued refresh has not run (is a Celery worker running?). The data updates at the next "
    "scheduled refresh."
)


def render_panel(request: HttpRequest, panel: str, context: dict) -> HttpResponse:
    partial = f"dashboard/page.html#{panel}"
    if wants_partial(request):
        response = render(request, partial, context)
    else:
        response = render(request, "dashboard/panel_page.html", {**context, "panel": partial})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dashboard/page.html",
        {"can_view": has_permission(request.user, "dashboard.view")},
    )


class MalformedTime(ValueError):
    """A time parameter that is there but is not an ISO 8601 time with its offset."""


def _datetime_param(request: HttpRequest, name: str) -> datetime.datetime | None:
    """An ISO 8601 time with its offset, or None when the parameter is absent or empty.
    Anything else (a naive time included: it cannot be compared) is MalformedTime."""
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        value = datetime.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise MalformedTime(name) from exc
    if value.tzinfo is None:
        raise MalformedTime(name)
    return value


def _optional_datetime_param(request: HttpRequest, name: str) -> datetime.datetime | None:
    try:
        return _datetime_param(request, name)
    except MalformedTime:
        return None


@require_GET
@require_permission("dashboard.view")
def freshness_panel(request: HttpRequest) -> HttpResponse:
    """When the data was computed, and the refresh button.

    After a queued "refresh now" the page polls this with `queued_at` (app clock) and `after`
    (the data's time then, database clock) until newer data is there (then every panel
    reloads), or gives up once the queued task has expired."""
    context = freshness_context(request)
    # Without a usable `queued_at` nothing is being waited for: the plain panel.
    queued_at = _optional_datetime_param(request, "queued_at")
    if queued_at is None:
        return render_panel(request, "freshness", context)
    # `after` is empty when there was no data before the refresh; anything else that is not a
    # time cannot tell old data from new, so the poll stops and says so (never "refreshed").
    try:
        after = _datetime_param(request, "after")
    except MalformedTime:
        context.update(refresh_message=MALFORMED_POLL_MESSAGE, refresh_level="warning")
        return render_panel(request, "freshness", context)
    as_of = context["as_of"]
    refreshed = as_of is not None and (after is None or as_of > after)
    if refreshed:
        context.update(refresh_message=REFRESHED_MESSAGE, refresh_level="success")
    elif timezone.now() - queued_at > datetime.timedelta(
        seconds=settings.DASHBOARD_REFRESH_SECONDS
    ):
        context.update(refresh_message=NOT_RUN_MESSAGE, refresh_level="warning")
    else:
        context.update(waiting={"queued_at": queued_at.isoformat(),
                                "after": after.isoformat() if after else ""})  # fmt: skip
    response = render_panel(request, "freshness", context)
    if refreshed:
        response["HX-Trigger"] = REFRESHED_EVENT
    return response


def freshness_context(request: HttpRequest, **extra) -> dict:
    """The data's age for everyone; for managers (who may refresh) also the scheduled jobs'
    last runs, this tenant's part of those that run per tenant."""
    freshness = selectors.dashboard_freshness()
    as_of = freshness.data_as_of
    can_refresh = has_permission(request.user, "dashboard.refresh")
    job_rows = (
        selectors.dashboard_job_rows(organization_id=request.user.organization_id)
        if can_refresh
        else None
    )
    return {
        "freshness": freshness,
        "as_of": as_of,
        "can_refresh": can_refresh,
        "show_jobs": can_refresh,
        "job_rows": job_rows,
        "jobs_need_attention": sum(1 for row in job_rows or [] if row.problem),
        **extra,
    }


@require_GET
@require_permission("dashboard.view")
def kpis_panel(request: HttpRequest) -> HttpResponse:
    currency = (
        Organization.objects.filter(pk=request.user.organization_id)
        .values_list("default_currency", flat=True)
        .first()
    )
    figures = selectors.dashboard_kpis_from_views()
    context = {
        "kpis": figures.kpis,
        "projects_by_status": figures.projects_by_status,
        "currency": currency or "",
    }
    return render_panel(request, "kpis", context)


@require_GET
@require_permission("dashboard.view")
def charts_panel(request: HttpRequest) -> HttpResponse:
    figures = selectors.dashboard_charts_from_views()
    context = {
        "figures": figures,
        "chart_data": chart_data(
            by_stage=figures.projects_by_stage,
            by_priority=figures.projects_by_priority,
            hours=figures.stage_hours,
            workload=figures.workload,
        ),
    }
    return render_panel(request, "charts", context)


@require_GET
@require_permission("dashboard.view")
def efficiency_panel(request: HttpRequest) -> HttpResponse:
    tables = selectors.dashboard_efficiency_from_views()
    labels = dict(ApprovalType.choices)
    approval_rows = [
        (row, labels.get(row.approval_type, row.approval_type)) for row in tables.approval_types
    ]
    return render_panel(request, "efficiency", {"tables": tables, "approval_rows": approval_rows})


@require_GET
@require_permission("dashboard.view")
@follows_tenant(target="#dashboard-my-work", follow_location=False)
def my_work_panel(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    context = {"work": selectors.my_work(request.user, now), "now": now}
    return render_panel(request, "my-work", context)


def refresh_message(refresh: RefreshRequest) -> tuple[int, str]:
    if refresh.queued:
        return messages.INFO, QUEUED_MESSAGE
    if refresh.outcome is None:
        return messages.ERROR, gettext(
            "The dashboard data could not be refreshed. The next scheduled refresh will try "
            "again. (%(error)s)"
        ) % {"error": refresh.error}
    if not refresh.outcome.refreshed:
        return messages.INFO, gettext(refresh.outcome.message)
    return messages.SUCCESS, REFRESHED_MESSAGE


@require_POST
@require_permission("dashboard.refresh")
def refresh_view(request: HttpRequest) -> HttpResponse:
    """Management's "refresh now": queue the refresh, or run it inline if the broker is down."""
    refresh = dashboard_refresh_request()
    level, message = refresh_message(refresh)
    if not wants_partial(request):
        messages.add_message(request, level, message)
        return redirect("home")
    context = freshness_context(
        request, refresh_message=message, refresh_level=messages.DEFAULT_TAGS[level]
    )
    if refresh.queued:
        as_of = context["as_of"]
        context["waiting"] = {
            "queued_at": timezone.now().isoformat(),
            "after": as_of.isoformat() if as_of else "",
        }
    response = render(request, "dashboard/page.html#freshness", context)
    if refresh.outcome is not None and refresh.outcome.refreshed:
        response["HX-Trigger"] = REFRESHED_EVENT
    return response
