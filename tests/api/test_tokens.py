"""Personal access tokens: shown once, stored hashed, scoped, expiring, revocable, rate limited;
the token acts as its user. Session authentication works for the browser, with CSRF."""

import datetime
import hashlib
import zoneinfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from apps.api.models import ApiToken
from apps.api.tokens import api_token_authenticate
from apps.core.tenancy import app_role
from apps.organizations.models import Organization
from apps.users.models import Role
from tests.api.conftest import bearer, issue_token
from tests.tenancy import role_probe
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/users/me"
CUSTOMERS = "/api/v1/customers/"


def test_the_settings_page_shows_a_new_token_once_and_stores_only_its_digest(client, world):
    client.force_login(world.sales)

    response = client.post(
        reverse("api-tokens"), {"name": "ERP", "scope": "read", "expires_in_days": "30"}
    )

    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("fp_") and secret in response.content.decode()
    token = ApiToken.objects.get(user=world.sales)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values()))
    again = client.get(reverse("api-tokens"))
    assert secret not in again.content.decode() and token.prefix in again.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_the_settings_page_refuses_a_token_without_a_name(client, world):
    client.force_login(world.sales)

    response = client.post(reverse("api-tokens"), {"name": "", "scope": "read"})

    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_the_user_menu_links_to_the_tokens_page(client, world):
    client.force_login(world.sales)

    page = client.get(reverse("projects:list")).content.decode()

    assert f'href="{reverse("api-tokens")}"' in page


def test_a_token_acts_as_its_user(client, world):
    response = client.get(ME, **bearer(issue_token(world.sales, "read")))

    assert response.status_code == 200
    assert response.json()["email"] == world.sales.email
    assert ApiToken.objects.get(user=world.sales).last_used_at is not None


@pytest.mark.parametrize("header", ["", "Bearer fp_not-a-token", "Bearer something-else"])
def test_no_or_an_unknown_token_is_a_json_401(client, world, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}

    response = client.get(ME, **extra)

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_revoked_token_stops_working_at_once(client, world):
    secret = issue_token(world.sales, "read")
    client.force_login(world.sales)
    token = ApiToken.objects.get(user=world.sales)

    client.post(reverse("api-token-revoke", kwargs={"pk": token.pk}))

    assert Client().get(ME, **bearer(secret)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_another_persons_token(client, world):
    issue_token(world.sales, "read")
    token = ApiToken.objects.get(user=world.sales)
    client.force_login(world.admin)

    response = client.post(reverse("api-token-revoke", kwargs={"pk": token.pk}))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("zone", ["UTC", "Asia/Ho_Chi_Minh"])
def test_a_token_expires_at_its_instant_around_midnight(world, zone):
    midnight = datetime.datetime(2026, 12, 31, tzinfo=zoneinfo.ZoneInfo(zone))
    with time_machine.travel(midnight - datetime.timedelta(days=7, seconds=1), tick=False):
        secret = issue_token(world.sales, "read", days=7)

    with time_machine.travel(midnight - datetime.timedelta(seconds=2), tick=False):
        assert api_token_authenticate(secret) is not None
    with time_machine.travel(midnight, tick=False):
        assert api_token_authenticate(secret) is None
    with time_machine.travel(midnight + datetime.timedelta(hours=7), tick=False):
        assert Client().get(ME, **bearer(secret)).status_code == 401


def test_a_read_token_cannot_write(client, world):
    response = client.post(
        CUSTOMERS,
        {"name": "Honda Vietnam"},
        content_type="application/json",
        **bearer(issue_token(world.admin, "read")),
    )

    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert not Organization.objects.filter(name="Honda Vietnam").exists()


def test_a_write_token_has_only_its_users_permissions(client, world):
    auditor = UserFactory(organization=world.tenant, role=Role.AUDITOR)

    response = client.post(
        CUSTOMERS,
        {"name": "Honda Vietnam"},
        content_type="application/json",
        **bearer(issue_token(auditor, "write")),
    )

    assert response.status_code == 403
    assert not Organization.objects.filter(name="Honda Vietnam").exists()


def test_the_session_works_for_the_browser_with_csrf(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.admin)
    assert browser.get(ME).status_code == 200

    refused = browser.post(CUSTOMERS, {"name": "Mazda"}, content_type="application/json")
    assert refused.status_code in (401, 403)
    assert not Organization.objects.filter(name="Mazda").exists()

    browser.get(reverse("api-tokens"))
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        CUSTOMERS, {"name": "Mazda"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert accepted.status_code == 201


def test_requests_beyond_the_rate_limit_get_429_with_retry_after(client, world, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    secret = issue_token(world.sales, "read")
    other = issue_token(world.admin, "read")

    with time_machine.travel(datetime.datetime(2026, 12, 6, 3, 0, 15, tzinfo=datetime.UTC)):
        answers = [client.get(ME, **bearer(secret)).status_code for _ in range(4)]
        limited = client.get(ME, **bearer(secret))
        others = client.get(ME, **bearer(other))

    assert answers == [200, 200, 200, 429]
    assert limited.status_code == 429 and 1 <= int(limited["Retry-After"]) <= 60
    assert others.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_token_request_runs_as_the_app_role_in_the_tokens_tenant(client, world, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.tenancy.role_probe.RoleProbeMiddleware"]
    role_probe.observations.clear()

    client.get(ME, **bearer(issue_token(world.sales, "read")))

    (observation,) = role_probe.observations
    role_probe.observations.clear()
    assert observation["role"] == app_role()
    assert observation["organization_id"] == str(world.tenant.pk)
    assert observation["in_transaction"]
