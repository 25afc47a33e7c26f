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
                 "row-level security", "app role grants", "functions"):  # fmt: skip
        assert f"ok   {name}:" in out


def test_expectation_covers_the_spec_tables_and_every_tenant_table():
    expected = expected_schema()
    assert set(SPEC_TABLES) <= set(expected["tables"])
    assert {"organizations", "users", "contacts"} <= {t["table"] for t in expected["tenant_tables"]}


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
    ],
    ids=["policy", "rls", "index", "check", "unique", "fk", "harmless-grant", "function"],
)
def test_check_schema_fails_with_a_clear_line_when_a_piece_is_missing(db, capsys, sabotage, line):
    with connection.cursor() as cursor:
        if sabotage == "{fk}":
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass "
                "AND contype = 'f' AND conname LIKE 'users_direct_manager_id_%%'"
            )
            sabotage = f"ALTER TABLE users DROP CONSTRAINT {cursor.fetchone()[0]}"
        cursor.execute(sabotage)

    failed, out = run(capsys)

    if line is None:  # users is not append-only: DELETE is an ordinary grant
        assert failed is None, out
    else:
        assert failed is not None
        assert line in out, out
