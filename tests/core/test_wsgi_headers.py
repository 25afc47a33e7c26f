"""Headers Django fails to parse while building the request: answered 400 by the WSGI wrapper.

Django's test client builds the request itself, so these call the WSGI application as a server does.
"""

from io import BytesIO
from wsgiref.util import setup_testing_defaults

import pytest
from django.utils.http import MAX_HEADER_LENGTH

from factorypulse.wsgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def call_wsgi(**environ_overrides) -> tuple[str, dict, bytes]:
    environ = {"wsgi.input": BytesIO(b""), "SERVER_NAME": "testserver", "PATH_INFO": "/"}
    environ.update(environ_overrides)
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, dict(headers)

    body = b"".join(application(environ, start_response))
    return started["status"], started["headers"], body


def test_a_content_type_over_djangos_limit_is_a_plain_400():
    status, headers, body = call_wsgi(
        REQUEST_METHOD="POST",
        PATH_INFO="/accounts/login/",
        CONTENT_TYPE="application/x-www-form-urlencoded; x=" + "a" * MAX_HEADER_LENGTH,
        CONTENT_LENGTH="0",
    )

    assert status == "400 Bad Request"
    assert headers["Content-Type"].startswith("text/plain")
    assert b"header of this request is too long" in body


def test_an_accept_type_over_djangos_limit_is_a_plain_400():
    status, _, body = call_wsgi(PATH_INFO="/accounts/login/", HTTP_ACCEPT="text/" + "x" * 10_001)

    assert status == "400 Bad Request"
    assert b"too long" in body


def test_headers_within_the_limit_reach_the_app():
    status, _, body = call_wsgi(
        PATH_INFO="/accounts/login/",
        HTTP_ACCEPT=",".join(["text/html"] * 2_000),  # long, but every type is short
        CONTENT_TYPE="text/plain; x=" + "a" * (MAX_HEADER_LENGTH - 14),
    )

    assert status == "200 OK"
    assert b"too long" not in body
