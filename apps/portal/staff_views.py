"""The staff side of the portal (the app role): on a customer's page, which contacts have portal
access and when they last signed in, invite and revoke; on a project's page, its customer
conversation, where staff answer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.contacts.selectors import contacts_of, customer_contact_get_for_user
from apps.core.htmx import UNPROCESSABLE, wants_partial
from apps.organizations.selectors import customer_get_for_user
from apps.portal import selectors, services
from apps.portal.forms import PortalInviteForm, PortalMessageForm
from apps.projects.selectors.listing import project_ref_get_for_user
from apps.users.models import UserStatus
from apps.users.permissions import has_permission, require_permission

ACCOUNTS_TEMPLATE = "portal/staff_accounts.html"


def _accounts_response(request, customer, *, notice: str = "", error: str = "") -> HttpResponse:
    user = request.user
    accounts = selectors.portal_accounts_of(user, customer)
    with_access = {account.contact_id for account in accounts if account.is_active}
    context = {
        "customer": customer,
        "accounts": accounts,
        "invitable": [
            contact
            for contact in contacts_of(user, customer)
            if contact.is_active and contact.pk not in with_access
        ],
        "can_manage": has_permission(user, "customers.edit"),
        "notice": notice,
        "error": error,
    }
    name = f"{ACCOUNTS_TEMPLATE}#portal-accounts" if wants_partial(request) else ACCOUNTS_TEMPLATE
    return render(request, name, context, status=UNPROCESSABLE if error else 200)


@require_GET
@require_permission("customers.view")
def portal_accounts_view(request: HttpRequest, customer_pk) -> HttpResponse:
    customer = customer_get_for_user(request.user, customer_pk)
    return _accounts_response(request, customer)


def _after_change(request, customer, *, notice: str = "", error: str = "") -> HttpResponse:
    if wants_partial(request) or error:
        return _accounts_response(request, customer, notice=notice, error=error)
    return redirect(reverse("portal_staff:accounts", kwargs={"customer_pk": customer.pk}))


@require_POST
@require_permission("customers.edit")
def portal_account_invite_view(request: HttpRequest, customer_pk) -> HttpResponse:
    customer = customer_get_for_user(request.user, customer_pk)
    form = PortalInviteForm(request.POST)
    if not form.is_valid():
        return _after_change(request, customer, error=_("Choose a contact to invite."))
    contact = customer_contact_get_for_user(
        request.user, customer_pk=customer.pk, pk=form.cleaned_data["contact"]
    )
    try:
        account = services.portal_account_invite(
            user=request.user, contact=contact, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        return _after_change(request, customer, error=" ".join(error.messages))
    notice = _("%(name)s was invited: an e-mail with a link to set a password is on its way.")
    return _after_change(request, customer, notice=notice % {"name": account.name})


@require_POST
@require_permission("customers.edit")
def portal_account_revoke_view(request: HttpRequest, customer_pk, pk) -> HttpResponse:
    customer = customer_get_for_user(request.user, customer_pk)
    account = selectors.portal_account_get_for_user(request.user, customer, pk)
    try:
        services.portal_account_revoke(user=request.user, account=account)
    except ValidationError as error:
        return _after_change(request, customer, error=" ".join(error.messages))
    notice = _("%(name)s can no longer sign in to the portal.") % {"name": account.name}
    return _after_change(request, customer, notice=notice)


@require_http_methods(["GET", "POST"])
@require_permission("messages.view")
def project_conversation_view(request: HttpRequest, pk) -> HttpResponse:
    """The project's customer conversation on the staff project page; staff answer here."""
    project = project_ref_get_for_user(request.user, pk)
    form = PortalMessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.portal_message_send(
                    user=request.user, project=project, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error("body", error.messages[0])
                status = UNPROCESSABLE
            else:
                form = PortalMessageForm()
        else:
            status = UNPROCESSABLE
        if status == 200 and not wants_partial(request):
            return redirect(reverse("projects:detail", kwargs={"pk": project.pk}))
    context = {
        "project": project,
        "conversation": selectors.conversation(project),
        "form": form,
        "can_send": has_permission(request.user, "messages.send"),
        "active": UserStatus.ACTIVE,
    }
    return render(request, "portal/staff_conversation.html", context, status=status)
