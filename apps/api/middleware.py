"""Bearer-token authentication for /api/, before the tenant's transaction opens."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from apps.api.ratelimit import rate_limit_retry_after
from apps.api.tokens import api_token_authenticate

API_PREFIX = "/api/"


class ApiTokenMiddleware:
    """Resolve `Authorization: Bearer <token>` on /api/ into the token's user.

    It sits between AuthenticationMiddleware and TenantMiddleware: the token is looked up as the
    connection's login role (a SECURITY DEFINER function, `apps.api.tokens`), and the request's
    user is replaced by the token's user, so `TenantMiddleware` opens that user's tenant context
    exactly as it does for a session. A bad token is a 401 and an exhausted rate limit a 429,
    both answered here before any tenant data is read. A header token is not sent by browsers on
    their own, so such a request needs no CSRF token.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if not request.path.startswith(API_PREFIX) or not header.lower().startswith("bearer "):
            return self.get_response(request)
        grant = api_token_authenticate(header[7:].strip())
        if grant is None:
            return JsonResponse(
                {"detail": _("The token is invalid, expired or revoked.")},
                status=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        retry_after = rate_limit_retry_after(grant.token_id)
        if retry_after is not None:
            return JsonResponse(
                {
                    "detail": _("Too many requests. Try again in %(seconds)d seconds.")
                    % {"seconds": retry_after}
                },
                status=429,
                headers={"Retry-After": str(retry_after)},
            )
        request.user = grant.user
        request.api_token = grant
        request._dont_enforce_csrf_checks = True
        return self.get_response(request)
