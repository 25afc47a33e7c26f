"""With DEBUG off (as in production), a missing page and a server error answer with the project's
own pages, not the framework's plain text; and `/favicon.ico` leads to the icon."""

import pytest
from django.test import override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view), path("", broken_view, name="home")]


def test_a_missing_page_answers_404_with_the_projects_page(client, sales_user):
    client.force_login(sales_user)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert 'data-testid="error-page"' in body
    assert "Page not found" in body
    assert 'href="/"' in body


def test_a_missing_page_answers_404_with_the_projects_page_when_signed_out(client):
    response = client.get("/static/no-such-file.css")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_answers_500_with_the_projects_page(client):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    body = response.content.decode()
    assert 'data-testid="error-page"' in body
    assert "Something went wrong" in body
    assert "boom" not in body


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
    assert "favicon" in response["Location"]
