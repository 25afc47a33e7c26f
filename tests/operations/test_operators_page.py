"""The operators' page and its JSON: installation operators only (OPERATOR_EMAILS), never a
tenant's admin; each KPI with value, threshold, status and its trend's data."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.dashboard.models import DashboardRefreshLog
from apps.operations.kpi_samples import kpis_record_samples
from apps.operations.kpis import KPI_DEFINITIONS

PAGE = reverse("operations:operators")
JSON = reverse("operations:kpis-json")


@pytest.fixture
def operator(admin_user, settings):
    settings.OPERATOR_EMAILS = [admin_user.email.upper()]  # compared lower-cased
    return admin_user


def test_a_tenant_admin_who_is_not_an_operator_is_refused(client, other_admin, operator):
    assert other_admin.is_staff  # a tenant admin may use the admin site for its tenant...
    client.force_login(other_admin)

    assert client.get(PAGE).status_code == 403  # ...but sees no installation figures
    assert client.get(JSON).status_code == 403
    assert b"operators-link" not in client.get(reverse("home")).content


def test_anonymous_visitors_are_sent_to_sign_in_and_the_json_refuses_them(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(JSON).status_code == 403


def test_the_page_shows_every_kpi_with_threshold_status_and_trend(
    client, operator, django_assert_max_num_queries
):
    kpis_record_samples(now=timezone.now() - datetime.timedelta(minutes=10))
    kpis_record_samples(now=timezone.now() - datetime.timedelta(minutes=5))
    client.force_login(operator)

    # A constant number whatever the data: each of the 14 KPIs reads in its own savepoint (about
    # four statements), the jobs' records are in Redis and the trends are one query.
    with django_assert_max_num_queries(70):
        response = client.get(PAGE)

    assert response.status_code == 200
    page = response.content.decode()
    for definition in KPI_DEFINITIONS:
        assert f'data-kpi="{definition.key}"' in page
        assert f'data-kpi-trend="{definition.key}"' in page
    assert "&gt; 200 ms WARNING, &gt; 500 ms CRITICAL" in page
    assert 'data-kpi="job:record-heartbeat"' in page
    trends = json.loads(re.search(r'id="kpi-trends"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert len(trends["db_connections"]) == 2
    assert "operators-link" in page
    assert "style=" not in page  # the CSP forbids inline styles


def test_a_critical_kpi_shows_as_critical_overall(client, operator, settings):
    DashboardRefreshLog.objects.update(refreshed_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(operator)

    response = client.get(PAGE)

    assert 'data-testid="overall-status">CRITICAL' in response.content.decode()


def test_the_json_answers_an_operator_and_the_metrics_token(client, operator, settings):
    settings.METRICS_TOKEN = "json-token"
    client.force_login(operator)
    signed_in = client.get(JSON).json()
    client.logout()

    by_token = client.get(JSON, HTTP_AUTHORIZATION="Bearer json-token").json()

    for report in (signed_in, by_token):
        assert report["status"] in {"OK", "WARNING", "CRITICAL"}
        keys = {kpi["key"] for kpi in report["kpis"]}
        assert {definition.key for definition in KPI_DEFINITIONS} <= keys
        connections = next(kpi for kpi in report["kpis"] if kpi["key"] == "db_connections")
        assert connections["threshold"] == "> 12 WARNING"
        assert connections["value"] >= 1
    assert client.get(JSON, HTTP_AUTHORIZATION="Bearer other").status_code == 403


def test_the_page_answers_post_with_405(client, operator):
    client.force_login(operator)
    assert client.post(PAGE).status_code == 405
