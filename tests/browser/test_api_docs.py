"""The API documentation page: the vendored Swagger UI renders the schema's operations under the
site's Content-Security-Policy, with no violation and nothing fetched from another site."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_content_security_policy import RECORD_VIOLATIONS, csp_reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_under_the_csp_from_our_own_files(page, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(RECORD_VIOLATIONS)

    page.goto("/api/v1/docs/")

    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    expect(page.get_by_text("/api/v1/projects/", exact=True).first).to_be_visible()
    assert csp_reports(page) == []
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requested)
