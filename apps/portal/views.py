"""The portal's pages, for a customer's contact (runs as the portal role, see apps.core.tenancy).

Every project is loaded through `portal_project_get_for_user`: another customer's project, or
another factory's, is a 404 like a project that does not exist.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from apps.core.htmx import UNPROCESSABLE, wants_partial
from apps.documents.downloads import stored_file_response
from apps.documents.services.access_log import ClientInfo
from apps.portal import inquiries, selectors, services
from apps.portal.forms import (
    PortalDecisionForm,
    PortalInquiryForm,
    PortalMessageForm,
    PortalUploadForm,
)

# The live stage section asks this often; an unchanged project answers 304.
STATE_POLL_SECONDS = getattr(settings, "PORTAL_POLL_SECONDS", 15)


def portal_required(view):
    """Anonymous → the sign-in page; staff → their own home page (never the portal's layout)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(request.user, "is_customer", False):
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapped


def _project_rows(user) -> list[dict]:
    stages = selectors.stage_catalog(user)
    return [
        {
            "project": project,
            "steps": selectors.stage_bar(project, stages),
            "waits_for_me": selectors.waits_for_customer(project),
        }
        for project in selectors.portal_projects(user)
    ]


@require_GET
@portal_required
def portal_projects_view(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/projects.html", {"rows": _project_rows(request.user)})


def _decision_context(project, form=None) -> dict:
    decision = selectors.latest_decision(project)
    return {
        "decision": decision,
        "may_decide": selectors.may_decide(project, decision),
        "decision_form": form or PortalDecisionForm(),
    }


def _project_context(request: HttpRequest, project, **extra) -> dict:
    stages = selectors.stage_catalog(request.user)
    return {
        "project": project,
        "steps": selectors.stage_bar(project, stages),
        "waits_for_me": selectors.waits_for_customer(project),
        **_decision_context(project, extra.pop("decision_form", None)),
        "timeline": selectors.stage_timeline(project),
        "documents": selectors.shared_documents(project),
        "conversation": selectors.conversation(project),
        "message_form": extra.pop("message_form", None) or PortalMessageForm(),
        "upload_form": extra.pop("upload_form", None) or PortalUploadForm(),
        "etag": selectors.project_state_etag(project),
        "poll_seconds": STATE_POLL_SECONDS,
        **extra,
    }


@require_GET
@portal_required
def portal_project_view(request: HttpRequest, pk) -> HttpResponse:
    project = selectors.portal_project_get_for_user(request.user, pk)
    return render(request, "portal/project.html", _project_context(request, project))


@require_GET
@portal_required
def portal_project_state_view(request: HttpRequest, pk) -> HttpResponse:
    """The stage section alone, polled by the project page: 304 while nothing changed."""
    project = selectors.portal_project_get_for_user(request.user, pk)
    etag = selectors.project_state_etag(project)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        stages = selectors.stage_catalog(request.user)
        context = {
            "project": project,
            "steps": selectors.stage_bar(project, stages),
            "waits_for_me": selectors.waits_for_customer(project),
            "timeline": selectors.stage_timeline(project),
            "poll_seconds": STATE_POLL_SECONDS,
        }
        response = render(request, "portal/project.html#project-state", context)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie", "HX-Request"])
    return response


@require_POST
@portal_required
def portal_message_send_view(request: HttpRequest, pk) -> HttpResponse:
    project = selectors.portal_project_get_for_user(request.user, pk)
    form = PortalMessageForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.portal_message_send(
                user=request.user, project=project, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error("body", error.messages[0] if error.messages else None)
            status = UNPROCESSABLE
        else:
            form = PortalMessageForm()
    else:
        status = UNPROCESSABLE
    if wants_partial(request):
        context = {
            "project": project,
            "conversation": selectors.conversation(project),
            "message_form": form,
        }
        return render(request, "portal/project.html#conversation", context, status=status)
    if status != 200:
        context = _project_context(request, project, message_form=form)
        return render(request, "portal/project.html", context, status=status)
    return redirect(reverse("portal:project", kwargs={"pk": project.pk}) + "#conversation")


@require_POST
@portal_required
def portal_decision_view(request: HttpRequest, pk) -> HttpResponse:
    """Accept or reject (with a comment) in a customer stage; a project that is not waiting for
    the customer answers 409 and nothing is written."""
    project = selectors.portal_project_get_for_user(request.user, pk)
    decision = selectors.latest_decision(project)
    if not selectors.may_decide(project, decision):
        return HttpResponse(_("This project is not waiting for your decision."), status=409)
    form = PortalDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.portal_decision_submit(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Thank you: your decision was sent to the factory."))
            return redirect(reverse("portal:project", kwargs={"pk": project.pk}) + "#decision")
    context = _project_context(request, project, decision_form=form)
    return render(request, "portal/project.html", context, status=UNPROCESSABLE)


@require_POST
@portal_required
def portal_upload_view(request: HttpRequest, pk) -> HttpResponse:
    project = selectors.portal_project_get_for_user(request.user, pk)
    form = PortalUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.portal_document_upload(
                user=request.user,
                project=project,
                uploaded_file=form.cleaned_data["file"],
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                client=ClientInfo.from_request(request),
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("“%(title)s” was uploaded.") % {"title": document.title})
            return redirect(reverse("portal:project", kwargs={"pk": project.pk}) + "#documents")
    context = _project_context(request, project, upload_form=form)
    return render(request, "portal/project.html", context, status=UNPROCESSABLE)


@require_GET
@portal_required
def portal_download_view(request: HttpRequest, pk, document_pk) -> HttpResponse:
    project = selectors.portal_project_get_for_user(request.user, pk)
    version = selectors.shared_document_version_get(request.user, project, document_pk)
    services.portal_document_downloaded(
        user=request.user, version=version, client=ClientInfo.from_request(request)
    )
    return stored_file_response(request, version)


@require_POST
@portal_required
def portal_language_view(request: HttpRequest) -> HttpResponse:
    """Django's language switch (a cookie), for the portal's own layout."""
    return set_language(request)


@require_http_methods(["GET", "POST"])
@portal_required
def portal_inquiry_view(request: HttpRequest) -> HttpResponse:
    """A new request for quote: it becomes a project within moments (a task makes it)."""
    form = PortalInquiryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            inquiries.portal_inquiry_submit(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request,
                _(
                    "Thank you: we received your inquiry and will answer soon. It appears here as "
                    "a project in a moment."
                ),
            )
            return redirect("portal:projects")
    status = UNPROCESSABLE if form.is_bound else 200
    return render(request, "portal/inquiry.html", {"form": form}, status=status)
