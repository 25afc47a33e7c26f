"""The language buttons of the sign-in page: a CSRF-checked POST that remembers the language and
goes back only to a path of this site."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/language/"


def test_the_sign_in_page_offers_both_languages_and_speaks_the_chosen_one(client):
    page = client.get("/accounts/login/").content.decode()

    response = client.post(URL, {"language": "vi", "next": "/accounts/login/?next=/projects/"})
    again = client.get(response["Location"])

    assert 'data-testid="language-switch"' in page
    assert 'value="vi"' in page and "Tiếng Việt" in page
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/projects/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    assert '<html lang="vi"' in again.content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "ADMIN", ""])
def test_next_must_be_a_path_of_this_site(client, target):
    response = client.post(URL, {"language": "en", "next": target})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


@pytest.mark.parametrize("language", ["fr", "", "vi; DROP"])
def test_an_unknown_language_is_400_and_no_cookie(client, language):
    response = client.post(URL, {"language": language})

    assert response.status_code == 400
    assert "choose one of en, vi" in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_it_is_a_csrf_checked_post():
    browser = Client(enforce_csrf_checks=True)

    assert browser.get(URL).status_code == 405
    assert browser.post(URL, {"language": "vi"}).status_code == 403
