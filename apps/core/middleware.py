from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from apps.core.tenancy import tenant_context


class FormEncodingMiddleware:
    """A form post that declares a charset other than UTF-8 is answered 400 before it is read.

    Django refuses such a body (`BadRequest`) only when `request.POST` is first read, and the debug
    error page then reads it again while reporting the error: the request failed with a 500 instead
    of the 400. Browsers always send forms as UTF-8; anything else is not one of our pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset")
        if (
            request.content_type == "application/x-www-form-urlencoded"
            and charset is not None
            and charset.strip().lower() != "utf-8"
        ):
            return HttpResponseBadRequest(
                "Forms must be sent as UTF-8.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class TenantMiddleware:
    """Runs every view inside one transaction as the app role, scoped to the user's tenant.

    It sits right after AuthenticationMiddleware and outside everything that touches tenant data.
    The user is resolved first (the session lookup runs as the connection's login role, the user row
    through a SECURITY DEFINER function, see `apps.users.backends`); then `tenant_context` opens the
    transaction and switches role. `ATOMIC_REQUESTS` cannot do this: it wraps only the view, while
    the role and settings have to be in place before any other middleware reads tenant rows.

    A request that fails keeps nothing it wrote. Django turns an exception raised below this
    middleware into a 500 response before it gets here, so the transaction would commit; any 5xx
    answer marks it for rollback instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        customer_id = None
        if user.is_authenticated:
            organization_id, user_id = user.organization_id, user.pk
            # A portal account (a customer's contact) runs as the portal role for its company.
            customer_id = getattr(user, "customer_organization_id", None)
        else:
            organization_id = user_id = None
        with tenant_context(organization_id, user_id, customer=customer_id):
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
