"""A request runs in one transaction (`TenantMiddleware`), and a request that fails keeps nothing
it wrote: Django turns a view's exception into a 500 response inside that transaction, so the
middleware rolls it back for every 5xx answer. (The case that showed it, an approval approved by
a request that then failed on its `next`, is in tests/approvals/test_action_views.py.)

`transaction=True`: these tests need the middleware's own transaction to commit or roll back.
"""

import pytest
from django.test import Client

from tests.core.failing_views_urls import WRITTEN_NAME

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def failing_client(admin_user):
    """A client that answers like the server does (a 500 page) instead of re-raising."""
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


@pytest.mark.urls("tests.core.failing_views_urls")
@pytest.mark.parametrize(
    ("url", "status"), [("/write-then-raise/", 500), ("/write-then-503/", 503)]
)
def test_a_request_that_answers_5xx_keeps_nothing_it_wrote(failing_client, admin_user, url, status):
    response = failing_client.get(url)

    assert response.status_code == status
    admin_user.refresh_from_db()
    assert admin_user.name != WRITTEN_NAME


@pytest.mark.urls("tests.core.failing_views_urls")
def test_a_request_that_succeeds_commits_what_it_wrote(failing_client, admin_user):
    response = failing_client.get("/write-then-200/")

    assert response.status_code == 200
    admin_user.refresh_from_db()
    assert admin_user.name == WRITTEN_NAME
