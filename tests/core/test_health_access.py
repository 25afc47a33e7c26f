"""Who sees what of `/health/`: its status (200/503) to anyone, its checks only to signed-in
staff (`is_staff`, the admin and management roles) or with the monitoring token; `smoke_check`
uses both."""

import json

import pytest
from django.core.management import call_command

from apps.users.models import Role
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-monitoring-token"


@pytest.fixture(autouse=True)
def health_token(settings):
    settings.HEALTH_TOKEN = TOKEN


def body_of(response) -> dict:
    assert response.status_code in (200, 503)
    return json.loads(response.content)


def test_anyone_gets_the_status_alone(client):
    assert set(body_of(client.get("/health/"))) == {"status"}


@pytest.mark.parametrize("header", ["", "Bearer wrong", f"Token {TOKEN}", f"Bearer {TOKEN}x"])
def test_a_missing_or_wrong_token_gets_the_status_alone(client, header):
    response = client.get("/health/", HTTP_AUTHORIZATION=header)

    assert set(body_of(response)) == {"status"}


def test_the_monitoring_token_gets_the_checks(client):
    body = body_of(client.get("/health/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))

    assert {"database", "redis", "celery", "beat", "jobs"} <= set(body["checks"])


def test_without_a_configured_token_no_token_is_accepted(client, settings):
    settings.HEALTH_TOKEN = ""

    assert set(body_of(client.get("/health/", HTTP_AUTHORIZATION="Bearer "))) == {"status"}


@pytest.mark.parametrize(
    ("role", "sees_checks"),
    [(Role.ADMIN, True), (Role.MANAGEMENT, True), (Role.SALES, False), (Role.QA, False)],
)
def test_signed_in_staff_get_the_checks(client, tenant, role, sees_checks):
    client.force_login(UserFactory(organization=tenant, role=role))

    body = body_of(client.get("/health/"))

    assert ("checks" in body) is sees_checks


def test_the_detail_roles_are_roles():
    from django.conf import settings

    assert set(settings.HEALTH_DETAIL_ROLES) == {Role.ADMIN, Role.MANAGEMENT}


def test_smoke_check_reads_the_public_status_and_the_checks(capsys, settings):
    settings.HEALTH_TOKEN = ""

    call_command("smoke_check")

    out = capsys.readouterr().out
    assert "ok  health_public" in out and "ok  health_endpoint" in out
