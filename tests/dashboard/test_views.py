"""The dashboard page and its panels: content, tenant isolation, permissions, query bounds.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import datetime
import json
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.dashboard.models import DashboardRefreshLog
from apps.users.models import Role
from tests.approvals.factories import ApprovalFactory
from tests.dashboard.conftest import refresh_now
from tests.projects.factories import ProjectFactory, ProjectSubStageProgressFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
PANELS = ["freshness", "kpis", "charts", "efficiency", "my-work"]
OVERHEAD = 5  # session, user, BEGIN, tenant settings, COMMIT
PANEL_QUERIES = {
    "freshness": OVERHEAD + 1,  # the refresh log
    "kpis": OVERHEAD + 4,  # currency, three views
    "charts": OVERHEAD + 3,  # three views
    "efficiency": OVERHEAD + 2,  # two views
    "my-work": OVERHEAD + 2,  # my sub-stages, my approvals
}


@pytest.fixture
def manager(tenant):
    return UserFactory(organization=tenant, role=Role.MANAGEMENT, email="manager@a.example.com")


def busy_tenant(tenant, user, projects: int) -> None:
    """Projects with open work and approvals, some of it the user's."""
    past = timezone.now() - datetime.timedelta(days=1)
    for index in range(projects):
        project = ProjectFactory(organization=tenant, status="production", estimated_value=100)
        ProjectSubStageProgressFactory(
            project=project, status="in_progress", started_at=past, due_at=past,
            assigned_to=user if index % 2 else None,
        )  # fmt: skip
        ApprovalFactory(project=project, current_approver_user=user, current_approver_role=None)


def kpi(body: str, name: str) -> str:
    match = re.search(rf'data-kpi="{name}">([^<]*)<', body)
    assert match, f"no KPI {name}"
    return match.group(1).strip()


# --- the page ---


def test_the_landing_page_needs_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_landing_page_is_the_dashboard_and_loads_each_panel_on_its_own(
    client, sales_user, django_assert_max_num_queries
):
    client.force_login(sales_user)

    with django_assert_max_num_queries(OVERHEAD):
        response = client.get(reverse("home"))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="landing-heading"' in body
    assert 'data-testid="nav-dashboard"' in body
    for panel in PANELS:
        url = reverse(f"dashboard:{panel}")
        assert re.search(rf'hx-get="{url}" hx-trigger="load"', body), panel
        assert f'href="{url}"' in body, f"{panel} has no link for browsers without JavaScript"
    assert "vendor/chart.js-4.6.1/chart.umd.min.js" in body and "js/dashboard.js" in body
    assert "<script>" not in body  # the CSP forbids inline script


# --- the panels ---


@pytest.mark.parametrize("panel", PANELS)
def test_each_panel_is_an_htmx_partial_or_a_page_and_its_queries_do_not_grow_with_data(
    client, tenant, manager, panel, django_assert_max_num_queries
):
    client.force_login(manager)
    url = reverse(f"dashboard:{panel}")
    for projects in (1, 12):
        busy_tenant(tenant, manager, projects)
        refresh_now()
        with django_assert_max_num_queries(PANEL_QUERIES[panel]):
            partial = client.get(url, **HTMX)
        assert partial.status_code == 200
        assert "<html" not in partial.content.decode()
        assert f'data-testid="dashboard-{panel}"' in partial.content.decode()

    page = client.get(url)
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    assert f'data-testid="dashboard-{panel}"' in page.content.decode()
    assert page["Vary"] and "HX-Request" in page["Vary"]


@pytest.mark.parametrize("panel", PANELS)
def test_panels_need_sign_in(client, panel):
    response = client.get(reverse(f"dashboard:{panel}"), **HTMX)

    assert response.status_code == 302


def test_the_kpis_are_the_tenants_own_as_of_the_last_refresh(
    client, tenant, other_tenant, sales_user, other_admin
):
    ProjectFactory(organization=tenant, status="production", estimated_value=1500)
    ProjectFactory(organization=tenant, status="completed", estimated_value=99)
    for _ in range(3):
        ProjectFactory(organization=other_tenant, status="quoted", estimated_value=10)
    refresh_now()
    ProjectFactory(organization=tenant, status="inquiry")  # after the refresh: not shown yet

    client.force_login(sales_user)
    mine = client.get(reverse("dashboard:kpis"), **HTMX).content.decode()
    client.force_login(other_admin)
    theirs = client.get(reverse("dashboard:kpis"), **HTMX).content.decode()

    assert kpi(mine, "active-projects") == "1"
    assert re.search(r'data-status="completed">Completed <span class="badge [^"]*">1<', mine)
    assert re.search(r'data-status="inquiry">Inquiry <span class="badge [^"]*">0<', mine)
    assert kpi(mine, "pipeline-value").startswith("1,500")
    assert kpi(theirs, "active-projects") == "3"
    assert kpi(theirs, "pipeline-value").startswith("30")


def test_the_charts_panel_carries_its_data_as_json_not_script(client, tenant, manager):
    busy_tenant(tenant, manager, 3)
    refresh_now()
    client.force_login(manager)

    body = client.get(reverse("dashboard:charts"), **HTMX).content.decode()

    match = re.search(
        r'<template data-chart-source><script id="dashboard-chart-data" type="application/json">'
        r"(.*?)</script></template>",
        body,
        re.S,
    )
    data = json.loads(match.group(1))
    assert data["priorities"]["labels"] == ["Low", "Normal", "High", "Urgent"]
    assert sum(data["stages"]["values"]) == 3
    assert data["workload"]["labels"] == [manager.name]
    assert data["workload"]["pendingApprovals"] == [3]
    for chart in ("stages", "priorities", "workload"):
        assert f'data-chart="{chart}"' in body


def test_my_work_lists_my_open_work_only_and_is_capped(client, tenant, sales_user):
    colleague = UserFactory(organization=tenant, role=Role.ENGINEERING)
    for _ in range(9):
        ProjectSubStageProgressFactory(
            organization=tenant, status="pending", assigned_to=sales_user
        )
    done = ProjectSubStageProgressFactory(
        organization=tenant, status="completed", assigned_to=sales_user,
        started_at=timezone.now(), completed_at=timezone.now(),
    )  # fmt: skip
    theirs = ProjectSubStageProgressFactory(organization=tenant, assigned_to=colleague)
    named = ApprovalFactory(
        organization=tenant,
        title="Sign the PO",
        current_approver_user=sales_user,
        current_approver_role=None,
    )
    by_role = ApprovalFactory(
        organization=tenant, title="Any sales person", current_approver_role=Role.SALES
    )
    other_role = ApprovalFactory(organization=tenant, title="For engineering")
    own_request = ApprovalFactory(
        organization=tenant,
        title="My own request",
        requested_by=sales_user,
        current_approver_role=Role.SALES,
    )
    # Addressed to me as the approvals queue counts it, not only by current_approver_user:
    now = timezone.now()
    role_and_person = ApprovalFactory(
        organization=tenant,
        title="Sales role, colleague named",
        current_approver_role=Role.SALES,
        current_approver_user=colleague,
    )
    delegated = ApprovalFactory(
        organization=tenant, title="Delegated to me", status="delegated",
        delegated_by=colleague, delegated_to=sales_user,
        delegated_until=now + datetime.timedelta(days=2),
    )  # fmt: skip
    delegation_over = ApprovalFactory(
        organization=tenant, title="Delegation ended", status="delegated",
        requested_at=now - datetime.timedelta(days=3),
        delegated_by=colleague, delegated_to=sales_user,
        delegated_until=now - datetime.timedelta(days=1),
    )  # fmt: skip
    escalated = ApprovalFactory(
        organization=tenant, title="Escalated to me", status="escalated",
        requested_at=now - datetime.timedelta(days=2),
        escalated_to=sales_user, escalated_at=now, escalation_level=1,
    )  # fmt: skip
    client.force_login(sales_user)

    body = client.get(reverse("dashboard:my-work"), **HTMX).content.decode()

    assert body.count('data-testid="my-sub-stage"') == 8
    assert "…and more." in body
    assert done.sub_stage.name not in body and theirs.sub_stage.name not in body
    assert named.title in body and by_role.title in body
    assert role_and_person.title in body
    assert delegated.title in body and escalated.title in body
    assert f'href="{reverse("projects:detail", kwargs={"pk": named.project_id})}"' in body
    assert other_role.title not in body and own_request.title not in body
    assert delegation_over.title not in body


def test_data_as_of_is_shown_in_the_users_timezone(client, tenant, sales_user):
    refresh_now()
    as_of = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=5)
    DashboardRefreshLog.objects.update(refreshed_at=as_of)
    client.force_login(sales_user)  # prefers Asia/Ho_Chi_Minh (UTC+7)

    body = client.get(reverse("dashboard:freshness"), **HTMX).content.decode()

    local = as_of.astimezone(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert local.hour != as_of.hour  # UTC would show another hour
    # Always the date with the time: a time alone does not say which day it was.
    assert f"Data as of {local.day} {local:%b %Y, %H:%M}" in body, body
    assert 'data-testid="dashboard-refresh"' not in body  # sales may not refresh


def test_freshness_says_so_when_the_data_was_never_computed(client, sales_user):
    DashboardRefreshLog.objects.all().delete()
    client.force_login(sales_user)

    body = client.get(reverse("dashboard:freshness"), **HTMX).content.decode()

    assert "Dashboard data has not been computed yet." in body


@pytest.mark.parametrize(
    ("language", "overdue", "upcoming"),
    [("en", "3 days overdue", "due in 5 hours"), ("vi", "quá hạn 3 ngày", "còn 5 giờ đến hạn")],
)
def test_my_work_says_how_overdue_or_how_soon_in_the_readers_language(
    client, tenant, language, overdue, upcoming
):
    reader = UserFactory(organization=tenant, preferences={"language": language})
    now = timezone.now()
    for due in (
        now - datetime.timedelta(days=3, hours=1),
        now + datetime.timedelta(hours=5, minutes=30),
    ):
        ProjectSubStageProgressFactory(
            organization=tenant, status="pending", assigned_to=reader, due_at=due
        )
    client.force_login(reader)

    body = client.get(reverse("dashboard:my-work"), **HTMX).content.decode()

    relative = re.findall(r'data-testid="due-relative">([^<]+)<', body)
    assert sorted(relative) == sorted([overdue, upcoming])
