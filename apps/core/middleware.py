from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from apps.core.tenancy import tenant_context


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
        if user.is_authenticated:
            organization_id, user_id = user.organization_id, user.pk
        else:
            organization_id = user_id = None
        with tenant_context(organization_id, user_id):
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
