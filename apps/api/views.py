"""The settings pages of the API: personal access tokens (each user's own) and webhooks (tenant
administrators). Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.api import selectors, tokens, webhooks
from apps.api.forms import TokenCreateForm, WebhookCreateForm
from apps.core.htmx import UNPROCESSABLE
from apps.users.permissions import require_permission


@login_required
@require_http_methods(["GET", "POST"])
def token_list_view(request: HttpRequest) -> HttpResponse:
    """List the caller's tokens and create one; the new secret is shown on this answer only."""
    form = TokenCreateForm(request.POST or None)
    secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, secret = tokens.api_token_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                form = TokenCreateForm()
        if secret is None:
            status = UNPROCESSABLE
    context = {"form": form, "secret": secret, "tokens": selectors.api_tokens_of(request.user)}
    response = render(request, "api/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk) -> HttpResponse:
    token = selectors.api_token_get_for_user(request.user, pk)
    tokens.api_token_revoke(user=request.user, token_id=token.pk)
    messages.success(request, _("The token was revoked. It no longer works."))
    return redirect("api-tokens")


@require_http_methods(["GET", "POST"])
@require_permission(webhooks.MANAGE_PERMISSION)
def webhook_list_view(request: HttpRequest) -> HttpResponse:
    form = WebhookCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                endpoint = webhooks.webhook_endpoint_create(
                    user=request.user,
                    url=data["url"],
                    events_wanted=data["events"],
                    description=data["description"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The webhook was added."))
                return redirect("api-webhook-detail", pk=endpoint.pk)
        status = UNPROCESSABLE
    context = {"form": form, "endpoints": selectors.webhook_endpoints_of(request.user)}
    return render(request, "api/webhooks.html", context, status=status)


@require_http_methods(["GET"])
@require_permission(webhooks.MANAGE_PERMISSION)
def webhook_detail_view(request: HttpRequest, pk) -> HttpResponse:
    """The endpoint, its signing secret (for the receiver) and its delivery log."""
    endpoint = selectors.webhook_endpoint_get_for_user(request.user, pk)
    context = {"endpoint": endpoint, "deliveries": selectors.webhook_deliveries(endpoint)}
    response = render(request, "api/webhook_detail.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@require_permission(webhooks.MANAGE_PERMISSION)
def webhook_test_view(request: HttpRequest, pk) -> HttpResponse:
    endpoint = selectors.webhook_endpoint_get_for_user(request.user, pk)
    webhooks.webhook_send_test(user=request.user, endpoint=endpoint)
    messages.success(request, _("A test delivery was queued; the log below shows its outcome."))
    return redirect("api-webhook-detail", pk=endpoint.pk)


@require_POST
@require_permission(webhooks.MANAGE_PERMISSION)
def webhook_delete_view(request: HttpRequest, pk) -> HttpResponse:
    endpoint = selectors.webhook_endpoint_get_for_user(request.user, pk)
    webhooks.webhook_endpoint_delete(user=request.user, endpoint=endpoint)
    messages.success(request, _("The webhook was removed."))
    return redirect("api-webhooks")
