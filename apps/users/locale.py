"""A user's own language and timezone (users.preferences): applied to their requests by
`UserPreferencesMiddleware`, and to text made for them outside a request (e-mails, notifications
written by scheduled jobs)."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpResponse
from django.utils import formats, timezone, translation


def preferred_language(user) -> str | None:
    """The language the user chose, if it is one the site speaks."""
    language = (user.preferences or {}).get("language")
    return language if language in dict(settings.LANGUAGES) else None


def user_language(user) -> str:
    """The user's language, or the site's when they chose none (a request negotiates with the
    browser instead: see UserPreferencesMiddleware)."""
    return preferred_language(user) or settings.LANGUAGE_CODE


def user_timezone(user) -> zoneinfo.ZoneInfo:
    """The user's timezone, or the site's when they chose none or an unknown one."""
    name = (user.preferences or {}).get("timezone") or settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@contextmanager
def user_locale(user) -> Iterator[None]:
    """Translate and show times as the user asked for, inside the block."""
    with translation.override(user_language(user)), timezone.override(user_timezone(user)):
        yield


def local_datetime_text(user, moment: datetime.datetime) -> str:
    """`moment` as the user reads it: their language's format, their timezone, named."""
    with user_locale(user):
        local = timezone.localtime(moment)
        return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({user_timezone(user).key})"


def remember_language(response: HttpResponse, language: str) -> None:
    """The browser keeps `language` (Django's language cookie, read by LocaleMiddleware) for the
    pages it sees signed out: the sign-in page, password reset."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
