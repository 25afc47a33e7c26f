"""Who is calling: a personal access token (resolved by `ApiTokenMiddleware`) or the browser's
session (with Django's CSRF check on writes)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from apps.api.tokens import api_token_touch

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HttpBearer):
    """The token was checked before the tenant context opened; here it only has to be there,
    and a read token may only read."""

    openapi_description = "A personal access token from /settings/tokens/: `Bearer fp_…`."

    def __call__(self, request: HttpRequest):
        grant = getattr(request, "api_token", None)
        if grant is None:
            return None
        if request.method not in SAFE_METHODS and not grant.can_write:
            raise HttpError(403, _("This token is read-only; create a read and write token."))
        api_token_touch(grant)
        return grant.user

    def authenticate(self, request: HttpRequest, token: str):
        """Unused: `__call__` reads the grant the middleware resolved (HttpBearer requires it)."""
        return None


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser (the documentation page's "Try it out"), CSRF-checked on writes."""

    def authenticate(self, request: HttpRequest, key):
        if getattr(request, "api_token", None) is not None:
            return None
        return super().authenticate(request, key)
