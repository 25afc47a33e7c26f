import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.core.schema_checks import SPEC_TABLES, expected_schema


def run(capsys):
    try:
        call_command("check_schema")
        failed = None
    except CommandError as exc:
        failed = exc
    return failed, capsys.readouterr().out


def test_check_schema_passes_on_a_freshly_migrated_database(db, capsys):
    failed, out = run(capsys)

    assert failed is None, out
    for name in ("tables", "foreign keys", "unique rules", "check constraints", "indexes",
                 "row-level security", "app role grants", "functions", "read-only tables",
                 "materialized views", "tenant views"):  # fmt: skip
        assert f"ok   {name}:" in out


def test_expectation_covers_the_spec_tables_and_every_tenant_table():
    expected = expected_schema()
    assert set(SPEC_TABLES) <= set(expected["tables"])
    assert {"organizations", "users", "contacts"} <= {t["table"] for t in expected["tenant_tables"]}


def test_expectation_covers_the_dashboards_views_and_its_read_only_log():
    expected = expected_schema()
    assert expected["read_only_tables"] == ["dashboard_refresh_log"]
    assert "dashboard_refresh_log" not in expected["tables"]
    views = {view["name"]: view for view in expected["materialized_views"]}
    assert set(views) == {"mv_project_dashboard_summary", "mv_workflow_efficiency",
                          "mv_approval_performance", "mv_user_workload"}  # fmt: skip
    assert views["mv_user_workload"] == {"schema": "analytics", "name": "mv_user_workload",
                                         "unique_columns": ["organization_id", "user_id"],
                                         "tenant_view": "dashboard_user_workload"}  # fmt: skip


@pytest.mark.parametrize(
    ("sabotage", "line"),
    [
        ('DROP POLICY "contacts_tenant_update" ON contacts', "FAIL row-level security"),
        ("ALTER TABLE users DISABLE ROW LEVEL SECURITY", "users: row level security disabled"),
        ("DROP INDEX users_org_role_idx", "FAIL indexes"),
        ("ALTER TABLE users DROP CONSTRAINT users_role_valid", "users.users_role_valid"),
        ("DROP INDEX contacts_one_primary_per_organization", "FAIL unique rules"),
        ("{fk}", "users.direct_manager_id -> users"),
        ('GRANT DELETE ON users TO "factorypulse_app"', None),
        ("DROP FUNCTION has_user_permission(uuid, text)", "has_user_permission(uuid,text)"),
        ("DROP INDEX analytics.mv_user_workload_key",
         "analytics.mv_user_workload: no unique index on (organization_id, user_id)"),
        ("CREATE UNIQUE INDEX mv_partial ON analytics.mv_workflow_efficiency (sub_stage_id); "
         "DROP INDEX analytics.mv_workflow_efficiency_key",
         "analytics.mv_workflow_efficiency: no unique index on"),
        ('GRANT USAGE ON SCHEMA analytics TO "factorypulse_app"',
         "app role may use schema analytics"),
        ('GRANT SELECT ON analytics.mv_approval_performance TO "factorypulse_app"',
         "analytics.mv_approval_performance: app role may read it directly"),
        ("ALTER VIEW dashboard_project_summary RESET (security_barrier)",
         "dashboard_project_summary: not a security_barrier view"),
        ("CREATE OR REPLACE VIEW dashboard_user_workload WITH (security_barrier = true) AS "
         "SELECT user_id, user_name, role, open_sub_stages, overdue_sub_stages, "
         "blocked_sub_stages, pending_approvals FROM analytics.mv_user_workload",
         "dashboard_user_workload: does not filter by app.organization_id"),
        ('GRANT INSERT ON dashboard_refresh_log TO "factorypulse_app"',
         "dashboard_refresh_log: app role may write it"),
        ('REVOKE SELECT ON dashboard_refresh_log FROM "factorypulse_app"',
         "dashboard_refresh_log: app role cannot read it"),
    ],
    ids=["policy", "rls", "index", "check", "unique", "fk", "harmless-grant", "function",
         "mv-unique-index", "mv-other-unique-index", "analytics-usage", "mv-select",
         "no-barrier", "no-tenant-filter", "log-writable", "log-unreadable"],
)  # fmt: skip
def test_check_schema_fails_with_a_clear_line_when_a_piece_is_missing(db, capsys, sabotage, line):
    with connection.cursor() as cursor:
        if sabotage == "{fk}":
            # Django's key and the same-tenant composite one both hold the column: drop both.
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass "
                "AND contype = 'f' AND (SELECT attnum FROM pg_attribute WHERE attrelid = "
                "'users'::regclass AND attname = 'direct_manager_id') = ANY (conkey)"
            )
            names = [name for (name,) in cursor.fetchall()]
            assert len(names) == 2, names
            sabotage = "; ".join(f"ALTER TABLE users DROP CONSTRAINT {name}" for name in names)
        cursor.execute(sabotage)

    failed, out = run(capsys)

    if line is None:  # users is not append-only: DELETE is an ordinary grant
        assert failed is None, out
    else:
        assert failed is not None
        assert line in out, out
