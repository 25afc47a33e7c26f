"""Workflow actions on the project page (inline, htmx) and on the board.

Each action is a POST that calls one engine service. With htmx the project's main section (header,
stepper, approvals) is rendered again; a refusal renders it with the reason and status 422 (or 403
when the user's role may not act). Without JavaScript the browser is sent back to the project page
with the outcome as a message. Approvals are decided through the approvals app's own views and
partial; the section reloads itself on their `approval-changed` event.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from apps.core.htmx import UNPROCESSABLE, wants_partial
from apps.projects import selectors
from apps.projects.forms import OptionalReasonForm, ReasonForm, ReassignForm
from apps.projects.models import ProgressStatus, Project
from apps.projects.rules import SubStageAction
from apps.projects.services import stages as stage_services
from apps.projects.services import sub_stages as sub_stage_services
from apps.projects.views.pages import board_response
from apps.projects.views.project_main import FORBIDDEN, render_project_main
from apps.users.permissions import require_permission


def _error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or gettext("You may not do that.")
    return " ".join(error.messages)


def _run(
    request: HttpRequest,
    project: Project,
    action: Callable[[], object],
    done: str | Callable[[object], str],
):
    """Run a service; a refusal is answered with its reason (422, or 403 for a role problem).
    `done` is what the user is told, or a function of the service's result when the outcome
    decides it (a "complete" that only sent the sub-stage for approval)."""
    try:
        result = action()
    except (ValidationError, PermissionDenied) as error:
        status = FORBIDDEN if isinstance(error, PermissionDenied) else UNPROCESSABLE
        return _refuse(request, project, _error_text(error), status=status)
    if callable(done):
        done = done(result)
    if wants_partial(request):
        fresh = selectors.project_get_for_user(request.user, project.pk)
        return render_project_main(request, fresh, action_message=done)
    messages.success(request, done)
    return redirect("projects:detail", pk=project.pk)


def _refuse(request: HttpRequest, project: Project, text: str, *, status: int = UNPROCESSABLE):
    if wants_partial(request):
        fresh = selectors.project_get_for_user(request.user, project.pk)
        return render_project_main(request, fresh, status=status, action_error=text)
    messages.error(request, text)
    return redirect("projects:detail", pk=project.pk)


def _form_errors(form) -> str:
    return " ".join(
        str(message) for field_messages in form.errors.values() for message in field_messages
    )


# action (the buttons of `rules.SUB_STAGE_USER_ACTIONS`) → (service, the form its extra
# arguments come from, what the user is told)
SUB_STAGE_ACTIONS = {
    SubStageAction.START: (sub_stage_services.sub_stage_start, None, _("Sub-stage started.")),
    SubStageAction.SUBMIT: (
        sub_stage_services.sub_stage_submit_for_review, None,
        _("Sub-stage submitted for review."),
    ),
    SubStageAction.COMPLETE: (
        sub_stage_services.sub_stage_complete, None, _("Sub-stage completed.")
    ),
    SubStageAction.SKIP: (
        sub_stage_services.sub_stage_skip, OptionalReasonForm, _("Sub-stage skipped.")
    ),
    SubStageAction.BLOCK: (sub_stage_services.sub_stage_block, ReasonForm, _("Sub-stage blocked.")),
    SubStageAction.UNBLOCK: (
        sub_stage_services.sub_stage_unblock, None, _("Sub-stage unblocked.")
    ),
    SubStageAction.REASSIGN: (
        sub_stage_services.sub_stage_reassign, ReassignForm, _("Sub-stage reassigned.")
    ),
}  # fmt: skip


@require_POST
@require_permission("workflow.advance")
def sub_stage_action_view(request: HttpRequest, pk, progress_pk, action: str) -> HttpResponse:
    project = selectors.project_get_for_user(request.user, pk)
    if action not in SUB_STAGE_ACTIONS:
        raise Http404(gettext("No such action."))
    service, form_class, done = SUB_STAGE_ACTIONS[action]
    arguments = {}
    if form_class is not None:
        extra = {"user": request.user} if form_class is ReassignForm else {}
        form = form_class(request.POST, **extra)
        if not form.is_valid():
            return _refuse(request, project, _form_errors(form))
        arguments = form.cleaned_data  # field names are the service's argument names

    def act():
        # The row must be this project's: the page's URL names the project.
        if not project.sub_stage_progress.filter(pk=progress_pk).exists():
            raise ValidationError(gettext("That sub-stage is not part of this project."))
        return service(user=request.user, progress_id=progress_pk, **arguments)

    def outcome(progress) -> str:
        if action == SubStageAction.COMPLETE and progress.status == ProgressStatus.IN_REVIEW:
            # It needs an approval: "complete" asked for one and it waits in review.
            return gettext(
                "Sub-stage sent for approval; it completes when the approval is granted."
            )
        return str(done)

    return _run(request, project, act, outcome)


@require_POST
@require_permission("workflow.advance")
def project_advance_view(request: HttpRequest, pk) -> HttpResponse:
    project = selectors.project_get_for_user(request.user, pk)
    return _run(
        request,
        project,
        lambda: stage_services.project_advance_stage(user=request.user, project_id=project.pk),
        gettext("The project moved to its next stage."),
    )


@require_POST
@require_permission("workflow.move_back")
def project_move_back_view(request: HttpRequest, pk) -> HttpResponse:
    project = selectors.project_get_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _refuse(request, project, _form_errors(form))
    return _run(
        request,
        project,
        lambda: stage_services.project_move_back_stage(
            user=request.user, project_id=project.pk, reason=form.cleaned_data["reason"]
        ),
        gettext("The project moved back a stage."),
    )


@require_POST
@require_permission("workflow.advance")
def board_move_view(request: HttpRequest, pk) -> HttpResponse:
    """A card dropped on another column (`stage`), or its "Advance" button (no `stage`): only the
    next stage is a legal move, made by the same service and rules as the project page's."""
    project = selectors.project_get_for_user(request.user, pk)
    target = request.POST.get("stage", "")
    error = None
    try:
        if target:
            stage_services.project_advance_to(
                user=request.user, project_id=project.pk, target_stage_id=target
            )
        else:  # the card's "Advance" button
            stage_services.project_advance_stage(user=request.user, project_id=project.pk)
    except (ValidationError, PermissionDenied) as refusal:
        # The board shows many projects: the refusal says which one.
        error = gettext("%(code)s “%(title)s” was not moved: %(reason)s") % {
            "code": project.project_id,
            "title": project.title,
            "reason": _error_text(refusal),
        }
    if not wants_partial(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, moved_text(project))
        return redirect("projects:board")
    response = board_response(request)
    if error:
        response.status_code = UNPROCESSABLE
        response["HX-Trigger"] = _board_message(error, level="danger")
    else:
        response["HX-Trigger"] = _board_message(moved_text(project), level="success")
    return response


def moved_text(project: Project) -> str:
    return gettext("%(code)s moved to its next stage.") % {"code": project.project_id}


def _board_message(text: str, *, level: str) -> str:
    return json.dumps({"fp-message": {"text": text, "level": level}})
