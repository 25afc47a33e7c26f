"""The refresh: as the owner only, one at a time (the loser skips), recorded in the log."""

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from apps.core import health
from apps.core.tenancy import app_role, tenant_context
from apps.dashboard.analytics import MATERIALIZED_VIEWS, WORKFLOW_EFFICIENCY
from apps.dashboard.models import DashboardRefreshLog
from apps.dashboard.selectors import dashboard_summary_from_views
from apps.dashboard.services import (
    REFRESH_LOCK_KEY,
    SKIPPED_MESSAGE,
    RefreshNotAllowed,
    dashboard_refresh_if_never_refreshed,
    dashboard_refresh_views,
)
from apps.organizations.models import Organization
from tests.dbchecks import db_now, execute, permission_denied
from tests.projects.factories import ProjectFactory

WAIT = 20  # seconds: generous on a busy 2-core machine, never reached when things work


def test_a_refresh_records_every_view_at_the_transactions_clock(tenant):
    ProjectFactory(organization=tenant)
    DashboardRefreshLog.objects.all().delete()

    outcome = dashboard_refresh_views()

    assert outcome.refreshed
    logged = {log.view_name: log for log in DashboardRefreshLog.objects.all()}
    assert set(logged) == {view.name for view in MATERIALIZED_VIEWS}
    assert {log.refreshed_at for log in logged.values()} == {db_now()}
    for view in outcome.views:
        rows = execute(f"SELECT count(*) FROM analytics.{view.view_name}")[0][0]
        assert logged[view.view_name].row_count == view.row_count == rows
        assert logged[view.view_name].duration_ms == view.duration_ms >= 0
    assert execute("SELECT count(*) FROM analytics.mv_project_dashboard_summary "
                   "WHERE organization_id = %s", [tenant.pk]) == [(1,)]  # fmt: skip


def test_a_refresh_refuses_to_run_for_a_tenant_or_as_the_app_role(tenant):
    with tenant_context(tenant), pytest.raises(RefreshNotAllowed, match="outside any tenant"):
        dashboard_refresh_views()
    with transaction.atomic():
        execute("SELECT set_config('role', %s, true)", [app_role()])
        with pytest.raises(RefreshNotAllowed, match="app role"):
            dashboard_refresh_views()


def hold_refresh_lock(acquired: threading.Event, release: threading.Event) -> None:
    """On its own connection: take the refresh lock and keep it until told to let go."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK_KEY])
            acquired.set()
            release.wait(WAIT)
    finally:
        connection.close()


def test_while_another_connection_holds_the_lock_a_refresh_skips_and_says_so(db):
    acquired, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_refresh_lock, args=(acquired, release))
    holder.start()
    try:
        assert acquired.wait(WAIT)
        skipped = dashboard_refresh_views()
    finally:
        release.set()
        holder.join(WAIT)

    assert not skipped.refreshed and skipped.message == SKIPPED_MESSAGE and skipped.views == []
    assert dashboard_refresh_views().refreshed  # the lock is free again


@pytest.mark.django_db(transaction=True)
def test_two_refreshes_at_once_run_one_and_skip_the_other(tenant):
    """Refresh A takes the lock, then waits for one view that a third connection is rebuilding
    outside the service (its lock on the view lasts until it commits), so A is mid-refresh for
    certain when refresh B starts: B must skip, and A must then finish."""
    ProjectFactory(organization=tenant)
    table_locked, release_table = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def block_one_view():
        try:
            with transaction.atomic():
                execute(
                    f"REFRESH MATERIALIZED VIEW CONCURRENTLY {WORKFLOW_EFFICIENCY.qualified_name}"
                )
                table_locked.set()
                release_table.wait(WAIT)
        finally:
            connection.close()

    def refresh(name):
        try:
            results[name] = dashboard_refresh_views()
        except Exception as exc:  # reported through `results`, checked below
            results[name] = exc
        finally:
            connection.close()

    blocker = threading.Thread(target=block_one_view)
    blocker.start()
    assert table_locked.wait(WAIT)
    first = threading.Thread(target=refresh, args=("first",))
    first.start()
    try:
        wait_until_waiting_on_a_lock(WORKFLOW_EFFICIENCY.name)
        # Were B not to skip, it would queue behind A's locks: fail fast instead of hanging.
        execute("SET lock_timeout = '3s'")
        refresh("second")
    finally:
        release_table.set()
        first.join(WAIT)
        blocker.join(WAIT)
        execute("RESET lock_timeout")

    assert results["first"].refreshed, results["first"]
    assert results["second"].refreshed is False
    assert results["second"].message == SKIPPED_MESSAGE


def wait_until_waiting_on_a_lock(relation: str) -> None:
    """Until some backend waits for a lock on `relation` (the first refresh is mid-way)."""
    deadline = time.monotonic() + WAIT
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE NOT l.granted AND c.relname = %s",
                [relation],
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail(f"no refresh started waiting on {relation}")


def test_the_command_refreshes_and_reports_each_view(db):
    out = io.StringIO()
    call_command("refresh_dashboard_views", stdout=out)

    for view in MATERIALIZED_VIEWS:
        assert f"{view.name}: " in out.getvalue()
    assert "Refreshed 4 dashboard views" in out.getvalue()


def test_the_command_says_it_skipped_when_a_refresh_is_running(db):
    acquired, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_refresh_lock, args=(acquired, release))
    holder.start()
    out = io.StringIO()
    try:
        assert acquired.wait(WAIT)
        call_command("refresh_dashboard_views", stdout=out)
    finally:
        release.set()
        holder.join(WAIT)

    assert SKIPPED_MESSAGE in out.getvalue()


def test_migrate_refreshes_once_when_the_views_were_never_refreshed(db):
    DashboardRefreshLog.objects.all().delete()

    first = dashboard_refresh_if_never_refreshed()
    second = dashboard_refresh_if_never_refreshed()

    assert first is not None and first.refreshed
    assert second is None
    assert DashboardRefreshLog.objects.count() == len(MATERIALIZED_VIEWS)


def test_the_app_role_reads_the_refresh_log_and_cannot_write_it(db):
    dashboard_refresh_views()

    with tenant_context(None):
        assert DashboardRefreshLog.objects.count() == len(MATERIALIZED_VIEWS)
        with permission_denied():
            execute("UPDATE dashboard_refresh_log SET duration_ms = 0")
        with permission_denied():
            execute("DELETE FROM dashboard_refresh_log")
        with permission_denied():
            execute("INSERT INTO dashboard_refresh_log VALUES ('mv_user_workload', now(), 1, 1)")


def test_migrate_itself_runs_the_first_refresh_of_a_new_install(db):
    DashboardRefreshLog.objects.all().delete()

    call_command("migrate", verbosity=0)  # nothing to apply; post_migrate still runs

    assert DashboardRefreshLog.objects.count() == len(MATERIALIZED_VIEWS)


@pytest.mark.django_db(transaction=True)
def test_first_run_leaves_the_sample_data_on_the_dashboard():
    out = io.StringIO()
    call_command("first_run", stdout=out)

    assert "Refreshed 4 dashboard views" in out.getvalue()
    factory = Organization.objects.get(slug="factory-pulse-vietnam")
    with tenant_context(factory):
        assert dashboard_summary_from_views().kpis.total_projects == 17
    assert health.run_check("dashboard")["ok"] is True
