"""Every list page answers through the same two pieces: `core.htmx.render_page_or_partial` (the
whole page, or with htmx only its results partial, varying on HX-Request, 422 for a refused
filter) and `includes/filter_bar.html` (a GET form to the list's own URL that htmx turns into a
swap of those results).

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}

# (URL name, id of the results partial, data-testid of the filter bar, a refused filter value)
LIST_PAGES = [
    ("projects:list", "project-table", "project-filters", "status=nonsense"),
    ("projects:board", "board", "project-filters", "status=nonsense"),
    ("approvals:queue", "approval-list", "approval-filters", "status=nonsense"),
    ("customers:list", "customer-table", "customer-filters", "status=nonsense"),
    ("documents:list", "document-table", "document-filters", "category=nonsense"),
    ("team:list", "team-table", "team-filters", "role=nonsense"),
    ("notifications:list", "notification-list", "notification-filters", "type=nonsense"),
]


def filter_bar(body: str, testid: str) -> dict[str, str]:
    """The attributes of the page's filter form."""
    form = re.search(rf'<form [^>]*data-testid="{testid}"[^>]*>', body)
    assert form, f"no filter bar {testid}"
    return dict(re.findall(r'([\w-]+)="([^"]*)"', form.group(0)))


@pytest.mark.parametrize(("url_name", "partial", "testid", "refused"), LIST_PAGES)
def test_the_full_page_has_a_filter_bar_that_swaps_its_results(
    client, admin_user, url_name, partial, testid, refused
):
    client.force_login(admin_user)
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body
    assert f'id="{partial}"' in body
    form = filter_bar(body, testid)
    assert form["method"] == "get"
    assert form["role"] == "search"
    assert form["action"] == form["hx-get"] == url
    assert form["hx-target"] == f"#{partial}"
    assert form["hx-swap"] == "outerHTML"
    assert form["hx-push-url"] == "true"
    assert "submit" in form["hx-trigger"]
    assert re.search(rf'<a class="btn btn-link[^"]*" href="{url}">Reset</a>', body)


@pytest.mark.parametrize(("url_name", "partial", "testid", "refused"), LIST_PAGES)
def test_htmx_gets_only_the_results_and_the_answer_varies_on_it(
    client, admin_user, url_name, partial, testid, refused
):
    client.force_login(admin_user)

    response = client.get(reverse(url_name), **HTMX)

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div id="{partial}"')
    assert "<html" not in body
    assert f'data-testid="{testid}"' not in body
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(("url_name", "partial", "testid", "refused"), LIST_PAGES)
def test_a_refused_filter_is_a_422_page_or_partial(
    client, admin_user, url_name, partial, testid, refused
):
    client.force_login(admin_user)
    url = f"{reverse(url_name)}?{refused}"

    page = client.get(url)
    results = client.get(url, **HTMX)

    assert page.status_code == results.status_code == 422
    assert f'data-testid="{testid}"' in page.content.decode()
    assert results.content.decode().lstrip().startswith(f'<div id="{partial}"')


PAGINATED = [
    "projects:list",
    "documents:list",
    "approvals:queue",
    "customers:list",
    "team:list",
    "notifications:list",
    "messaging:inbox",
]
HOSTILE_PAGES = ["99999999999999999999", "9223372036854775807", "-1", "0", "1e400", "x", "9" * 5000]


@pytest.mark.parametrize("url_name", PAGINATED)
def test_any_page_number_answers_a_page(client, admin_user, url_name):
    """Before, a page number past bigint reached PostgreSQL as an OFFSET: a 500."""
    client.force_login(admin_user)

    for page in HOSTILE_PAGES:
        response = client.get(reverse(url_name), {"page": page})

        assert response.status_code == 200, page
