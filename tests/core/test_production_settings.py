"""The production settings as the Dockerfile and docker-compose.yml use them: each run in a fresh
interpreter, so that what the environment says is read the way a deployment reads it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

# What a deployment sets (docker-compose.yml passes each of them).
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "factorypulse.settings.production",
    "DJANGO_SECRET_KEY": "production-test-3b8f0c4a9e1d7f26a5c3e8b1d4f7a0c9e2b5d8f1a4c7e0b3",
    "DJANGO_ALLOWED_HOSTS": "pulse.example.com",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    "SITE_URL": "https://pulse.example.com",
}
# Variables of the caller's environment that would change what is tested here.
# (The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; no deployment does.)
UNSET = (
    "DJANGO_BEHIND_TRUSTED_PROXY",
    "DJANGO_STATIC_ROOT",
    "DJANGO_DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)

PRINT_SETTINGS = (
    "import django, json, sys; django.setup(); from django.conf import settings; "
    "print(json.dumps({name: getattr(settings, name, None) for name in sys.argv[1:]}))"
)
REQUEST_IS_SECURE = (
    "import django; django.setup(); from django.test import RequestFactory; "
    "print(RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https', "
    "HTTP_HOST='pulse.example.com').is_secure())"
)


def run_in_production(args: list[str], **env: str | None) -> subprocess.CompletedProcess:
    """Runs `python ARGS` under the production settings; a None value removes that variable."""
    environment = {k: v for k, v in os.environ.items() if k not in UNSET}
    environment.update(PRODUCTION_ENV)
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, *args],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def production_settings(*names: str, **env: str | None) -> dict:
    result = run_in_production(["-c", PRINT_SETTINGS, *names], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_demand_a_secret_and_secure_cookies():
    refused = run_in_production(["-c", PRINT_SETTINGS, "DEBUG"], DJANGO_SECRET_KEY=None)
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY" in refused.stderr

    values = production_settings(
        "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY"
    )
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
    }


@pytest.mark.parametrize("email_url", [None, "", "consolemail://", "dummymail://"])
def test_production_refuses_to_start_without_a_real_mail_server(email_url):
    result = run_in_production(["manage.py", "check", "--deploy"], EMAIL_URL=email_url)
    assert result.returncode != 0
    assert "set EMAIL_URL to your mail server" in result.stderr


def test_the_deploy_check_passes_with_a_mail_server_and_a_site_url():
    result = run_in_production(["manage.py", "check", "--deploy", "--fail-level", "ERROR"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mail.E001" not in result.stdout + result.stderr
    smtp = production_settings("MAILERS")["MAILERS"]["default"]
    assert smtp["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert smtp["OPTIONS"]["host"] == "smtp.example.com"


@pytest.mark.parametrize("site_url", [None, "", "pulse.example.com"])
def test_production_refuses_to_start_without_the_site_url_e_mails_link_to(site_url):
    result = run_in_production(["manage.py", "check", "--deploy"], SITE_URL=site_url)
    assert result.returncode != 0
    assert "set SITE_URL to it" in result.stderr


def test_e_mail_links_use_the_configured_site_url():
    assert production_settings("SITE_URL") == {"SITE_URL": "https://pulse.example.com"}
    other = production_settings("SITE_URL", SITE_URL="https://factory.example.org")
    assert other == {"SITE_URL": "https://factory.example.org"}


def test_x_forwarded_proto_is_believed_only_behind_a_declared_trusted_proxy():
    direct = run_in_production(["-c", REQUEST_IS_SECURE])
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.strip() == "False"
    assert production_settings("SECURE_PROXY_SSL_HEADER") == {"SECURE_PROXY_SSL_HEADER": None}

    proxied = run_in_production(["-c", REQUEST_IS_SECURE], DJANGO_BEHIND_TRUSTED_PROXY="true")
    assert proxied.returncode == 0, proxied.stderr
    assert proxied.stdout.strip() == "True"


def test_docker_compose_publishes_gunicorn_on_the_loopback_only():
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        env={**os.environ, "DJANGO_SECRET_KEY": "ci-config-check"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    services_block = re.split(r"^services:\n", result.stdout, flags=re.M)[1]
    services = re.split(r"\n  (?=\S)", re.split(r"^\S", services_block, flags=re.M)[0])
    published = {}
    for service in services:
        name = service.split(":", 1)[0].strip()
        ports = re.search(r"\n    ports:\n((?:    - .*\n|      .*\n)+)", service + "\n")
        if ports:
            published[name] = ports.group(1)
    assert set(published) == {"web"}
    assert re.fullmatch(r"    - 127\.0\.0\.1:8000:8000/tcp\n", published["web"]), published["web"]


# --- static files ---


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT as the Dockerfile's build step fills it under the production settings."""
    root = tmp_path_factory.mktemp("staticfiles")
    result = run_in_production(
        ["manage.py", "collectstatic", "--noinput"], DJANGO_STATIC_ROOT=str(root)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def manifest_storage(settings, collected_static):
    """This process serves the collected files the way production does: hashed names from the
    manifest, no finders, DEBUG off."""
    settings.DEBUG = False
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    return collected_static


def test_collectstatic_succeeds_under_the_production_settings(collected_static):
    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    assert "vendor/chart.js-4.6.1/chart.umd.min.js" in manifest
    assert "vendor/chart.js-4.6.1/chart.umd.min.js.map" in manifest


def assert_static_files_are_served(client, page: bytes) -> list[str]:
    urls = re.findall(rb'(?:src|href)="(/static/[^"]+)"', page)
    assert urls
    for url in urls:
        # Every name is the hashed one from the manifest, and whitenoise serves it.
        assert re.search(rb"\.[0-9a-f]{12}\.", url), url
        response = client.get(url.decode())
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)
    return [url.decode() for url in urls]


def test_the_sign_in_page_is_served_with_the_production_static_storage(
    client, db, manifest_storage
):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert_static_files_are_served(client, response.content)


def test_the_dashboard_is_served_with_chart_js_from_the_manifest(
    client, admin_user, manifest_storage
):
    client.force_login(admin_user)
    response = client.get("/")
    assert response.status_code == 200
    urls = assert_static_files_are_served(client, response.content)
    assert any("chart.umd.min." in url for url in urls)
