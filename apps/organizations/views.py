"""Customers pages: the tenant's customers, suppliers and partners (organizations of the tenant).

Views are thin: permission, access function, form, service, render. A ValidationError from a
service becomes a form error and the page is rendered again with status 422.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.htmx import UNPROCESSABLE, filter_status, render_page_or_partial
from apps.core.sorted_rows import counted_page, headers, sort_order
from apps.organizations import selectors, services
from apps.organizations.forms import CustomerForm
from apps.organizations.tables import COLUMNS, DEFAULT_SORT, PER_PAGE
from apps.users.permissions import has_permission, require_permission


@require_GET
@require_permission("customers.view")
def customer_list_view(request: HttpRequest) -> HttpResponse:
    filterset = selectors.customer_search(request.user, params=request.GET)
    sort, order = sort_order(request, COLUMNS, DEFAULT_SORT)
    context = {
        "filter": filterset,
        # Counted: a tenant has hundreds of organizations, not millions, and the page shows
        # how many match.
        "page": counted_page(request, filterset.results, order, per_page=PER_PAGE),
        "headers": headers(request, COLUMNS, sort),
        "can_create": has_permission(request.user, "customers.create"),
    }
    return render_page_or_partial(
        request,
        "organizations/list.html",
        "customer-table",
        context,
        status=filter_status(filterset),
    )


@require_http_methods(["GET", "POST"])
@require_permission("customers.create")
def customer_create_view(request: HttpRequest) -> HttpResponse:
    form = CustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            customer = services.customer_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("%(name)s was added.") % {"name": customer.name})
            return redirect("customers:detail", pk=customer.pk)
    status = UNPROCESSABLE if form.is_bound else 200
    return render(request, "organizations/form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@require_permission("customers.edit")
def customer_edit_view(request: HttpRequest, pk) -> HttpResponse:
    customer = selectors.customer_get_for_user(request.user, pk)
    form = CustomerForm(request.POST or None, initial=CustomerForm.initial_from(customer))
    if request.method == "POST" and form.is_valid():
        try:
            services.customer_update(user=request.user, customer=customer, data=form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("%(name)s was saved.") % {"name": customer.name})
            return redirect("customers:detail", pk=customer.pk)
    status = UNPROCESSABLE if form.is_bound else 200
    return render(
        request, "organizations/form.html", {"form": form, "customer": customer}, status=status
    )


@require_http_methods(["GET", "POST"])
@require_permission("customers.delete")
def customer_deactivate_view(request: HttpRequest, pk) -> HttpResponse:
    """GET asks for confirmation; POST deactivates (a soft delete: nothing is removed)."""
    customer = selectors.customer_get_for_user(request.user, pk)
    if request.method == "POST":
        services.customer_deactivate(user=request.user, customer=customer)
        messages.success(
            request,
            gettext("%(name)s was deactivated. You can restore it here.") % {"name": customer.name},
        )
        return redirect("customers:detail", pk=customer.pk)
    return render(request, "organizations/confirm_deactivate.html", {"customer": customer})


@require_POST
@require_permission("customers.delete")
def customer_restore_view(request: HttpRequest, pk) -> HttpResponse:
    customer = selectors.customer_get_for_user(request.user, pk)
    services.customer_reactivate(user=request.user, customer=customer)
    messages.success(request, gettext("%(name)s was restored.") % {"name": customer.name})
    return redirect(reverse("customers:detail", kwargs={"pk": customer.pk}))
