"""The operators' page, its JSON, and `/metrics`.

Installation operators only: the KPIs sum every tenant (sign-ins, errors, activity, projects),
so a tenant's own admin must not see them. The user model's `is_staff` means "may use the admin
for its tenant" here (every tenant admin has it) and no user is a superuser, so neither marks an
operator: OPERATOR_EMAILS (settings) names them. A monitor presents
`Authorization: Bearer <METRICS_TOKEN>` instead.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from apps.operations.kpi_samples import kpi_trends
from apps.operations.kpis import kpis_evaluate, overall_status
from apps.operations.metrics import metrics_exposition


def is_operator(user) -> bool:
    operators = {email.strip().lower() for email in settings.OPERATOR_EMAILS}
    return user.is_authenticated and user.email.lower() in operators


def has_metrics_token(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    presented = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(presented.encode(), f"Bearer {token}".encode())


def _require_operator(request: HttpRequest) -> None:
    if not is_operator(request.user):
        raise PermissionDenied("The operators' page is for the installation's operators.")


@never_cache
@require_GET
@login_required
def operators_page(request: HttpRequest) -> HttpResponse:
    _require_operator(request)
    kpis = kpis_evaluate()
    trends = kpi_trends()
    return render(
        request,
        "operations/operators.html",
        {
            "kpis": kpis,
            "overall": overall_status(kpis),
            "trends": {kpi.key: trends.get(kpi.key, []) for kpi in kpis},
        },
    )


@never_cache
@require_GET
def kpis_json(request: HttpRequest) -> JsonResponse:
    """The same KPIs for scripts: a staff session or the metrics token."""
    if not (is_operator(request.user) or has_metrics_token(request)):
        return JsonResponse({"error": "operators or the metrics token only"}, status=403)
    kpis = kpis_evaluate()
    return JsonResponse({"status": overall_status(kpis), "kpis": [kpi.as_dict() for kpi in kpis]})


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus. 401 without credentials (with the challenge), 403 with the wrong ones or when
    no METRICS_TOKEN is configured: never public."""
    if "Authorization" not in request.headers:
        response = HttpResponse("A bearer token is required.\n", status=401,
                                content_type="text/plain")  # fmt: skip
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if not has_metrics_token(request):
        return HttpResponse("Forbidden.\n", status=403, content_type="text/plain")
    return HttpResponse(metrics_exposition(), content_type=CONTENT_TYPE_LATEST)
