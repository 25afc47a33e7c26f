"""The project's activity (the page and the partial the project page loads): the newest entries
with who did them, capped, in a number of queries that does not grow with the log.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import pytest
from django.urls import reverse

from apps.projects.selectors.detail import ACTIVITY_LIMIT
from tests.activity.factories import ActivityLogFactory
from tests.projects.helpers import HTMX, login

pytestmark = pytest.mark.django_db(transaction=True)

# session, user, BEGIN, tenant settings, project (its code only), entries with names, COMMIT
ACTIVITY_QUERIES = 7


def log(project, user, count):
    for index in range(count):
        ActivityLogFactory(
            tenant=project.organization,
            project=project,
            user=user,
            entity_id=project.pk,
            description=f"Step {index} done",
        )


@pytest.mark.parametrize("entries", [2, ACTIVITY_LIMIT + 10])
@pytest.mark.parametrize("htmx", [False, True])
def test_activity_queries_do_not_grow_with_the_log(
    client, sales, project, django_assert_max_num_queries, entries, htmx
):
    log(project, sales, entries)
    login(client, sales)

    with django_assert_max_num_queries(ACTIVITY_QUERIES):
        response = client.get(
            reverse("projects:activity", kwargs={"pk": project.pk}), **(HTMX if htmx else {})
        )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="activity-entry"') <= ACTIVITY_LIMIT
    assert sales.name in body
    assert ("<html" in body) is not htmx


def test_activity_page_shows_the_project_code_and_the_newest_entries(client, sales, project):
    log(project, sales, ACTIVITY_LIMIT + 3)

    body = login(client, sales).get(reverse("projects:activity", kwargs={"pk": project.pk}))

    text = body.content.decode()
    assert project.project_id in text
    assert body.context["activity"][0].description == f"Step {ACTIVITY_LIMIT + 2} done"
    assert len(body.context["activity"]) == ACTIVITY_LIMIT


def test_activity_of_another_tenants_project_is_a_404(client, sales, foreign_project):
    response = login(client, sales).get(
        reverse("projects:activity", kwargs={"pk": foreign_project.pk})
    )

    assert response.status_code == 404
