"""Where a request may send the browser next: only ever a path on this site.

A `next` value comes from the client. Anything but a plain local path ("/projects/…") is ignored
and the caller's default page is used instead: a full URL could send the user to another site, and
a bare word ("ADMIN") would be taken by `redirect()` for a URL name and fail the request after its
work was done.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(character) < 32 or ord(character) == 127 for character in target):
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return None
    return target


def next_path(request: HttpRequest) -> str | None:
    """The request's `next` (posted, else in the query string) when it is a local path."""
    return local_path(request.POST.get("next") or request.GET.get("next"))
