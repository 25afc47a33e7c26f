"""A user's own language and timezone (users.preferences), for text made outside a request:
e-mails and notifications written by scheduled jobs."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import formats, timezone, translation


def user_language(user) -> str:
    language = (user.preferences or {}).get("language")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def user_timezone(user) -> zoneinfo.ZoneInfo:
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
