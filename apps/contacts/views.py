"""The customer's page and its contacts, managed from that page.

With htmx, every action answers with the page's contacts section (`organizations/detail.html#
contacts-section`), or with the form again (status 422) when the input is refused. Without
JavaScript the same URLs work as plain pages: a form page, then a redirect to the customer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from apps.contacts import services
from apps.contacts.forms import ContactForm
from apps.contacts.models import Contact
from apps.contacts.selectors import contacts_of, customer_contact_get_for_user
from apps.core.htmx import UNPROCESSABLE, wants_partial
from apps.organizations.models import Organization
from apps.organizations.selectors import customer_get_for_user
from apps.users.permissions import has_permission, require_permission

SECTION_TEMPLATE = "organizations/detail.html#contacts-section"


# --- the customer's page: a company with its contacts ---
# It lives here, not in organizations, because it shows the contacts (organizations sit below
# contacts in the layers); the project URLconf serves it as `customers:detail`.


def customer_detail_context(request: HttpRequest, customer: Organization, **extra: Any) -> dict:
    """What the detail page and its contacts section need (the contacts views render the section
    of this page too)."""
    user = request.user
    return {
        "customer": customer,
        "contacts": list(contacts_of(user, customer)),
        "can_edit": has_permission(user, "customers.edit"),
        "can_delete": has_permission(user, "customers.delete"),
        **extra,
    }


@require_GET
@require_permission("customers.view")
def customer_detail_view(request: HttpRequest, pk) -> HttpResponse:
    customer = customer_get_for_user(request.user, pk)
    return render(request, "organizations/detail.html", customer_detail_context(request, customer))


def _detail_url(customer: Organization) -> str:
    return reverse("customers:detail", kwargs={"pk": customer.pk}) + "#contacts"


def _section(
    request: HttpRequest, customer: Organization, *, notice: str = "", error: str = ""
) -> HttpResponse:
    """The contacts section, swapped in place of the whole section whatever the trigger was."""
    context = customer_detail_context(
        request, customer, contacts_notice=notice, contacts_error=error
    )
    response = render(request, SECTION_TEMPLATE, context, status=UNPROCESSABLE if error else 200)
    return reswap(retarget(response, "#contacts-section"), "outerHTML")


def _done(request: HttpRequest, customer: Organization, message: str) -> HttpResponse:
    if wants_partial(request):
        return _section(request, customer, notice=message)
    messages.success(request, message)
    return redirect(_detail_url(customer))


def _refused(request: HttpRequest, customer: Organization, error: ValidationError) -> HttpResponse:
    """A refused action without a form (make primary, deactivate): the section or the page with
    the reason, status 422."""
    message = " ".join(error.messages)
    if wants_partial(request):
        return _section(request, customer, error=message)
    context = customer_detail_context(request, customer, contacts_error=message)
    return render(request, "organizations/detail.html", context, status=UNPROCESSABLE)


def _form_response(
    request: HttpRequest,
    form: ContactForm,
    customer: Organization,
    contact: Contact | None = None,
) -> HttpResponse:
    context = {"form": form, "customer": customer, "contact": contact}
    template = "contacts/form.html"
    if wants_partial(request):
        template += "#contact-form"
    status = UNPROCESSABLE if form.is_bound else 200
    return render(request, template, context, status=status)


@require_GET
@require_permission("customers.view")
def contact_section_view(request: HttpRequest, customer_pk) -> HttpResponse:
    """The contacts section alone (htmx, e.g. "cancel" on a form); the page without htmx."""
    customer = customer_get_for_user(request.user, customer_pk)
    if not wants_partial(request):
        return redirect(_detail_url(customer))
    return _section(request, customer)


@require_http_methods(["GET", "POST"])
@require_permission("customers.edit")
def contact_create_view(request: HttpRequest, customer_pk) -> HttpResponse:
    customer = customer_get_for_user(request.user, customer_pk)
    form = ContactForm(request.POST or None, initial={"type": customer.organization_type})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            contact = services.contact_create(
                user=request.user, organization=customer, contact_type=data.pop("type"), **data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _done(
                request, customer, gettext("%(name)s was added.") % {"name": contact.contact_name}
            )
    return _form_response(request, form, customer)


@require_http_methods(["GET", "POST"])
@require_permission("customers.edit")
def contact_edit_view(request: HttpRequest, customer_pk, pk) -> HttpResponse:
    contact = customer_contact_get_for_user(request.user, customer_pk=customer_pk, pk=pk)
    customer = contact.organization
    form = ContactForm(request.POST or None, initial=ContactForm.initial_from(contact))
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(user=request.user, contact=contact, data=form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _done(
                request, customer, gettext("%(name)s was saved.") % {"name": contact.contact_name}
            )
    return _form_response(request, form, customer, contact)


@require_POST
@require_permission("customers.edit")
def contact_deactivate_view(request: HttpRequest, customer_pk, pk) -> HttpResponse:
    contact = customer_contact_get_for_user(request.user, customer_pk=customer_pk, pk=pk)
    try:
        services.contact_deactivate(user=request.user, contact=contact)
    except ValidationError as error:
        return _refused(request, contact.organization, error)
    return _done(
        request,
        contact.organization,
        gettext("%(name)s was deactivated.") % {"name": contact.contact_name},
    )


@require_POST
@require_permission("customers.edit")
def contact_make_primary_view(request: HttpRequest, customer_pk, pk) -> HttpResponse:
    contact = customer_contact_get_for_user(request.user, customer_pk=customer_pk, pk=pk)
    try:
        services.contact_make_primary(user=request.user, contact=contact)
    except ValidationError as error:
        return _refused(request, contact.organization, error)
    return _done(
        request,
        contact.organization,
        gettext("%(name)s is now the primary contact.") % {"name": contact.contact_name},
    )
