"""A backup restores into a fresh database as the same data and a working application; a
restore refuses a non-empty target (unless forced) and a damaged set, and reports a difference."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from apps.operations.backup_sets import FILE_NAMES, sha256_of
from tests.operations.helpers import query, sign_in_and_get, table_checksums, this_database

pytestmark = pytest.mark.django_db(transaction=True)

MATERIALIZED_VIEWS_SQL = (
    "SELECT schemaname || '.' || matviewname, ispopulated FROM pg_matviews ORDER BY 1"
)
POLICIES_SQL = (
    "SELECT tablename, policyname, roles::text, qual, with_check FROM pg_policies ORDER BY 1, 2"
)


@pytest.fixture
def backup(tmp_path, two_filled_tenants):
    call_command("backup_database", dir=tmp_path, keep=3, stdout=io.StringIO())
    (manifest,) = tmp_path.glob("factory_pulse_backup_manifest_*.json")
    return manifest


@pytest.fixture
def non_empty_target(scratch_database):
    target = scratch_database("target")
    query(target, "CREATE TABLE keep_me (note text); INSERT INTO keep_me VALUES ('still here')")
    return target


def restore(manifest, target, *, force=False) -> str:
    out = io.StringIO()
    call_command(
        "restore_database", str(manifest), target_url=target.url(), force=force, stdout=out
    )
    return out.getvalue()


def test_backup_writes_the_seeds_three_files_and_a_manifest_of_the_database(backup):
    manifest = json.loads(backup.read_text())
    stamp = manifest["stamp"]

    assert backup.name == f"factory_pulse_backup_manifest_{stamp}.json"
    assert sorted(manifest["files"]) == sorted(
        name.format(stamp=stamp) for name in FILE_NAMES.values()
    )
    for name, file in manifest["files"].items():
        assert sha256_of(backup.parent / name) == file["sha256"]
    assert {name: rows for name, (rows, _) in table_checksums(this_database()).items()} == (
        manifest["tables"]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT app || '.' || name FROM django_migrations ORDER BY id")
        assert manifest["migrations"] == [name for (name,) in cursor.fetchall()]
        cursor.execute("SHOW server_version_num")
        assert manifest["server_major"] == int(cursor.fetchone()[0]) // 10000
    assert manifest["app_role"] == settings.APP_DB_ROLE
    schema_sql = (backup.parent / f"factory_pulse_schema_backup_{stamp}.sql").read_text()
    assert "CREATE POLICY" in schema_sql and "CREATE MATERIALIZED VIEW" in schema_sql
    data_sql = (backup.parent / f"factory_pulse_data_backup_{stamp}.sql").read_text()
    assert "DISABLE TRIGGER ALL" in data_sql  # a data-only restore survives circular keys


def test_restore_into_a_fresh_database_gives_identical_tables_and_a_working_app(
    backup, two_filled_tenants, scratch_database
):
    source = this_database()
    target = scratch_database("restore")

    output = restore(backup, target)

    assert "schema OK" in output and "all counts match the manifest" in output
    assert table_checksums(target) == table_checksums(source)
    assert query(target, POLICIES_SQL) == query(source, POLICIES_SQL)
    assert query(target, MATERIALIZED_VIEWS_SQL) == query(source, MATERIALIZED_VIEWS_SQL)
    assert all(populated for _, populated in query(target, MATERIALIZED_VIEWS_SQL))
    tenant_a = two_filled_tenants.a
    assert _projects_seen_by_the_app_role(target, tenant_a.pk) == _projects_of(source, tenant_a.pk)
    assert _projects_seen_by_the_app_role(target, None) == 0
    probe = sign_in_and_get(
        target, two_filled_tenants.admin_email, two_filled_tenants.password, "/", "/projects/"
    )
    assert probe["signed_in_as"] is not None
    assert probe["pages"] == {"/": 200, "/projects/": 200}


def _projects_seen_by_the_app_role(database, organization_id) -> int:
    with database.connect() as conn:
        conn.execute(f'SET LOCAL ROLE "{settings.APP_DB_ROLE}"')
        conn.execute(
            "SELECT set_config('app.organization_id', %s, true)", [str(organization_id or "")]
        )
        return conn.execute("SELECT count(*) FROM projects").fetchone()[0]


def _projects_of(database, organization_id) -> int:
    return query(
        database, "SELECT count(*) FROM projects WHERE organization_id = %s", [organization_id]
    )[0][0]


def test_restore_refuses_a_non_empty_target_unless_forced(backup, non_empty_target):
    with pytest.raises(CommandError, match=r"is not empty .* add --force"):
        restore(backup, non_empty_target)
    assert query(non_empty_target, "SELECT note FROM keep_me") == [("still here",)]

    output = restore(backup, non_empty_target, force=True)

    assert "all counts match the manifest" in output
    assert query(non_empty_target, "SELECT to_regclass('public.keep_me')") == [(None,)]
    assert table_checksums(non_empty_target) == table_checksums(this_database())


def _flip_a_byte(path):
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0xFF
    path.write_bytes(bytes(content))


def _truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize(
    ("kind", "damage", "complaint"),
    [
        ("complete", _flip_a_byte, "does not match its SHA-256"),
        ("complete", _truncate, "the manifest says"),
        ("data", lambda path: path.unlink(), "is missing"),
    ],
)
def test_a_damaged_backup_is_refused_and_the_target_is_unchanged(
    backup, non_empty_target, kind, damage, complaint
):
    stamp = json.loads(backup.read_text())["stamp"]
    damage(backup.parent / FILE_NAMES[kind].format(stamp=stamp))
    before = table_checksums(non_empty_target)

    with pytest.raises(CommandError, match=f"damaged; nothing was restored.*{complaint}"):
        restore(backup, non_empty_target, force=True)

    assert table_checksums(non_empty_target) == before
    assert query(non_empty_target, "SELECT note FROM keep_me") == [("still here",)]


def test_a_restore_that_differs_from_the_manifest_exits_non_zero_naming_the_table(
    backup, scratch_database
):
    manifest = json.loads(backup.read_text())
    users = manifest["tables"]["public.users"]
    manifest["tables"]["public.users"] = users + 1  # the manifest is the reference
    backup.write_text(json.dumps(manifest))

    with pytest.raises(
        CommandError, match=f"public.users: {users} rows, the backup has {users + 1}"
    ):
        restore(backup, scratch_database("differs"))
