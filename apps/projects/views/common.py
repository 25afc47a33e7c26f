"""What the project views share: the detail page's context and how refusals are answered."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.approvals.models import OPEN_STATUSES as OPEN_APPROVAL_STATUSES
from apps.projects import selectors
from apps.projects.models import Project, ProjectStatus
from apps.users.permissions import has_permission

FORBIDDEN = 403
# app.js swaps a 403 into the page only when the view marks it as a rendered partial.
PARTIAL_ERROR_HEADER = "X-Partial-Error"


def project_main_context(request: HttpRequest, project: Project, **extra) -> dict:
    """Header, stepper and approvals of the project page (the part every action re-renders)."""
    user = request.user
    approvals = selectors.project_approvals(project)
    workflow = selectors.project_workflow(user, project, approvals)
    open_approvals = [a for a in approvals if a.status in OPEN_APPROVAL_STATUSES]
    running = project.status not in (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED)
    return {
        "project": project,
        "workflow": workflow,
        "open_approvals": [(a, selectors.may_decide(user, a)) for a in open_approvals],
        "decided_approvals": [a for a in approvals if a.status not in OPEN_APPROVAL_STATUSES],
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
