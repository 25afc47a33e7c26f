from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext

from apps.core import metrics, request_stats
from apps.core.tenancy import tenant_context

UNRESOLVED_VIEW = "<unresolved>"  # no URL matched: one label for every such path, not one each
# Any other method (a client may send anything) is counted as "other": labels stay bounded.
COUNTED_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


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
                gettext("Forms must be sent as UTF-8."), content_type="text/plain; charset=utf-8"
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


class RequestMetricsMiddleware:
    """Counts and times every request for `/metrics` and the operators' KPIs.

    First in MIDDLEWARE, so that its time is the whole server time and an error turned into a 500
    by any layer is seen. The label is the URL's view name, never the path (unbounded: ids).
    SQL statements are counted by an execute wrapper on the default connection.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = 0

        def count_query(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        metrics.HTTP_IN_PROGRESS.inc()
        try:
            with connection.execute_wrapper(count_query):
                response = self.get_response(request)
        finally:
            metrics.HTTP_IN_PROGRESS.dec()
        seconds = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else UNRESOLVED_VIEW
        status = str(response.status_code)
        method = request.method if request.method in COUNTED_METHODS else "other"
        metrics.HTTP_REQUESTS.labels(view=view, method=method, status=status).inc()
        metrics.HTTP_LATENCY.labels(view=view, status=status).observe(seconds)
        metrics.DB_QUERIES.labels(view=view).inc(queries)
        metrics.DB_QUERIES_PER_REQUEST.labels(view=view).observe(queries)
        request_stats.record_request(view_name=view, status=response.status_code, seconds=seconds)
        return response
