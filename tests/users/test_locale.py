"""A user's language and timezone: one rule (apps.users.locale) for their requests and for what is
written to them outside one (e-mails, scheduled notifications)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation

from apps.users.locale import user_language, user_timezone
from apps.users.middleware import UserPreferencesMiddleware
from tests.users.factories import UserFactory


def seen_by_the_view(user, negotiated="en") -> tuple[str, str]:
    """The language and timezone a view runs with, after LocaleMiddleware chose `negotiated`."""
    seen = {}

    def view(request):
        seen["language"] = translation.get_language()
        seen["timezone"] = timezone.get_current_timezone_name()
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = user
    with translation.override(negotiated):
        UserPreferencesMiddleware(view)(request)
    return seen["language"], seen["timezone"]


def test_a_request_runs_in_the_users_language_and_timezone():
    user = UserFactory.build(preferences={"language": "vi", "timezone": "Asia/Ho_Chi_Minh"})

    assert seen_by_the_view(user) == ("vi", "Asia/Ho_Chi_Minh")
    assert timezone.get_current_timezone_name() == "UTC"  # not left active after the request


@pytest.mark.parametrize("preferences", [{}, {"language": "xx", "timezone": "Mars/Olympus"}])
def test_without_a_valid_choice_the_browsers_language_and_the_sites_timezone_apply(preferences):
    user = UserFactory.build(preferences=preferences)

    assert seen_by_the_view(user, negotiated="vi") == ("vi", "UTC")
    assert (user_language(user), user_timezone(user).key) == ("en", "UTC")


def test_anonymous_visitors_keep_what_the_browser_negotiated():
    assert seen_by_the_view(AnonymousUser(), negotiated="vi") == ("vi", "UTC")
