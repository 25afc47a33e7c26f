"""Materialized views have no row-level security, so isolation rests on their schema and views.

For every MV an app declares (an AppConfig's `materialized_views`, so a new one is covered the day
it is added): the app role cannot read it directly; its tenant view shows exactly the current
tenant's rows (and none without a tenant), cannot be written, is a security barrier (a leaky
function in a query never sees another tenant's rows), and does not expose the tenant column.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from apps.core.tenancy import app_role, tenant_context
from apps.dashboard.services import dashboard_refresh_views
from tests.approvals.factories import ApprovalFactory
from tests.dbchecks import execute, permission_denied
from tests.organizations.factories import TenantFactory
from tests.projects.factories import ProjectSubStageProgressFactory
from tests.users.factories import UserFactory

VIEWS = [view for config in apps.get_app_configs()
         for view in getattr(config, "materialized_views", ())]  # fmt: skip


def view_columns(view) -> list[str]:
    rows = execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = %s ORDER BY ordinal_position",
        [view.tenant_view],
    )
    return [name for (name,) in rows]


def first_text_column(view) -> str:
    """A text column: passing it to a function costs nothing, so only the barrier can put the
    tenant condition first (a whole-row argument would cost more and hide a missing barrier)."""
    rows = execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = %s AND data_type IN ('text', 'character varying') "
        "ORDER BY ordinal_position LIMIT 1",
        [view.tenant_view],
    )
    return rows[0][0]


def tenant_with_activity():
    tenant = TenantFactory()
    worker = UserFactory(organization=tenant, name=f"Worker of {tenant.name}")
    progress = ProjectSubStageProgressFactory(organization=tenant, assigned_to=worker)
    ApprovalFactory(project=progress.project)
    return tenant


@pytest.fixture
def two_tenants(db):
    tenant_a, tenant_b = tenant_with_activity(), tenant_with_activity()
    dashboard_refresh_views()
    return tenant_a, tenant_b


def test_every_dashboard_view_is_declared():
    assert {view.name for view in VIEWS} == {
        "mv_project_dashboard_summary",
        "mv_workflow_efficiency",
        "mv_approval_performance",
        "mv_user_workload",
    }


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_the_app_role_cannot_read_a_materialized_view_directly(two_tenants, view):
    tenant_a, _ = two_tenants
    for tenant in (tenant_a, None):
        with tenant_context(tenant), permission_denied():
            execute(f"SELECT count(*) FROM {view.qualified_name}")


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_the_tenant_view_shows_exactly_the_current_tenants_rows(two_tenants, view):
    columns = ", ".join(view_columns(view))
    expected = {}
    for tenant in two_tenants:
        expected[tenant.pk] = sorted(
            execute(
                f"SELECT {columns} FROM {view.qualified_name} WHERE organization_id = %s",
                [tenant.pk],
            ),
            key=repr,
        )
        assert expected[tenant.pk], f"{view.name} has no row for the tenant: test data too thin"

    for tenant in two_tenants:
        with tenant_context(tenant):
            seen = execute(f"SELECT {columns} FROM {view.tenant_view}")
        assert sorted(seen, key=repr) == expected[tenant.pk]
    with tenant_context(None):
        assert execute(f"SELECT count(*) FROM {view.tenant_view}") == [(0,)]


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_the_tenant_view_cannot_be_written_and_hides_the_tenant_column(two_tenants, view):
    tenant_a, _ = two_tenants
    assert "organization_id" not in view_columns(view)
    privileges = execute(
        "SELECT has_table_privilege(%s, %s, 'SELECT'), "
        "has_table_privilege(%s, %s, 'INSERT, UPDATE, DELETE, TRUNCATE')",
        [app_role(), view.tenant_view] * 2,
    )
    assert privileges == [(True, False)]
    with tenant_context(tenant_a):
        with pytest.raises(DatabaseError), transaction.atomic():
            execute(f"DELETE FROM {view.tenant_view}")
        with pytest.raises(DatabaseError), transaction.atomic():
            execute(f"UPDATE {view.tenant_view} SET {view_columns(view)[0]} = NULL")


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_a_leaky_function_never_sees_another_tenants_rows(two_tenants, view):
    """A cheap function that reports every value it is given runs only on the rows the view keeps,
    because the view is a security barrier (without it, the planner runs the cheapest condition
    first, on every row of the MV)."""
    tenant_a, _ = two_tenants
    execute(
        "CREATE FUNCTION public.test_leak(value text) RETURNS boolean LANGUAGE plpgsql "
        "COST 0.0000001 AS $$ BEGIN RAISE NOTICE 'leak: %', value; RETURN true; END $$"
    )
    column = first_text_column(view)
    notices: list[str] = []

    def collect(diagnostic):
        notices.append(diagnostic.message_primary)

    connection.ensure_connection()
    connection.connection.add_notice_handler(collect)
    try:
        with tenant_context(tenant_a):
            # A sequential scan puts both conditions in one filter, where cost decides the order
            # unless the barrier does: the test must not rest on the index doing the job.
            execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off")
            kept = execute(
                f"SELECT {column} FROM {view.tenant_view} WHERE public.test_leak({column})"
            )
    finally:
        connection.connection.remove_notice_handler(collect)

    assert kept, f"{view.tenant_view} shows tenant A nothing: test data too thin"
    assert sorted(notices) == sorted(f"leak: {row}" for (row,) in kept)
