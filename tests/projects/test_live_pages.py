"""Live pages: the poll of the board, the list and the project page answers 304 for the price of
the session (and the project's access function) when nothing changed, and 200 with what changed
otherwise; another tenant's project is a 404."""

import json

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core import changefeed
from apps.core.tenancy import tenant_context
from apps.messaging.services import message_post_to_project
from apps.projects.services import project_update
from apps.users.models import Role
from tests.projects.helpers import HTMX, login

pytestmark = pytest.mark.django_db(transaction=True)

POLL = {**HTMX, "HTTP_X_LIVE_POLL": "1"}
# session, user: an unchanged poll is answered before the tenant's transaction, from Redis.
EARLY_POLL_QUERIES = 2
# session, user, BEGIN, tenant settings, the project through its access function, the check
# for lost bumps (one poll of a scope a minute), COMMIT.
PROJECT_POLL_QUERIES = 7


def poll(client, url, etag):
    return client.get(url, HTTP_IF_NONE_MATCH=etag, **POLL)


def rename(project, user, title):
    with tenant_context(project.organization_id, user):
        project.refresh_from_db()
        project_update(
            user=user,
            project_id=project.pk,
            expected_version=project.version,
            data={"title": title},
        )


def etag_in(page: str) -> str:
    start = page.index('data-live-etag="') + len('data-live-etag="')
    return page[start : page.index('"', start)].replace("&quot;", '"')


@pytest.mark.parametrize(
    "name", ["projects:board", "projects:list", "approvals:queue", "dashboard:my-work"]
)
def test_an_unchanged_tenant_page_is_a_304_without_a_query_of_its_own(client, team, project, name):
    manager = team[Role.MANAGEMENT]
    login(client, manager)
    etag = etag_in(client.get(reverse(name)).content.decode())
    # One poll of the tenant a minute checks the trail for lost bumps, the whole way.
    assert poll(client, reverse(name), etag).status_code == 304

    with CaptureQueriesContext(connection) as queries:
        response = poll(client, reverse(name), etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert len(queries) <= EARLY_POLL_QUERIES, [q["sql"] for q in queries]


def test_a_changed_board_answers_its_fragment_with_the_new_etag(client, sales, project):
    login(client, sales)
    etag = etag_in(client.get(reverse("projects:board")).content.decode())

    rename(project, sales, "Brake caliper fixture rev B")
    response = poll(client, reverse("projects:board"), etag)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="board"' in body and "<html" not in body
    assert "Brake caliper fixture rev B" in body
    assert response["ETag"] != etag
    assert poll(client, reverse("projects:board"), response["ETag"]).status_code == 304


def test_the_page_itself_is_not_answered_304(client, sales, project):
    """A plain revalidation (no poll header) of the page renders it: the page carries messages
    and a CSRF token the ETag does not describe."""
    login(client, sales)
    etag = etag_in(client.get(reverse("projects:board")).content.decode())

    response = client.get(reverse("projects:board"), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200


def test_an_unchanged_project_page_is_a_304_after_one_query_of_its_own(client, sales, project):
    login(client, sales)
    url = reverse("projects:live", kwargs={"pk": project.pk})
    etag = etag_in(
        client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()
    )

    with CaptureQueriesContext(connection) as queries:
        response = poll(client, url, etag)

    assert response.status_code == 304
    assert response.content == b""
    own = [q["sql"] for q in queries if '"projects"' in q["sql"]]
    assert len(own) == 1, own
    assert len(queries) <= PROJECT_POLL_QUERIES, [q["sql"] for q in queries]
    # Once loaded through the access function, the project's polls are answered early.
    with CaptureQueriesContext(connection) as queries:
        again = poll(client, url, etag)
    assert again.status_code == 304
    assert len(queries) <= EARLY_POLL_QUERIES, [q["sql"] for q in queries]


def test_a_changed_project_names_only_the_parts_that_changed(client, sales, project):
    login(client, sales)
    url = reverse("projects:live", kwargs={"pk": project.pk})
    etag = etag_in(
        client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()
    )

    with tenant_context(project.organization_id, sales):
        message_post_to_project(sender=sales, project=project, content="Drawings attached?")
    messages = poll(client, url, etag)
    rename(project, sales, "Brake caliper fixture rev B")
    renamed = poll(client, url, messages["ETag"])

    assert messages.status_code == 200
    assert json.loads(messages["HX-Trigger"]) == {"live-messages": True}
    assert json.loads(renamed["HX-Trigger"]) == {"live-main": True}
    assert poll(client, url, renamed["ETag"]).status_code == 304


def test_the_project_page_wires_its_sections_to_the_poll(client, sales, project):
    login(client, sales)

    page = client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()

    assert 'data-testid="live-poll"' in page
    assert f'hx-get="{reverse("projects:live", kwargs={"pk": project.pk})}"' in page
    assert 'hx-trigger="live-main from:body"' in page
    assert 'hx-trigger="load, live-documents from:body"' in page
    assert page.count('hx-trigger="load, live-messages from:body"') == 2


def test_another_tenants_project_is_a_404(client, sales, foreign_project):
    login(client, sales)

    response = poll(client, reverse("projects:live", kwargs={"pk": foreign_project.pk}), "")

    assert response.status_code == 404


def test_the_edit_form_polls_to_warn_of_someone_elses_change(client, sales, project):
    login(client, sales)

    page = client.get(reverse("projects:edit", kwargs={"pk": project.pk})).content.decode()

    assert "data-live-warn" in page
    assert "Someone else changed this project since you opened this form" in page


def test_with_redis_down_the_polls_go_the_whole_way_and_still_follow(
    client, sales, project, monkeypatch
):
    login(client, sales)
    etag = etag_in(client.get(reverse("projects:board")).content.decode())
    monkeypatch.setattr(changefeed, "_client", DownRedis())

    derived = poll(client, reverse("projects:board"), etag)
    unchanged = poll(client, reverse("projects:board"), derived["ETag"])
    rename(project, sales, "Brake caliper fixture rev D")
    changed = poll(client, reverse("projects:board"), derived["ETag"])

    assert derived.status_code == 200  # the version is now derived from the database
    assert unchanged.status_code == 304
    assert changed.status_code == 200
    assert "Brake caliper fixture rev D" in changed.content.decode()


class DownRedis:
    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise redis.exceptions.ConnectionError("Redis is down")

        return refuse
