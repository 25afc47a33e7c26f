from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from apps.users.locale import preferred_language, user_timezone


class UserPreferencesMiddleware:
    """Applies the signed-in user's language and timezone (apps.users.locale) to the request. A
    user who chose no language keeps what LocaleMiddleware negotiated with the browser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            language = preferred_language(user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
            timezone.activate(user_timezone(user))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
