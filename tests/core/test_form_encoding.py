"""A form post in a charset other than UTF-8 is a 400, answered before any view reads it."""

import pytest
from django.test import Client

from apps.projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)

FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("charset", ["utf-7", "UTF-16", "latin-1", "utf8", "no-such-charset"])
def test_a_form_post_in_another_charset_is_a_400(settings, admin_user, debug, charset):
    """Before, with DEBUG on (`make run`), the debug page read the refused body again: a 500."""
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)

    response = client.generic(
        "POST", "/projects/new/", b"title=+AGEAYgBj-", content_type=f"{FORM}; charset={charset}"
    )

    assert response.status_code == 400
    assert "Forms must be sent as UTF-8." in response.content.decode()
    assert not Project.objects.exists()


@pytest.mark.parametrize("content_type", [FORM, f"{FORM}; charset=utf-8", f"{FORM}; charset=UTF-8"])
def test_a_form_post_in_utf8_reaches_its_view(admin_user, content_type):
    client = Client()
    client.force_login(admin_user)

    response = client.generic("POST", "/projects/new/", b"title=", content_type=content_type)

    assert response.status_code == 422  # the form's own answer: a title is required
