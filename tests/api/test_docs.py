"""The OpenAPI schema and its documentation page, whose viewer is served from our own static
files (no CDN) and runs under the site's CSP (no inline script)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_with_both_ways_to_authenticate(client):
    response = client.get("/api/v1/schema/")

    schema = response.json()
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/projects/" in schema["paths"]
    assert {"TokenAuth", "BrowserSessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_documentation_page_uses_the_vendored_viewer_and_no_inline_script(client):
    response = client.get("/api/v1/docs/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    sources = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert sources and all(source.startswith("/static/") for source in sources)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert all('type="application/json"' in attributes for attributes in inline)
    assert "cdn" not in page.lower()
    for source in sources:
        assert client.get(source).status_code == 200
