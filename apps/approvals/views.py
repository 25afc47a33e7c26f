"""Approvals pages: the queue, one approval's page, and the actions posted from both (and from the
project page, through `approvals/_approval_actions.html`).

Views are thin: permission, access function (404 for another tenant's approval), form, service,
render. A service's ValidationError re-renders the form with status 422; its PermissionDenied is a
403. An HTMX post gets back the fragment it asked for in its `fragment` field: the queue `row`
or the `actions` block; a plain post is redirected to `next` (or the approval's page).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import retarget, trigger_client_event

from apps.approvals import presenters, rules, selectors, services
from apps.approvals.forms import (
    ApproveForm,
    AttachmentForm,
    CancelForm,
    DelegateForm,
    EscalateForm,
    RejectForm,
)
from apps.core.htmx import UNPROCESSABLE, filter_status, render_page_or_partial, wants_partial
from apps.core.live import follows_tenant
from apps.core.pagination import page_number
from apps.core.redirects import next_path
from apps.users.permissions import require_permission

PER_PAGE = 25
FRAGMENTS = {
    "row": "approvals/queue.html#approval-row",
    "actions": "approvals/_approval_actions.html",
}
CHANGED_EVENT = "approval-changed"


@require_GET
@require_permission("approvals.view")
@follows_tenant(target="#approval-list")
def approval_queue_view(request: HttpRequest) -> HttpResponse:
    filterset = selectors.approval_queue(request.user, params=request.GET)
    # A bad page number shows the first or last page, not an error.
    number = page_number(request.GET.get("page"))
    page = selectors.approval_queue_page(request.user, filterset, number, per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    rows = presenters.queue_rows(request.user, page.object_list, now=filterset.now)
    context = {"filter": filterset, "page": page, "rows": rows, "query": query.urlencode()}
    return render_page_or_partial(
        request, "approvals/queue.html", "approval-list", context, status=filter_status(filterset)
    )


def _detail_context(request: HttpRequest, approval, **extra) -> dict:
    return {
        "approval": approval,
        "history": list(selectors.approval_history(approval)),
        "attachments": list(selectors.approval_attachments(approval)),
        "chain": selectors.approval_chain(approval),
        "attachment_form": AttachmentForm(),
        "cancel_form": CancelForm(),
        "escalate_form": EscalateForm(),
        "next": request.path,
        **extra,
    }


@require_GET
@require_permission("approvals.view")
def approval_detail_view(request: HttpRequest, pk) -> HttpResponse:
    approval = selectors.approval_get_for_user(request.user, pk)
    return render(request, "approvals/detail.html", _detail_context(request, approval))


@require_GET
@require_permission("approvals.view")
def approval_history_view(request: HttpRequest, pk) -> HttpResponse:
    """The history of one approval, as the fragment the queue expands in place."""
    approval = selectors.approval_get_for_user(request.user, pk)
    context = {"approval": approval, "history": list(selectors.approval_history(approval))}
    return render(request, "approvals/detail.html#approval-history", context)


def _fragment(request: HttpRequest) -> str:
    fragment = request.POST.get("fragment", "")
    return fragment if fragment in FRAGMENTS else "row"


def _fragment_context(request: HttpRequest, approval, fragment: str, **extra) -> dict:
    """The context of a re-rendered fragment; the queue's row is drawn from its `QueueRow`."""
    context = {"approval": approval, "fragment": fragment, **extra}
    if fragment == "row":
        context["row"] = presenters.queue_rows(request.user, [approval])[0]
    return context


def _done(request: HttpRequest, pk, message: str) -> HttpResponse:
    """After a successful action: the fresh fragment for HTMX (and an `approval-changed` event
    the project page can listen to), else a redirect with the message."""
    if not wants_partial(request):
        messages.success(request, message)
        return redirect(next_path(request) or reverse("approvals:detail", kwargs={"pk": pk}))
    approval = selectors.approval_get_for_user(request.user, pk)
    fragment = _fragment(request)
    context = _fragment_context(request, approval, fragment, flash=message)
    response = render(request, FRAGMENTS[fragment], context)
    target = "approval-row" if fragment == "row" else "approval-actions"
    retarget(response, f"#{target}-{approval.pk}")
    return trigger_client_event(response, CHANGED_EVENT, {"id": str(approval.pk)})


def _refused(request: HttpRequest, approval, form, name: str) -> HttpResponse:
    """Re-render the refused form with its errors, status 422."""
    if wants_partial(request):
        fragment = _fragment(request)
        context = _fragment_context(
            request, approval, fragment, action_form=form, action_name=name, inline=True
        )
        template = "approvals/delegate.html#delegate-form" if name == "delegate" else None
        return render(request, template or FRAGMENTS[fragment], context, status=UNPROCESSABLE)
    if name == "delegate":
        context = {"approval": approval, "action_form": form, "next": next_path(request)}
        return render(request, "approvals/delegate.html", context, status=UNPROCESSABLE)
    context = _detail_context(
        request, approval, action_form=form, action_name=name, **{f"{name}_form": form}
    )
    return render(request, "approvals/detail.html", context, status=UNPROCESSABLE)


def _act(request: HttpRequest, approval, form, name: str, run, success: str) -> HttpResponse:
    """Validate `form`, run the service (`run(approval, cleaned_data)`) and answer: the fresh
    fragment or a redirect on success, the form with its errors (422) when refused."""
    if form.is_valid():
        try:
            run(approval, form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _done(request, approval.pk, success)
    return _refused(request, approval, form, name)


@require_POST
@require_permission("approvals.view")
def approval_approve_view(request: HttpRequest, pk) -> HttpResponse:
    def run(approval, data):
        services.approval_approve(
            user=request.user, approval_id=approval.pk, comments=data["comments"]
        )

    approval = selectors.approval_get_for_user(request.user, pk)
    return _act(request, approval, ApproveForm(request.POST), "approve", run, gettext("Approved."))


@require_POST
@require_permission("approvals.view")
def approval_reject_view(request: HttpRequest, pk) -> HttpResponse:
    def run(approval, data):
        services.approval_reject(
            user=request.user, approval_id=approval.pk, reason=data["reason"],
            comments=data["comments"],
        )  # fmt: skip

    approval = selectors.approval_get_for_user(request.user, pk)
    return _act(request, approval, RejectForm(request.POST), "reject", run, gettext("Rejected."))


@require_POST
@require_permission("approvals.view")
def approval_cancel_view(request: HttpRequest, pk) -> HttpResponse:
    def run(approval, data):
        services.approval_cancel(user=request.user, approval_id=approval.pk, reason=data["reason"])

    approval = selectors.approval_get_for_user(request.user, pk)
    return _act(request, approval, CancelForm(request.POST), "cancel", run, gettext("Cancelled."))


@require_POST
@require_permission("approvals.view")
def approval_escalate_view(request: HttpRequest, pk) -> HttpResponse:
    def run(approval, data):
        services.approval_escalate(
            user=request.user, approval_id=approval.pk, comments=data["comments"]
        )

    approval = selectors.approval_get_for_user(request.user, pk)
    return _act(
        request, approval, EscalateForm(request.POST), "escalate", run, gettext("Escalated.")
    )


@require_http_methods(["GET", "POST"])
@require_permission("approvals.view")
def approval_delegate_view(request: HttpRequest, pk) -> HttpResponse:
    """GET: the delegation form (a fragment the queue opens in place, or a page); POST: delegate.
    Both only for people who may delegate this open approval (403 otherwise)."""
    approval = selectors.approval_get_for_user(request.user, pk)
    if not rules.may_route(request.user, approval):
        raise PermissionDenied(
            gettext("Only the approver (or management) can delegate an open approval.")
        )
    candidates = selectors.delegate_candidates(request.user, approval)
    if request.method == "POST":

        def run(approval, data):
            services.approval_delegate(
                user=request.user, approval_id=approval.pk, delegate=data["delegate"],
                until=data["until"], comments=data["comments"],
            )  # fmt: skip

        form = DelegateForm(
            request.POST, candidates=candidates, organization_id=request.user.organization_id
        )
        return _act(request, approval, form, "delegate", run, gettext("Delegated."))
    context = {
        "approval": approval,
        "action_form": DelegateForm(
            candidates=candidates, organization_id=request.user.organization_id
        ),
        "fragment": request.GET.get("fragment") if request.GET.get("fragment") in FRAGMENTS
        else "row",
        "next": next_path(request) or "",
        # The form opened in place in the queue, not on a page of its own.
        "inline": wants_partial(request),
    }  # fmt: skip
    return render_page_or_partial(request, "approvals/delegate.html", "delegate-form", context)


@require_POST
@require_permission("approvals.view")
def approval_attachment_upload_view(request: HttpRequest, pk) -> HttpResponse:
    approval = selectors.approval_get_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.approval_attachment_add(
                user=request.user, approval_id=approval.pk, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("The file was attached."))
            return redirect("approvals:detail", pk=approval.pk)
    context = _detail_context(request, approval, attachment_form=form)
    return render(request, "approvals/detail.html", context, status=UNPROCESSABLE)


@require_GET
@require_permission("approvals.view")
def approval_attachment_download_view(request: HttpRequest, pk, attachment_pk) -> FileResponse:
    """Files are never served from a public URL: only through here, after the tenant (404) and
    permission (403) checks."""
    approval = selectors.approval_get_for_user(request.user, pk)
    attachment = selectors.approval_attachment_get_for_user(request.user, approval, attachment_pk)
    try:
        stored = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("This file is missing from storage; ask an administrator.") from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=attachment.file_name,
        content_type=attachment.mime_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
