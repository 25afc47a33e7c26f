"""The seeds' own SQL runs unchanged against our schema (issue 15 item 21, docs/seed-sql.md).

Each snippet is a checked-in copy in `seed_sql/`, its first line naming the seed file and lines it
was copied from. Queries run as the owner, and tenant queries also as the app role inside a tenant
context, where they must see that tenant's rows only. DDL and INSERT snippets that cannot run as
they stand (a table that exists, rows our tenancy refuses) still hold us to their column names.
"""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.utils import timezone

from apps.core.schema_checks import expected_schema
from apps.core.tenancy import tenant_context
from apps.projects.models import ProjectStatus
from tests.activity.factories import ActivityLogFactory
from tests.dbchecks import execute, permission_denied
from tests.projects.factories import ProjectFactory, ProjectSubStageProgressFactory
from tests.users.factories import UserFactory

REPOSITORY = Path(__file__).resolve().parents[2]
SNIPPETS_DIR = Path(__file__).parent / "seed_sql"
DOC = REPOSITORY / "docs" / "seed-sql.md"
# CI keeps a copy of shared/ beside the repository; the tests never need it, but when it is
# there the checked-in copies must still be the seeds' text.
SEEDS_DIR = REPOSITORY.parent / "shared" / "seeds"
SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```$", flags=re.S | re.M)
HEADER = re.compile(
    r"^-- Seed (?P<seed>\d{3}_[0-9a-f]+\.txt), lines (?P<first>\d+)-(?P<last>\d+): "
)

# Column names the seeds use that our schema does not carry, and why (docs/seed-sql.md).
SEED_COLUMNS_WE_DO_NOT_HAVE = {
    # description: no such field in the SPEC; direct_reports: derived from direct_manager_id;
    # metadata: our per-user settings are `preferences`.
    "users": {"description", "direct_reports", "metadata"},
    # One contact per project is `point_of_contact_id`, a row of contacts, not copied text.
    "projects": {"contact_name", "contact_email", "contact_phone"},
}
SEED_TABLES_WE_DO_NOT_HAVE = {"project_contact_points"}  # projects.point_of_contact_id instead
SNIPPETS_RUN = {
    "run_schema_integrity_tests",
    "strategic_indexes",
    "database_connections",
    "active_users",
    "projects_completed",
}
SNIPPETS_FOR_RESULT_COLUMNS = {"materialized_views"}
SNIPPETS_FOR_COLUMN_NAMES = {
    "users_table",
    "workflow_stage_tables",
    "project_sub_stage_progress_table",
    "users_insert",
    "sample_dataset_inserts",
}


def snippet_files() -> list[Path]:
    return sorted(SNIPPETS_DIR.glob("*.sql"))


def snippet_sql(name: str) -> str:
    """The seed's text, without the line that names where it comes from."""
    return (SNIPPETS_DIR / f"{name}.sql").read_text().split("\n", 1)[1]


def declared_columns(sql: str) -> dict[str, list[str]]:
    """Table -> column names, from the snippet's CREATE TABLE bodies and INSERT column lists."""
    columns: dict[str, list[str]] = {}
    for table, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\n\);", sql, flags=re.S):
        for line in body.splitlines():
            word = line.strip().split(" ", 1)[0].rstrip(",").lower()
            if word and not word.startswith(("--", "unique", "primary", "constraint")):
                columns.setdefault(table, []).append(word)
    for table, names in re.findall(r"INSERT INTO (\w+) \(([^)]*)\) VALUES", sql):
        columns.setdefault(table, []).extend(name.strip() for name in names.split(","))
    return columns


def materialized_view_columns(sql: str) -> dict[str, list[str]]:
    """View -> its result columns (the alias, or the bare column), from CREATE MATERIALIZED VIEW."""
    views = {}
    for view, select_list in re.findall(
        r"CREATE MATERIALIZED VIEW (\w+) AS\s+SELECT(.*?)\nFROM", sql, flags=re.S
    ):
        items = [line.strip().rstrip(",") for line in select_list.strip().splitlines()]
        views[view] = [re.split(r"\s+as\s+", item, flags=re.I)[-1] for item in items]
    return views


def sql_blocks(seed_text: str) -> list[tuple[int, int]]:
    """First and last line of each ```sql block's body."""
    blocks = []
    for block in SQL_BLOCK.finditer(seed_text):
        first = seed_text.count("\n", 0, block.start(1)) + 1
        blocks.append((first, first + block[1].count("\n") - 1))
    return blocks


def table_columns(table: str) -> set[str]:
    rows = execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s",
        [table],
    )
    return {name for (name,) in rows}


def test_every_checked_in_snippet_is_run_or_checked_for_its_column_names():
    assert {path.stem for path in snippet_files()} == (
        SNIPPETS_RUN | SNIPPETS_FOR_RESULT_COLUMNS | SNIPPETS_FOR_COLUMN_NAMES
    )


def test_checked_in_snippets_are_still_the_seeds_text():
    for path in snippet_files():
        header, body = path.read_text().split("\n", 1)
        source = HEADER.match(header)
        assert source, f"{path.name}: first line must name its seed file and lines"
        first, last = int(source["first"]), int(source["last"])
        assert 0 < first <= last
        assert body.count("\n") == last - first + 1, f"{path.name}: line count != header range"
        seed = SEEDS_DIR / source["seed"]
        if SEEDS_DIR.is_dir():
            seed_lines = seed.read_text().splitlines(keepends=True)[first - 1 : last]
            assert body == "".join(seed_lines), f"{path.name} differs from {seed.name}"


def test_the_doc_accounts_for_every_snippet_and_every_sql_block_of_the_seeds():
    doc = DOC.read_text()
    for path in snippet_files():
        assert f"`{path.name}`" in doc, f"{path.name} is not in {DOC.name}"
    if SEEDS_DIR.is_dir():
        for seed in sorted(SEEDS_DIR.glob("*.txt")):
            assert f"`{seed.name}`" in doc, f"{seed.name} is not in {DOC.name}"
            for first, last in sql_blocks(seed.read_text()):
                listed = f"`{seed.name}` lines {first}-{last} |"
                assert listed in doc, f"{DOC.name} does not list {listed}"


def test_run_schema_integrity_tests_passes_on_the_migrated_schema(db):
    rows = execute(snippet_sql("run_schema_integrity_tests"))

    assert [test for test, *_ in rows] == [
        "tables", "foreign keys", "unique rules", "check constraints", "indexes",
        "row-level security", "app role grants", "functions", "read-only tables",
        "materialized views", "tenant views",
    ]  # fmt: skip
    assert [(test, status, details) for test, status, _, details in rows if status != "PASS"] == []
    assert all(checked > 0 for _, _, checked, _ in rows)


def test_run_schema_integrity_tests_reports_a_table_without_row_level_security(db):
    execute("ALTER TABLE projects DISABLE ROW LEVEL SECURITY")

    rows = execute(snippet_sql("run_schema_integrity_tests"))

    failed = {test: details for test, status, _, details in rows if status == "FAIL"}
    assert failed == {"row-level security": "projects: row level security disabled"}


def test_the_recorded_expectation_is_the_models_expectation(db):
    [(recorded,)] = execute("SELECT schema_expectation()::text")

    assert json.loads(recorded) == json.loads(json.dumps(expected_schema()))


def test_the_app_role_may_not_run_the_integrity_tests(tenant):
    with tenant_context(tenant), permission_denied():
        execute(snippet_sql("run_schema_integrity_tests"))
    with tenant_context(tenant), permission_denied():
        execute("SELECT schema_expectation()")


def index_led_by(table: str, columns: list[str]) -> list[str]:
    """Our indexes on `table` whose leading columns are `columns`, in that order."""
    rows = execute(
        "SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
        "WHERE i.indrelid = %s::regclass AND i.indisvalid AND ARRAY("
        "  SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)"
        "  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
        "  ORDER BY k.n LIMIT %s) = %s",
        [table, len(columns), columns],
    )
    return [name for (name,) in rows]


def test_the_strategic_indexes_build_on_our_columns(db):
    seed_sql = snippet_sql("strategic_indexes")
    seed_indexes = re.findall(r"CREATE INDEX (\w+) ON (\w+)", seed_sql)
    seed_columns = re.findall(r"CREATE INDEX \w+ ON (\w+)\(([^)]*)\)", seed_sql)
    ours = {
        (table, columns): index_led_by(table, [c.strip() for c in columns.split(",")])
        for table, columns in seed_columns
    }

    execute(seed_sql)

    built = execute(
        "SELECT ic.relname, t.relname FROM pg_index i "
        "JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
        "WHERE i.indisvalid AND ic.relname = ANY(%s)",
        [[name for name, _ in seed_indexes]],
    )
    assert len(seed_indexes) == 5
    assert sorted(built) == sorted(seed_indexes)
    # Not added to the schema: each is a duplicate of an index we already have.
    assert [key for key, indexes in ours.items() if not indexes] == []


@pytest.mark.parametrize("as_app_role", [False, True])
def test_database_connections_counts_this_session(tenant, as_app_role):
    if as_app_role:
        with tenant_context(tenant):
            rows = execute(snippet_sql("database_connections"))
    else:
        rows = execute(snippet_sql("database_connections"))

    [(metric, connections, status)] = rows
    assert metric == "Database Connections"
    assert connections >= 1
    assert status == ("WARNING" if connections > 15 else "OK")


def test_active_users_counts_the_tenants_distinct_users(tenant, other_tenant):
    project = ProjectFactory(organization=tenant)
    first, second = UserFactory.create_batch(2, organization=tenant)
    for user in (first, first, second):
        ActivityLogFactory(project=project, user=user)
    ActivityLogFactory(project=ProjectFactory(organization=other_tenant))

    with tenant_context(tenant):
        tenant_rows = execute(snippet_sql("active_users"))
    with tenant_context(other_tenant):
        other_rows = execute(snippet_sql("active_users"))
    owner_rows = execute(snippet_sql("active_users"))

    assert tenant_rows == [("Active Users (24h)", 2, "INFO")]
    assert other_rows == [("Active Users (24h)", 1, "INFO")]
    assert owner_rows == [("Active Users (24h)", 3, "INFO")]


def test_projects_completed_counts_the_tenants_recently_completed_projects(tenant, other_tenant):
    ProjectFactory(organization=tenant, status=ProjectStatus.COMPLETED)
    ProjectFactory(organization=tenant, status=ProjectStatus.PRODUCTION)
    stale = ProjectFactory(organization=tenant, status=ProjectStatus.COMPLETED)
    ProjectFactory(organization=other_tenant, status=ProjectStatus.COMPLETED)
    # Older than the seed's seven days: the trigger stamps updated_at, so step around it.
    execute("SET CONSTRAINTS ALL IMMEDIATE")
    execute("ALTER TABLE projects DISABLE TRIGGER projects_set_updated_at")
    execute(
        "UPDATE projects SET updated_at = %s WHERE id = %s",
        [timezone.now() - timedelta(days=8), stale.pk],
    )
    execute("ALTER TABLE projects ENABLE TRIGGER projects_set_updated_at")

    with tenant_context(tenant):
        tenant_rows = execute(snippet_sql("projects_completed"))
    owner_rows = execute(snippet_sql("projects_completed"))

    assert tenant_rows == [("Projects Completed (7d)", 1, "INFO")]
    assert owner_rows == [("Projects Completed (7d)", 2, "INFO")]


def test_sub_stage_progress_answers_to_the_seeds_column_names(tenant, other_tenant):
    assignee = UserFactory(organization=tenant)
    progress = ProjectSubStageProgressFactory(organization=tenant, assigned_to=assignee)
    ProjectSubStageProgressFactory(organization=other_tenant)
    seed_columns = declared_columns(snippet_sql("project_sub_stage_progress_table"))
    select = f"SELECT {', '.join(seed_columns['project_sub_stage_progress'])} "

    with tenant_context(tenant):
        rows = execute(select + "FROM project_sub_stage_progress")

    assert "assigned_to" in seed_columns["project_sub_stage_progress"]
    assert [(row[0], row[5]) for row in rows] == [(progress.pk, assignee.pk)]


def test_assigned_to_follows_the_foreign_key_and_cannot_be_written(tenant):
    progress = ProjectSubStageProgressFactory(organization=tenant)
    assignee = UserFactory(organization=tenant)

    with tenant_context(tenant):
        execute(
            "UPDATE project_sub_stage_progress SET assigned_to_id = %s WHERE id = %s",
            [assignee.pk, progress.pk],
        )
        rows = execute(
            "SELECT assigned_to FROM project_sub_stage_progress WHERE id = %s", [progress.pk]
        )
    assert rows == [(assignee.pk,)]
    refused = pytest.raises(DatabaseError, match="can only be updated to DEFAULT")
    with refused, tenant_context(tenant):
        execute(
            "UPDATE project_sub_stage_progress SET assigned_to = NULL WHERE id = %s",
            [progress.pk],
        )


@pytest.mark.parametrize("name", sorted(SNIPPETS_FOR_COLUMN_NAMES))
def test_the_seeds_column_names_exist_except_the_documented_ones(db, name):
    declared = declared_columns(snippet_sql(name))
    assert declared, f"{name}: no table or column found"

    for table, columns in declared.items():
        if table in SEED_TABLES_WE_DO_NOT_HAVE:
            assert table_columns(table) == set(), f"{table} exists: update docs/seed-sql.md"
            continue
        missing = set(columns) - table_columns(table)
        assert missing == SEED_COLUMNS_WE_DO_NOT_HAVE.get(table, set()) & set(columns), table


def test_the_seeds_materialized_views_are_ours_with_the_seeds_result_columns(tenant):
    """Ours live in the private `analytics` schema (PostgreSQL applies no RLS to materialized
    views), grouped one level finer (by stage too); the seed's columns are all there."""
    ProjectFactory(organization=tenant)
    progress = ProjectSubStageProgressFactory(organization=tenant)
    views = materialized_view_columns(snippet_sql("materialized_views"))
    execute("REFRESH MATERIALIZED VIEW analytics.mv_project_dashboard_summary")
    execute("REFRESH MATERIALIZED VIEW analytics.mv_workflow_efficiency")

    rows = {
        view: execute(
            f"SELECT {', '.join(columns)} FROM analytics.{view} WHERE organization_id = %s",
            [tenant.pk],
        )
        for view, columns in views.items()
    }

    assert views == {
        "mv_project_dashboard_summary": [
            "organization_id", "status", "priority_level", "project_count",
            "avg_delivery_variance_days",
        ],
        "mv_workflow_efficiency": [
            "organization_id", "stage_name", "sub_stage_name", "total_instances",
            "avg_completion_hours",
        ],
    }  # fmt: skip
    assert rows["mv_project_dashboard_summary"] == [
        (tenant.pk, ProjectStatus.INQUIRY, "normal", 2, None)
    ]
    assert rows["mv_workflow_efficiency"] == [
        (tenant.pk, progress.workflow_stage.name, progress.sub_stage.name, 1, None)
    ]
