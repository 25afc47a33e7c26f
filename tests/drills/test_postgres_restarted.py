"""Drill: PostgreSQL restarts while the app serves. A private PostgreSQL (a fresh data dir,
migrated) backs a gunicorn of the app; a signed-in user works, the server is restarted with
`pg_ctl restart -m fast`, and the very next requests, a write among them, succeed without
restarting the app.

gunicorn rather than Django's live_server: it is how production serves (Dockerfile), and its
worker keeps one persistent connection across requests (CONN_MAX_AGE), which is exactly what a
restart breaks. live_server would run against the test run's database on the shared server,
which a drill must never restart.
"""

from __future__ import annotations

import http.cookiejar
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

from factorypulse.devstack.servers import BASE_DIR, embedded_postgres, ephemeral_port, pg_ctl

ADMIN_EMAIL = "admin@drill.example.com"
ADMIN_PASSWORD = "Drill-restart-4821"
APP_DATABASE = "factorypulse"
# A server for one drill: without durability, migrating it and shutting it down take seconds
# instead of a minute of flushing on a busy disk. A restart keeps these (postmaster.opts).
THROWAWAY_SERVER = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


class SignedInBrowser:
    """A cookie-keeping HTTP client for the app under drill (the standard library's)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """(status, body, final URL); a form is POSTed with the CSRF token."""
        data = None
        if form is not None:
            data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.csrf()}).encode()
        try:
            with self.opener.open(self.base_url + path, data=data, timeout=30) as response:
                return response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.url

    def csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def sign_in(self, email: str, password: str) -> tuple[int, str, str]:
        self.request("/accounts/login/")  # sets the CSRF cookie
        return self.request("/accounts/login/", {"username": email, "password": password})


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, capture_output=True
    )


def app_backend_pids(database_url: str) -> set[int]:
    """The server processes serving the app's connections (not this one's)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
            [APP_DATABASE],
        ).fetchall()
    return {pid for (pid,) in rows}


def wait_until_serving(server: subprocess.Popen, base_url: str, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited:\n{log.read_text()[-3000:]}"
        try:
            SignedInBrowser(base_url).request("/accounts/login/")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within 60 s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def private_postgres():
    """Not under pytest's tmp_path: every pytest session of the same user sets its parent back to
    rwx------, which would lock the server's system user out of its data dir mid-drill."""
    data_dir = Path(tempfile.mkdtemp(prefix="factorypulse-drill-")) / "postgres"
    try:
        with embedded_postgres(data_dir, THROWAWAY_SERVER) as url:
            yield url, data_dir
    finally:
        shutil.rmtree(data_dir.parent, ignore_errors=True)


@pytest.fixture
def app_server(private_postgres, tmp_path):
    """gunicorn (one sync worker: one persistent connection) on the migrated private database,
    with one tenant and its admin."""
    url, _ = private_postgres
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "factorypulse.settings.test",
    }
    env.pop("CONN_MAX_AGE", None)  # the deployed default
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createtenant", "Drill Factory", "--admin-email", ADMIN_EMAIL,
           "--admin-password", ADMIN_PASSWORD)  # fmt: skip
    port = ephemeral_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "factorypulse.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"],
            cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(server, base_url, log)
        yield server, base_url, log
    finally:
        server.terminate()
        server.wait(15)


def test_after_a_postgres_restart_the_next_requests_succeed_without_restarting_the_app(
    private_postgres, app_server
):
    database_url, data_dir = private_postgres
    server, base_url, log = app_server
    browser = SignedInBrowser(base_url)
    status, _, landed = browser.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    assert (status, landed) == (200, base_url + "/")
    assert browser.request("/projects/")[0] == 200
    held = app_backend_pids(database_url)
    assert held, "the app should hold a persistent connection between requests"

    started = time.perf_counter()
    restart = pg_ctl(data_dir, "restart", "-m", "fast", "-w", "-t", "60")
    restart_seconds = time.perf_counter() - started
    assert restart.returncode == 0, restart.stderr

    started = time.perf_counter()
    after = [browser.request(path)[0] for path in ("/", "/projects/", "/customers/")]
    created = browser.request(
        "/customers/new/",
        {"name": "Restart Motors", "organization_type": "customer",
         "timezone": "Asia/Ho_Chi_Minh", "default_currency": "USD"},
    )  # fmt: skip
    first_requests_seconds = time.perf_counter() - started

    assert after == [200, 200, 200], log.read_text()[-3000:]
    assert created[0] == 200 and "/customers/" in created[2], log.read_text()[-3000:]
    assert "Restart Motors was added." in created[1]
    with psycopg.connect(database_url) as conn:
        stored = conn.execute(
            "SELECT count(*) FROM organizations WHERE name = 'Restart Motors'"
        ).fetchone()
    assert stored == (1,)
    assert server.poll() is None  # the same app, never restarted
    assert not held & app_backend_pids(database_url)  # it reconnected on its own
    print(
        f"\npg_ctl restart -m fast: {restart_seconds:.1f} s; the first requests after it "
        f"(3 pages and a write): {first_requests_seconds * 1000:.0f} ms"
    )
