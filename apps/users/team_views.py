"""The team page: the tenant's users; whoever holds `team.manage` changes roles and statuses inline.

With htmx, a role/status change answers with that one table row (`users/team.html#team-row`), with
the reason and status 422 when it is refused. Without JavaScript the row's form posts to the same
URL and the whole page comes back.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from apps.core.htmx import UNPROCESSABLE, filter_status, render_page_or_partial, wants_partial
from apps.core.pagination import page_number
from apps.users import selectors, services
from apps.users.forms import TeamMemberAccessForm
from apps.users.models import User, UserStatus
from apps.users.permissions import has_permission, require_permission
from apps.users.roles import STAFF_ROLE_CHOICES

PER_PAGE = 50


def _row_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "can_manage": has_permission(request.user, "team.manage"),
        "role_choices": STAFF_ROLE_CHOICES,
        "status_choices": UserStatus.choices,
    }


def _team_page(request: HttpRequest, params, **extra: Any) -> dict[str, Any]:
    filterset = selectors.team_search(request.user, params=params)
    page = Paginator(filterset.results, PER_PAGE).get_page(page_number(params.get("page")))
    return {"filter": filterset, "page": page, **_row_context(request), **extra}


@require_GET
@require_permission("team.view")
def team_list_view(request: HttpRequest) -> HttpResponse:
    context = _team_page(request, request.GET)
    status = filter_status(context["filter"])
    return render_page_or_partial(request, "users/team.html", "team-table", context, status=status)


def _row(request: HttpRequest, member: User, *, notice: str = "", error: str = "") -> HttpResponse:
    context = {
        "member": member,
        "row_member_id": member.pk,
        "row_notice": notice,
        "row_error": error,
        **_row_context(request),
    }
    status = UNPROCESSABLE if error else 200
    return render(request, "users/team.html#team-row", context, status=status)


@require_POST
@require_permission("team.manage")
def team_member_access_view(request: HttpRequest, pk) -> HttpResponse:
    member = selectors.team_member_get_for_user(request.user, pk)
    form = TeamMemberAccessForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            member = services.team_member_update_role_status(
                user=request.user, member=member, **form.cleaned_data
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
    else:
        error = " ".join(
            f"{form.fields[name].label or name.title()}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        )
    if not error:
        notice = gettext("%(member)s is now %(role)s, %(status)s.") % {
            "member": member,
            "role": member.get_role_display(),
            "status": member.get_status_display(),
        }
        if wants_partial(request):
            return _row(request, member, notice=notice)
        messages.success(request, notice)
        return redirect("team:list")
    if wants_partial(request):
        return _row(request, member, error=error)
    context = _team_page(request, request.GET, row_member_id=member.pk, row_error=error)
    return render(request, "users/team.html", context, status=UNPROCESSABLE)
