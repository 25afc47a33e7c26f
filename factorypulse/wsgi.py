"""The WSGI entry point, behind a guard for headers Django cannot even build a request from.

Django parses Content-Type while it constructs the request, before any middleware runs, and a value
over `MAX_HEADER_LENGTH` raises there: the server answers a bare 500 and nothing of ours (error
pages, the request's transaction) is involved. The Accept header goes through the same parser,
token by token, whenever a response is negotiated. So such a request is answered 400 here, with a
short plain message, before Django sees it.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.utils.http import MAX_HEADER_LENGTH

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factorypulse.settings.local")

HEADER_TOO_LONG = b"Bad request: a header of this request is too long.\n"


def header_too_long_for_django(environ) -> bool:
    """Whether Django's header parser would refuse a value of this request as too long."""
    if len(environ.get("CONTENT_TYPE", "")) > MAX_HEADER_LENGTH:
        return True
    accept = environ.get("HTTP_ACCEPT", "")
    return len(accept) > MAX_HEADER_LENGTH and any(
        len(token) > MAX_HEADER_LENGTH for token in accept.split(",")
    )


def refuse_headers_too_long(app):
    """Wraps a WSGI app: a request `header_too_long_for_django` answers 400 without reaching it."""

    def guarded(environ, start_response):
        if header_too_long_for_django(environ):
            start_response(
                "400 Bad Request",
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Length", str(len(HEADER_TOO_LONG))),
                ],
            )
            return [HEADER_TOO_LONG]
        return app(environ, start_response)

    return guarded


application = refuse_headers_too_long(get_wsgi_application())
