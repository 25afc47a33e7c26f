"""Keeps the portal and the staff pages apart.

A customer's account reaches the portal (/portal/), signing out and its password pages, and static
files; anything else is a 404, and the home page sends it to the portal. (Staff are sent from the
portal to their own home page by the portal views' `portal_required`.) It sits after the tenant
middleware; a customer's request never reaches a staff view, which would find the portal role
refused on its tables anyway.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

PORTAL_PREFIX = "/portal/"
# What a customer's account may reach besides the portal. (Not the password change page: it
# writes the user row as the request's role, and the portal role may not; contacts set a new
# password through the e-mailed reset link, which writes as the account's tenant.)
CUSTOMER_PATHS = (
    "/accounts/logout/",
    "/accounts/password_reset/",
    "/accounts/reset/",
    "/favicon.ico",
)


class PortalBoundaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        path = request.path
        if user.is_authenticated and getattr(user, "is_customer", False):
            if path == "/":
                return redirect("portal:projects")
            allowed = (PORTAL_PREFIX, settings.STATIC_URL, *CUSTOMER_PATHS)
            if not path.startswith(allowed):
                raise Http404("Not found.")
        return self.get_response(request)
