"""The project page's main section (header, stepper, approvals): its context, and its re-render
after a workflow action (with `HX-Trigger: project-changed`, or marked as a rendered error)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.approvals.selectors import approvals_for_project
from apps.projects import selectors
from apps.projects.models import Project
from apps.users.permissions import has_permission

FORBIDDEN = 403
# app.js swaps a 403 into the page only when the view marks it as a rendered partial.
PARTIAL_ERROR_HEADER = "X-Partial-Error"


def project_main_context(request: HttpRequest, project: Project, **extra) -> dict:
    """Header, stepper and approvals of the project page (the part every action re-renders)."""
    user = request.user
    # Open ones first; their actions are the approvals app's own partial (no query of its own).
    approvals = approvals_for_project(user, project.pk)
    workflow = selectors.project_workflow(user, project, approvals)
    running = not project.is_closed
    return {
        "project": project,
        "workflow": workflow,
        "approvals": approvals,
        "can_edit": running and has_permission(user, "projects.edit"),
        "can_cancel": running and has_permission(user, "projects.cancel"),
        **extra,
    }


def render_project_main(
    request: HttpRequest, project: Project, *, status: int = 200, **extra
) -> HttpResponse:
    response = render(
        request,
        "projects/detail.html#project-main",
        project_main_context(request, project, **extra),
        status=status,
    )
    if status >= 400:
        response[PARTIAL_ERROR_HEADER] = "1"
    else:
        response["HX-Trigger"] = "project-changed"
    return response
