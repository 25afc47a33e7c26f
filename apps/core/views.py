from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.health import health_report


def may_see_health_details(request: HttpRequest) -> bool:
    """The checks name hosts, workers, jobs, tenants and errors: only staff see them, signed in
    (`is_staff`, or a role of HEALTH_DETAIL_ROLES) or with `Authorization: Bearer <HEALTH_TOKEN>`
    (for monitoring). Anyone else gets the status alone, enough for a load balancer."""
    token = settings.HEALTH_TOKEN
    if token and hmac.compare_digest(
        request.headers.get("Authorization", "").encode(), f"Bearer {token}".encode()
    ):
        return True
    user = request.user
    return user.is_authenticated and (
        user.is_staff or getattr(user, "role", None) in settings.HEALTH_DETAIL_ROLES
    )


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    report = health_report()
    status = 200 if report["status"] == "ok" else 503
    if not may_see_health_details(request):
        report = {"status": report["status"]}
    return JsonResponse(report, status=status)


@require_GET
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """`/favicon.ico`, which browsers and other clients ask for whatever the page links: our icon
    is an SVG among the static files (a temporary redirect: its hashed name changes with it)."""
    return HttpResponseRedirect(static("favicon.svg"))
