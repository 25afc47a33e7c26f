"""Every URL runs its view as the app role inside the middleware's own transaction, and nothing of
one request's tenant survives into the next request on the same (persistent) connection.

These tests use `transaction=True`: inside the default test transaction a missing `atomic()` in the
middleware would go unnoticed.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from apps.core.tenancy import app_role
from tests.tenancy import role_probe

PROBE = "tests.tenancy.role_probe.RoleProbeMiddleware"
DUMMY_BY_CONVERTER = {"UUIDConverter": uuid.uuid4, "IntConverter": lambda: 1}


def every_url_path() -> list[str]:
    """One concrete path per URL pattern of the project, with made-up arguments."""
    paths: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + _concrete(entry))
            elif isinstance(entry, URLPattern):
                paths.append("/" + prefix + _concrete(entry))

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


def _concrete(entry) -> str:
    pattern = entry.pattern
    if hasattr(pattern, "converters") and hasattr(pattern, "_route"):
        # `<uuid:pk>` / `<pk>` → a made-up value of the converter's type.
        def fill(token):
            name = token.group(1)
            converter = pattern.converters.get(name)
            return str(DUMMY_BY_CONVERTER.get(type(converter).__name__, lambda: "x")())

        return re.sub(r"<(?:\w+:)?(\w+)>", fill, pattern._route)
    # Regex patterns (the admin's app index and catch-all): fill each named group.
    regex = pattern._regex.lstrip("^").rstrip("$").replace("\\Z", "")
    return re.sub(
        r"\(\?P<(\w+)>[^)]*\)",
        lambda group: "users" if group.group(1) == "app_label" else "x",
        regex,
    )


@pytest.fixture
def probed(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, PROBE]
    role_probe.observations.clear()
    yield role_probe.observations
    role_probe.observations.clear()


def test_the_url_walk_finds_the_project_pages():
    paths = every_url_path()
    assert "/" in paths
    assert "/health/" in paths
    assert "/accounts/login/" in paths
    assert any(path.startswith("/admin/") for path in paths)


@pytest.mark.django_db(transaction=True)
def test_every_url_runs_as_the_app_role_for_a_signed_in_user(client, admin_user, probed):
    client.force_login(admin_user)
    paths = every_url_path()

    for path in paths:
        client.get(path)

    seen = {observation["path"] for observation in probed}
    assert seen == set(paths), set(paths) - seen
    for observation in probed:
        assert observation["role"] == app_role(), observation
        assert observation["organization_id"] == str(admin_user.organization_id), observation
        assert observation["in_transaction"], observation


@pytest.mark.django_db(transaction=True)
def test_every_url_runs_as_the_app_role_with_no_tenant_when_anonymous(client, probed):
    for path in every_url_path():
        client.get(path)

    assert probed
    for observation in probed:
        assert observation["role"] == app_role(), observation
        assert observation["organization_id"] == "", observation


@pytest.mark.django_db(transaction=True)
def test_tenant_settings_never_leak_into_the_next_request(
    client, admin_user, other_admin, probed, settings
):
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 600
    connection.settings_dict["CONN_MAX_AGE"] = 600
    client.force_login(admin_user)
    client.get("/")
    backend_pid = connection.connection.info.backend_pid

    client.logout()
    client.get("/accounts/login/")
    client.force_login(other_admin)
    client.get("/")

    assert connection.connection.info.backend_pid == backend_pid, "connection was not reused"
    tenants = [observation["organization_id"] for observation in probed]
    assert tenants == [str(admin_user.organization_id), "", str(other_admin.organization_id)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user::text, coalesce(current_setting('app.organization_id', true), '')"
        )
        role, organization_id = cursor.fetchone()
    assert role != app_role()
    assert organization_id == ""
