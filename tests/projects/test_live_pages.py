"""Live pages: an unchanged poll that holds its page's pass is a 304 from Redis alone, with no
query; without a good pass (none, expired, another path, another session) it goes the whole way
(session, user, the page's permission and access function) and renews the pass; a changed page
answers 200 with what changed; another tenant's project is a 404."""

import datetime
import json

import pytest
import redis
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core import changefeed
from apps.core.live import PASS_HEADER
from apps.core.tenancy import tenant_context
from apps.messaging.services import message_post_to_project
from apps.projects.services import project_update
from apps.users.models import Role
from tests.projects.helpers import HTMX, login

pytestmark = pytest.mark.django_db(transaction=True)

POLL = {**HTMX, "HTTP_X_LIVE_POLL": "1"}
# session, user, BEGIN, tenant settings, the project through its access function, the check
# for lost bumps (one poll of a tenant a minute), COMMIT.
PROJECT_POLL_QUERIES = 7
# Midnight in UTC and in Vietnam (UTC+7): the pass's age must not care about the date.
AROUND_MIDNIGHT = [
    datetime.datetime(2026, 12, 6, 23, 59, 50, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 6, 16, 59, 50, tzinfo=datetime.UTC),
]


def poll(client, url, etag, live_pass=""):
    headers = {**POLL, "HTTP_X_LIVE_PASS": live_pass} if live_pass else POLL
    return client.get(url, HTTP_IF_NONE_MATCH=etag, **headers)


def rename(project, user, title):
    with tenant_context(project.organization_id, user):
        project.refresh_from_db()
        project_update(
            user=user,
            project_id=project.pk,
            expected_version=project.version,
            data={"title": title},
        )


def attribute(page: str, name: str) -> str:
    start = page.index(f'{name}="') + len(f'{name}="')
    return page[start : page.index('"', start)].replace("&quot;", '"')


def etag_in(page: str) -> str:
    return attribute(page, "data-live-etag")


def live_of(client, url) -> tuple[str, str]:
    """The ETag and the pass of the page at `url`."""
    page = client.get(url).content.decode()
    return etag_in(page), attribute(page, "data-live-pass")


def counted_poll(*args):
    with CaptureQueriesContext(connection) as queries:
        response = poll(*args)
    return response, [query["sql"] for query in queries]


@pytest.mark.parametrize(
    "name", ["projects:board", "projects:list", "approvals:queue", "dashboard:my-work"]
)
def test_an_unchanged_tenant_page_with_its_pass_is_a_304_without_a_query(
    client, team, project, name
):
    login(client, team[Role.MANAGEMENT])
    etag, live_pass = live_of(client, reverse(name))
    # One poll of the tenant a minute checks the trail for lost bumps, the whole way.
    assert poll(client, reverse(name), etag).status_code == 304

    response, queries = counted_poll(client, reverse(name), etag, live_pass)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert queries == []


def test_a_poll_without_its_pass_goes_the_whole_way_and_is_handed_one(client, sales, project):
    login(client, sales)
    etag = etag_in(client.get(reverse("projects:board")).content.decode())
    poll(client, reverse("projects:board"), etag)  # the tenant's minute check, done

    whole_way, queries = counted_poll(client, reverse("projects:board"), etag)
    early, early_queries = counted_poll(
        client, reverse("projects:board"), etag, whole_way[PASS_HEADER]
    )

    assert whole_way.status_code == 304
    assert queries  # the session, the user, the tenant's transaction
    assert early.status_code == 304
    assert early_queries == []


def test_a_pass_is_good_only_for_its_own_page(client, sales, project):
    login(client, sales)
    _, board_pass = live_of(client, reverse("projects:board"))
    list_etag = etag_in(client.get(reverse("projects:list")).content.decode())
    poll(client, reverse("projects:list"), list_etag)  # the tenant's minute check, done

    response, queries = counted_poll(client, reverse("projects:list"), list_etag, board_pass)

    assert response.status_code == 304
    assert queries, "the board's pass answered the list's poll"


def test_a_project_pass_never_reaches_another_project(client, sales, project, foreign_project):
    login(client, sales)
    etag, live_pass = live_of(client, reverse("projects:detail", kwargs={"pk": project.pk}))
    foreign = reverse("projects:live", kwargs={"pk": foreign_project.pk})

    assert poll(client, foreign, etag, live_pass).status_code == 404


@pytest.mark.parametrize(
    "tampered",
    [
        lambda token: token[:-1] + ("0" if token[-1] != "0" else "1"),  # another signature
        lambda token: ".".join(["0" * 8, *token.split(".")[1:]]),  # another user
        lambda token: "garbage",
    ],
)
def test_a_tampered_pass_goes_the_whole_way(client, sales, project, tampered):
    login(client, sales)
    etag, live_pass = live_of(client, reverse("projects:board"))
    assert counted_poll(client, reverse("projects:board"), etag, live_pass)[1]  # the minute check
    assert counted_poll(client, reverse("projects:board"), etag, live_pass)[1] == []

    response, queries = counted_poll(client, reverse("projects:board"), etag, tampered(live_pass))

    assert response.status_code == 304
    assert queries


def test_a_pass_dies_with_its_session(client, sales, project):
    login(client, sales)
    etag, live_pass = live_of(client, reverse("projects:board"))
    assert poll(client, reverse("projects:board"), etag, live_pass).status_code == 304
    client.logout()

    response = poll(client, reverse("projects:board"), etag, live_pass)

    assert response.status_code != 304
    assert response.status_code in (302, 401, 403)


@pytest.mark.parametrize("moment", AROUND_MIDNIGHT, ids=["midnight-utc", "midnight-utc+7"])
def test_an_old_pass_goes_the_whole_way_and_is_renewed(client, sales, project, moment):
    with time_machine.travel(moment, tick=False) as clock:
        login(client, sales)
        etag, live_pass = live_of(client, reverse("projects:board"))
        poll(client, reverse("projects:board"), etag)  # the tenant's minute check, done
        clock.shift(datetime.timedelta(seconds=settings.LIVE_PASS_SECONDS - 1))
        _, within = counted_poll(client, reverse("projects:board"), etag, live_pass)
        clock.shift(datetime.timedelta(seconds=2))
        expired, after = counted_poll(client, reverse("projects:board"), etag, live_pass)

    assert within == []
    assert expired.status_code == 304
    assert after, "an expired pass answered early"
    assert expired[PASS_HEADER] != live_pass


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


def test_an_unchanged_project_page_is_a_304_without_a_query_while_its_pass_is_good(
    client, sales, project
):
    login(client, sales)
    url = reverse("projects:live", kwargs={"pk": project.pk})
    etag, live_pass = live_of(client, reverse("projects:detail", kwargs={"pk": project.pk}))
    poll(client, url, etag)  # the tenant's minute check for lost bumps, done

    early, early_queries = counted_poll(client, url, etag, live_pass)
    whole_way, queries = counted_poll(client, url, etag)

    assert early.status_code == 304
    assert early.content == b""
    assert early_queries == []
    # Without the pass: the project through its access function, one query of its own.
    assert whole_way.status_code == 304
    own = [sql for sql in queries if '"projects"' in sql]
    assert len(own) == 1, own
    assert len(queries) <= PROJECT_POLL_QUERIES, queries
    assert whole_way[PASS_HEADER]


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
