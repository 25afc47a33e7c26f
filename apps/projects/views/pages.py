"""Project pages: list, board, intake, detail, edit, cancel.

Views are thin: permission, access function, form, service, render. A ValidationError from a
service becomes a form error and the page is rendered again with status 422.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.formatting import local_date
from apps.core.htmx import UNPROCESSABLE, filter_status, render_page_or_partial, wants_partial
from apps.core.live import follows_tenant
from apps.core.widgets import render_options
from apps.projects import selectors, services
from apps.projects.filters import ProjectFilter
from apps.projects.forms import IntakeForm, ProjectEditForm, ReasonForm
from apps.projects.models import PriorityLevel
from apps.projects.tables import project_table
from apps.projects.views.live import project_poll
from apps.projects.views.project_main import project_main_context
from apps.users.permissions import has_permission, require_permission
from apps.users.selectors import active_colleagues


@require_GET
@require_permission("projects.view")
@follows_tenant(target="#project-table")
def project_list_view(request: HttpRequest) -> HttpResponse:
    filterset = selectors.project_search(request.user, params=request.GET)
    context = {
        "filter": filterset,
        "table": project_table(filterset.results, request.GET),
        "can_create": has_permission(request.user, "projects.create"),
    }
    return render_page_or_partial(
        request, "projects/list.html", "project-table", context, status=filter_status(filterset)
    )


@require_GET
@require_permission("projects.view")
def filter_options_view(request: HttpRequest, field: str) -> HttpResponse:
    """The <option>s of the list's customer or assignee filter, loaded when the reader opens it
    (an htmx partial; the value the select had stays selected)."""
    choices = selectors.project_filter_options(request.user, field)
    if choices is None:
        raise Http404("No such filter.")
    context = {
        "empty_label": ProjectFilter.base_filters[field].extra["empty_label"],
        "options": render_options(choices, request.GET.getlist(field)),
    }
    return render(request, "projects/filter_options.html", context)


@require_GET
@require_permission("projects.view")
@follows_tenant(target="#board")
def project_board_view(request: HttpRequest) -> HttpResponse:
    return board_response(request)


def board_response(request: HttpRequest) -> HttpResponse:
    """The board filtered by the query string (also the answer to a card move)."""
    filterset = selectors.board_search(request.user, params=request.GET)
    columns = selectors.project_board(request.user, filterset=filterset)
    _prepare_cards(columns, query=request.GET.urlencode())
    context = {
        "filter": filterset,
        "columns": columns,
        "can_create": has_permission(request.user, "projects.create"),
    }
    return render_page_or_partial(
        request, "projects/board.html", "board", context, status=filter_status(filterset)
    )


def _prepare_cards(columns, *, query: str) -> None:
    """What each card shows, worked out once per board rather than by template tags and filters
    for each of up to 160 cards: its links (the projects URL plus the id: reversing two URLs per
    card cost more than the rest of the board), the priority's label, the percentage done, the
    due date in the viewer's format (one formatting per distinct day).

    The texts are escaped here, each once (`escape` marks them safe), not by the template at each
    of their uses: autoescaping was a third of the board's rendering."""
    projects_url = reverse("projects:list")
    priority_labels = {value: escape(label) for value, label in PriorityLevel.choices}
    due_dates: dict = {}
    last = columns[-1] if columns else None
    for column in columns:
        for card in column.cards:
            url = f"{projects_url}{card['pk']}/"
            card["url"] = escape(url)
            card["move_url"] = escape(f"{url}move/?{query}") if card["can_advance"] else ""
            # Not from the last column, where advancing would complete the project.
            card["advance_button"] = card["can_advance"] and column is not last
            card["project_id"] = escape(card["project_id"])
            card["title"] = escape(card["title"])
            card["customer_name"] = escape(card["customer_name"] or "")
            card["priority_label"] = priority_labels.get(card["priority_level"], "")
            card["priority_level"] = escape(card["priority_level"])
            card["percent_done"] = escape(
                round(card["done_count"] / (card["total_count"] or 1) * 100)
            )
            card["is_overdue"] = card["overdue_count"] > 0
            card["due_date"] = ""
            if card["due_at"] is not None:
                day = timezone.localdate(card["due_at"])
                if day not in due_dates:
                    due_dates[day] = escape(local_date(day))
                card["due_date"] = due_dates[day]


@require_http_methods(["GET", "POST"])
@require_permission("projects.create")
def project_create_view(request: HttpRequest) -> HttpResponse:
    form = IntakeForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_intake(user=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, gettext("Inquiry %(code)s was recorded.") % {"code": project.project_id}
            )
            return redirect("projects:detail", pk=project.pk)
    status = UNPROCESSABLE if form.is_bound else 200
    context = {
        "form": form,
        "can_create_customer": has_permission(request.user, "customers.create"),
    }
    return render(request, "projects/intake.html", context, status=status)


@require_GET
@require_permission("projects.view")
def contact_options_view(request: HttpRequest) -> HttpResponse:
    """The contact choices of the customer picked on the intake or edit form (an htmx partial)."""
    contacts = selectors.customer_contacts(request.user, request.GET.get("customer_organization"))
    return render(request, "projects/contact_options.html", {"contacts": contacts})


@require_GET
@require_permission("projects.view")
def project_detail_view(request: HttpRequest, pk) -> HttpResponse:
    project = selectors.project_get_for_user(request.user, pk)
    context = project_main_context(request, project)
    if not wants_partial(request):
        context.update(project_poll(request, project))
    return render_page_or_partial(request, "projects/detail.html", "project-main", context)


@require_GET
@require_permission("activity.view")
def project_activity_view(request: HttpRequest, pk) -> HttpResponse:
    # Only the code for the breadcrumb: the full access function's eight-table join cost ~30 ms
    # of planning alone at load scale, many times the timeline itself.
    project = selectors.project_ref_get_for_user(request.user, pk)
    context = {"project": project, "activity": selectors.project_activity(project)}
    template = "projects/activity.html" if wants_partial(request) else "projects/activity_page.html"
    return render(request, template, context)


@require_GET
@require_permission("workflow.advance")
def sub_stage_reassign_form_view(request: HttpRequest, pk, progress_pk) -> HttpResponse:
    """The colleague chooser of one sub-stage (loaded when its menu opens)."""
    project = selectors.project_get_for_user(request.user, pk)
    progress = get_object_or_404(
        project.sub_stage_progress.select_related("sub_stage"), pk=progress_pk
    )
    context = {
        "project": project,
        "progress": progress,
        "colleagues": list(active_colleagues(request.user).only("pk", "name")),
    }
    template = (
        "projects/reassign_form.html" if wants_partial(request) else "projects/reassign_page.html"
    )
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@require_permission("projects.edit")
def project_edit_view(request: HttpRequest, pk) -> HttpResponse:
    project = selectors.project_get_for_user(request.user, pk)
    form = ProjectEditForm(
        request.POST or None,
        user=request.user,
        project=project,
        initial=ProjectEditForm.initial_from(project),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                user=request.user,
                project_id=project.pk,
                expected_version=form.cleaned_data["version"],
                data=form.changes(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("%(code)s was saved.") % {"code": project.project_id})
            return redirect("projects:detail", pk=project.pk)
    status = UNPROCESSABLE if form.is_bound else 200
    context = {"form": form, "project": project, **project_poll(request, project, warn=True)}
    return render(request, "projects/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@require_permission("projects.cancel")
def project_cancel_view(request: HttpRequest, pk) -> HttpResponse:
    project = selectors.project_get_for_user(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_cancel(
                user=request.user, project_id=project.pk, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, gettext("%(code)s was cancelled.") % {"code": project.project_id}
            )
            return redirect("projects:detail", pk=project.pk)
    status = UNPROCESSABLE if form.is_bound else 200
    return render(
        request, "projects/cancel.html", {"form": form, "project": project}, status=status
    )
