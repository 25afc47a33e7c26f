"""Browser tests: Playwright driving the system's Chromium (Debian's `chromium`), headless.

Playwright's own browser download is not used: it needs the internet. Set CHROMIUM_PATH to use
another Chromium build.
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
# plain synchronous code, so Django's async-safety guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail(
        "No Chromium found for the browser tests: install Debian's `chromium` package "
        "(apt-get install chromium) or set CHROMIUM_PATH.",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()
    wait_for_the_servers_queries()


def wait_for_the_servers_queries(timeout: float = 15.0) -> None:
    """Let the live server finish the requests the closed pages left running (a panel still
    loading, a poll) before the test's tables are emptied: such a request holds locks that the
    flush's TRUNCATE then waits for while it waits for the TRUNCATE's (a deadlock, seen in CI)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
                "AND state IN ('active', 'idle in transaction')"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
