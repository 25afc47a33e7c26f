"""`/metrics`: never public, and its counters follow the requests, sign-ins and scrape-time
figures (in this process: prometheus-client's single-process registry)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from apps.core.metrics import INSTRUMENT_NAMES
from apps.dashboard.models import DashboardRefreshLog
from apps.operations.metrics import SCRAPE_GAUGES

TOKEN = "scrape-test-token-5c1e"


def scrape(client) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics by (name, sorted labels)."""
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def test_metrics_without_a_token_is_401_with_a_bearer_challenge(client, db, metrics_token):
    response = client.get("/metrics")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"factorypulse" not in response.content


@pytest.mark.parametrize("header", ["Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", ""])
def test_metrics_with_another_token_is_403(client, db, metrics_token, header):
    response = client.get("/metrics", HTTP_AUTHORIZATION=header)

    assert response.status_code == 403
    assert b"factorypulse" not in response.content


def test_metrics_is_403_to_everyone_when_no_token_is_configured(client, db, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer None").status_code == 403


def test_a_signed_in_operator_is_not_a_token(client, admin_user, metrics_token, settings):
    settings.OPERATOR_EMAILS = [admin_user.email]
    client.force_login(admin_user)

    assert client.get("/metrics").status_code == 401


def test_metrics_name_every_instrument_and_scrape_gauge(client, db, metrics_token):
    client.get(reverse("login"))
    samples = scrape(client)
    names = {name for name, _ in samples}

    # Sign-ins and Celery tasks appear once one happened (tests below and with a real worker).
    for name, kind in INSTRUMENT_NAMES.items():
        if name.startswith(("factorypulse_logins", "factorypulse_celery")):
            continue
        assert (f"{name}_bucket" if kind == "histogram" else name) in names, name
    for gauge in ("factorypulse_kpi_value", "factorypulse_kpi_status",
                  "factorypulse_celery_queue_length", "factorypulse_job_failing",
                  "factorypulse_dashboard_data_age_seconds"):  # fmt: skip
        assert gauge in SCRAPE_GAUGES
        assert gauge in names, gauge


def test_request_counters_rise_with_requests_per_view_and_status(client, db, metrics_token):
    before = scrape(client)

    client.get(reverse("login"))
    client.get(reverse("login"))
    client.get("/no-such-page/")

    after = scrape(client)
    login = {"view": "login", "method": "GET", "status": "200"}
    assert value(after, "factorypulse_http_requests_total", **login) == (
        value(before, "factorypulse_http_requests_total", **login) + 2
    )
    missing = {"view": "<unresolved>", "method": "GET", "status": "404"}
    assert value(after, "factorypulse_http_requests_total", **missing) == (
        value(before, "factorypulse_http_requests_total", **missing) + 1
    )
    timed = {"view": "login", "status": "200"}
    assert value(after, "factorypulse_http_request_duration_seconds_count", **timed) == (
        value(before, "factorypulse_http_request_duration_seconds_count", **timed) + 2
    )
    assert value(after, "factorypulse_db_queries_total", view="operations:metrics") > value(
        before, "factorypulse_db_queries_total", view="operations:metrics"
    )


def test_sign_in_failures_are_counted(client, sales_user, password, metrics_token):
    before = scrape(client)

    client.post(reverse("login"), {"username": sales_user.email, "password": "wrong"})
    client.post(reverse("login"), {"username": sales_user.email, "password": password})

    after = scrape(client)
    for outcome in ("failed", "succeeded"):
        assert value(after, "factorypulse_logins_total", outcome=outcome) == (
            value(before, "factorypulse_logins_total", outcome=outcome) + 1
        )


def test_kpi_statuses_are_exported_with_the_page_s_figures(client, db, metrics_token, settings):
    settings.DASHBOARD_REFRESH_SECONDS = 300
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    DashboardRefreshLog.objects.update(refreshed_at=an_hour_ago)

    samples = scrape(client)

    assert value(samples, "factorypulse_kpi_status", kpi="dashboard_data_age_seconds") == 2
    assert value(samples, "factorypulse_kpi_status", kpi="db_connections") == 0
    assert value(samples, "factorypulse_kpi_value", kpi="db_connections") >= 1
    assert value(samples, "factorypulse_dashboard_data_age_seconds") >= 3600
