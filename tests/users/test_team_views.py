"""The team page: list with filters, and inline role/status changes by admins."""

import uuid

import pytest
from django.urls import reverse

from apps.users.models import Role, User, UserStatus
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST_QUERIES = 7  # session, user, BEGIN, tenant settings, count, page (+managers), COMMIT
# session, user, BEGIN, tenant settings, member, COMMIT (6); the service: savepoint and release,
# tenant lock, member re-read (+manager), "another active admin?", full_clean of role and status
# (2 CHECKs, each a SELECT in a savepoint: 6), UPDATE, activity entry; 19 in all, whatever the
# size of the team.
ACCESS_QUERIES = 19


def access_url(member):
    return reverse("team:member-access", args=[member.pk])


def names(response):
    return [member.name for member in response.context["page"].object_list]


@pytest.fixture
def qa_user(tenant, admin_user):
    return UserFactory(
        organization=tenant,
        role=Role.QA,
        name="Quinn Q",
        email="quinn@a.example.com",
        department="Quality",
        direct_manager=admin_user,
    )


# --- list ---


def test_team_lists_only_the_tenants_people(client, sales_user, qa_user, other_admin):
    client.force_login(sales_user)

    response = client.get(reverse("team:list"))

    body = response.content.decode()
    assert response.status_code == 200
    assert qa_user.email in body
    assert "Quality" in body
    assert qa_user.direct_manager.name in body
    assert other_admin.email not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"role": "qa"}, ["Quinn Q"]),
        ({"status": "suspended"}, ["Sam Suspended"]),
        ({"q": "QUINN@"}, ["Quinn Q"]),
        ({"q": "sam"}, ["Sam Suspended"]),
    ],
)
def test_team_filters(client, sales_user, qa_user, tenant, query, expected):
    UserFactory(organization=tenant, name="Sam Suspended", status=UserStatus.SUSPENDED)
    client.force_login(sales_user)

    response = client.get(reverse("team:list"), query)

    assert response.status_code == 200
    assert names(response) == expected


@pytest.mark.parametrize("query", [{"role": "overlord"}, {"status": "asleep"}, {"q": "x" * 201}])
def test_team_refuses_invalid_filters_with_422(client, sales_user, query):
    client.force_login(sales_user)

    response = client.get(reverse("team:list"), query)

    assert response.status_code == 422
    assert names(response) == []


def test_team_htmx_returns_only_the_table(client, sales_user, qa_user):
    client.force_login(sales_user)

    response = client.get(reverse("team:list"), {"role": "qa"}, **HTMX)

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="team-table"')
    assert "<html" not in body
    assert "Quinn Q" in body


def test_team_paginates(client, sales_user, tenant):
    UserFactory.create_batch(55, organization=tenant, role=Role.QA)
    client.force_login(sales_user)

    first = client.get(reverse("team:list"), {"role": "qa"})
    second = client.get(reverse("team:list"), {"role": "qa", "page": "2"})
    bogus = client.get(reverse("team:list"), {"role": "qa", "page": "x"})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert bogus.context["page"].number == 1
    assert "role=qa&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("htmx", [False, True])
def test_team_query_count_does_not_grow_with_rows(
    client, admin_user, tenant, django_assert_max_num_queries, rows, htmx
):
    managers = UserFactory.create_batch(rows, organization=tenant, role=Role.MANAGEMENT)
    for manager in managers:
        UserFactory(organization=tenant, direct_manager=manager)
    client.force_login(admin_user)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("team:list"), **(HTMX if htmx else {}))

    assert response.status_code == 200


def test_team_requires_sign_in(client):
    response = client.get(reverse("team:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_only_managers_of_the_team_see_the_inline_forms(client, admin_user, sales_user):
    client.force_login(sales_user)
    assert 'data-testid="member-save"' not in client.get(reverse("team:list")).content.decode()

    client.force_login(admin_user)
    assert 'data-testid="member-save"' in client.get(reverse("team:list")).content.decode()


# --- inline role and status changes ---


def test_admin_changes_role_and_status_and_gets_the_row_back(client, admin_user, qa_user):
    client.force_login(admin_user)

    response = client.post(
        access_url(qa_user), {"role": "engineering", "status": "suspended"}, **HTMX
    )

    body = response.content.decode()
    qa_user.refresh_from_db()
    assert response.status_code == 200
    assert (qa_user.role, qa_user.status) == (Role.ENGINEERING, UserStatus.SUSPENDED)
    assert body.lstrip().startswith(f'<tr id="member-{qa_user.pk}"')
    assert body.count("<tr") == 1
    assert 'data-testid="row-notice"' in body


def test_change_without_htmx_redirects_to_the_team(client, admin_user, qa_user):
    client.force_login(admin_user)

    response = client.post(access_url(qa_user), {"role": "production", "status": "active"})

    qa_user.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("team:list")
    assert qa_user.role == Role.PRODUCTION


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    "data",
    [
        {"role": "sales", "status": "active"},
        {"role": "admin", "status": "suspended"},
        {"role": "admin", "status": "disabled"},
    ],
)
def test_last_active_admin_cannot_demote_or_suspend_themself(client, admin_user, data, htmx):
    client.force_login(admin_user)

    response = client.post(access_url(admin_user), data, **(HTMX if htmx else {}))

    body = response.content.decode()
    admin_user.refresh_from_db()
    assert response.status_code == 422
    assert "You are the last active admin" in body
    assert ("<html" in body) is not htmx
    assert (admin_user.role, admin_user.status) == (Role.ADMIN, UserStatus.ACTIVE)


def test_admin_may_demote_themself_when_another_admin_exists(client, admin_user, tenant):
    UserFactory(organization=tenant, role=Role.ADMIN)
    client.force_login(admin_user)

    response = client.post(access_url(admin_user), {"role": "management", "status": "active"})

    admin_user.refresh_from_db()
    assert response.status_code == 302
    assert admin_user.role == Role.MANAGEMENT


@pytest.mark.parametrize(
    "data",
    [
        {"role": "overlord", "status": "active"},
        {"role": "qa", "status": "vacation"},
        {"role": "qa"},
        {},
    ],
)
def test_unknown_or_missing_values_are_422_and_nothing_changes(client, admin_user, qa_user, data):
    client.force_login(admin_user)

    response = client.post(access_url(qa_user), data, **HTMX)

    qa_user.refresh_from_db()
    assert response.status_code == 422
    assert 'data-testid="row-error"' in response.content.decode()
    assert (qa_user.role, qa_user.status) == (Role.QA, UserStatus.ACTIVE)


def test_sales_cannot_manage_the_team(client, sales_user, qa_user):
    client.force_login(sales_user)

    response = client.post(access_url(qa_user), {"role": "admin", "status": "active"}, **HTMX)

    qa_user.refresh_from_db()
    assert response.status_code == 403
    assert qa_user.role == Role.QA


def test_another_tenants_user_is_404(client, admin_user, other_admin):
    client.force_login(admin_user)

    response = client.post(access_url(other_admin), {"role": "sales", "status": "suspended"})

    other_admin.refresh_from_db()
    assert response.status_code == 404
    assert other_admin.role == Role.ADMIN


@pytest.mark.parametrize("path", ["/team/not-a-uuid/access/", f"/team/{uuid.uuid4()}/access/"])
def test_malformed_or_unknown_member_ids_are_404(client, admin_user, path):
    client.force_login(admin_user)

    assert client.post(path, {"role": "sales", "status": "active"}).status_code == 404


def test_change_requires_sign_in(client, qa_user):
    response = client.post(access_url(qa_user), {"role": "admin", "status": "active"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert User.objects.get(pk=qa_user.pk).role == Role.QA


def test_change_is_post_only(client, admin_user, qa_user):
    client.force_login(admin_user)

    assert client.get(access_url(qa_user), {"role": "admin", "status": "active"}).status_code == 405


@pytest.mark.parametrize("rows", [3, 30])
def test_change_query_count_does_not_grow_with_the_team(
    client, admin_user, qa_user, tenant, django_assert_max_num_queries, rows
):
    UserFactory.create_batch(rows, organization=tenant, role=Role.ADMIN)
    deputy = UserFactory(organization=tenant, role=Role.ADMIN, direct_manager=admin_user)
    client.force_login(admin_user)

    with django_assert_max_num_queries(ACCESS_QUERIES):
        response = client.post(access_url(deputy), {"role": "qa", "status": "active"}, **HTMX)

    assert response.status_code == 200
    assert admin_user.name in response.content.decode()  # the manager column, no extra query
