"""A hardened deployment is a configuration change: with MIGRATION_DATABASE_URL set, `migrate` runs
as the owner, and DATABASE_URL's login role ends up owning nothing, able only to become the app
role; with OWNER_DATABASE_URL (or MIGRATION_DATABASE_URL) set in the running processes, the jobs
that need the owner's rights use that connection (`apps.core.owner`) and still work. (Roles are
cluster-wide: the login role is created once, idempotently.)"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.conf import settings
from psycopg import errors

from apps.dashboard.analytics import MATERIALIZED_VIEWS
from apps.dashboard.tasks import refresh_dashboard_views
from apps.demo.sample_data import SAMPLE_PASSWORD, SIGN_IN_EMAIL
from apps.operations.pg_tools import Database
from tests.operations.helpers import (
    create_scratch_database,
    drop_database,
    on_same_server,
    query,
    run_manage,
    sign_in_and_get,
)
from tests.workers import eventually

LOGIN_ROLE = "factorypulse_hardened_login"


@pytest.fixture
def scratch(db):
    database = create_scratch_database("hardened")
    yield database
    drop_database(database)


def create_login_role() -> str:
    query(
        on_same_server("postgres"),
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{LOGIN_ROLE}') THEN "
        f"CREATE ROLE {LOGIN_ROLE} LOGIN NOINHERIT; END IF; END $$",
    )
    return LOGIN_ROLE


@pytest.fixture
def login_role(db):
    return create_login_role()


def as_login(database, login_role) -> Database:
    return Database({**database.params, "user": login_role, "password": ""})


def count_projects_as_app_role(database: Database) -> int:
    with database.connect(autocommit=True) as conn:
        conn.execute("SET ROLE factorypulse_app")
        return conn.execute("SELECT count(*) FROM projects").fetchone()[0]


def test_migrating_as_the_owner_leaves_the_login_role_owning_nothing(scratch, login_role):
    login = as_login(scratch, login_role)

    refused = run_manage(login, "migrate", "--noinput")
    assert refused.returncode != 0  # the login role alone may not create the schema

    result = run_manage(
        login, "migrate", "--noinput", env={"MIGRATION_DATABASE_URL": scratch.url()}
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{login_role} may act as factorypulse_app" in result.stdout
    owned = query(
        scratch,
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "WHERE r.rolname = %s",
        [login_role],
    )
    assert owned == [(0,)]
    assert query(scratch, "SELECT count(*) FROM pg_class WHERE relname = 'projects'") == [(1,)]
    with pytest.raises(errors.InsufficientPrivilege):
        query(login, "SELECT count(*) FROM projects")
    # Only as the app role, and then row-level security applies: no tenant, no rows.
    assert count_projects_as_app_role(login) == 0


# --- The running installation, hardened: one scratch database for the tests below ---


@dataclass(frozen=True)
class Hardened:
    owner: Database  # the schema owner's connection (here the test server's superuser)
    login: Database  # DATABASE_URL: owns nothing, may only become the app role

    @property
    def env(self) -> dict[str, str]:
        """What makes a process hardened: its DATABASE_URL is the login role, and the owner's
        connection is a second alias."""
        return {"DATABASE_URL": self.login.url(), "OWNER_DATABASE_URL": self.owner.url()}


@pytest.fixture(scope="module")
def hardened(django_db_setup):
    owner = create_scratch_database("hardened_run")
    login = as_login(owner, create_login_role())
    migrated = run_manage(
        login, "migrate", "--noinput", env={"MIGRATION_DATABASE_URL": owner.url()}
    )
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    seeded = run_manage(owner, "seed_sample_data")  # two tenants, written by the owner
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    yield Hardened(owner=owner, login=login)
    drop_database(owner)


def last_refresh(database: Database):
    return query(database, "SELECT max(refreshed_at) FROM dashboard_refresh_log")[0][0]


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_refresh_runs_on_a_worker_with_the_owners_connection(hardened, start_worker):
    without_owner = run_manage(hardened.login, "refresh_dashboard_views")
    assert without_owner.returncode != 0  # the login role alone owns no view
    before = last_refresh(hardened.owner)
    start_worker(env=hardened.env)

    refresh_dashboard_views.delay()

    eventually(lambda: last_refresh(hardened.owner) > before, "the worker's refresh")
    assert query(hardened.owner, "SELECT count(*) FROM dashboard_refresh_log") == [
        (len(MATERIALIZED_VIEWS),)
    ]


def test_a_backup_is_taken_through_the_owners_connection(hardened, tmp_path):
    refused = run_manage(hardened.login, "backup_database", "--dir", str(tmp_path / "refused"))
    assert refused.returncode != 0  # pg_dump as the login role may read no table

    result = run_manage(
        hardened.login, "backup_database", "--dir", str(tmp_path / "sets"), env=hardened.env
    )

    assert result.returncode == 0, result.stdout + result.stderr
    (manifest,) = (tmp_path / "sets").glob("factory_pulse_backup_manifest_*.json")
    tables = json.loads(manifest.read_text())["tables"]
    assert tables["public.projects"] == query(hardened.owner, "SELECT count(*) FROM projects")[0][0]
    assert tables["public.projects"] > 0


def test_a_failed_sign_in_is_recorded_and_the_operators_kpis_read_it(hardened):
    failed = sign_in_and_get(hardened.login, SIGN_IN_EMAIL, "not-the-password", env=hardened.env)
    assert failed["signed_in_as"] is None
    attempts = query(
        hardened.owner,
        "SELECT sum(failures_since_start) FROM axes_accessattempt WHERE username = %s",
        [SIGN_IN_EMAIL],
    )
    assert attempts == [(1,)]
    signed_in = sign_in_and_get(
        hardened.login, SIGN_IN_EMAIL, SAMPLE_PASSWORD, "/", "/projects/", env=hardened.env
    )
    assert signed_in["signed_in_as"] is not None
    assert signed_in["pages"] == {"/": 200, "/projects/": 200}

    report = run_manage(hardened.login, "ops_report", "--json", env=hardened.env)

    kpis = {kpi["key"]: kpi for kpi in json.loads(report.stdout)["kpis"]}
    assert kpis["auth_failure_pct"]["value"] == 50.0  # one failure, one success
    assert kpis["auth_failure_pct"]["status"] == "CRITICAL"
    read_by_the_owner = ("projects_completed_7d", "database_size_bytes", "mv_refresh_seconds")
    assert all(kpis[key]["value"] is not None for key in read_by_the_owner), kpis
    assert not [kpi for kpi in kpis.values() if "privilege" in kpi["note"]]


def test_the_login_role_still_cannot_bypass_row_level_security(hardened):
    tenant, other = (
        row[0] for row in query(hardened.owner, "SELECT id FROM organizations "
                                "WHERE organization_type = 'internal' ORDER BY slug")
    )  # fmt: skip
    others_projects = "SELECT count(*) FROM projects WHERE organization_id = %s"
    assert query(hardened.owner, others_projects, [other])[0][0] > 0

    with hardened.login.connect() as conn:
        conn.execute("SELECT set_config('role', %s, true)", [settings.APP_DB_ROLE])
        conn.execute("SELECT set_config('app.organization_id', %s, true)", [str(tenant)])
        assert conn.execute(others_projects, [other]).fetchone()[0] == 0
        assert conn.execute(others_projects, [tenant]).fetchone()[0] > 0
    for escape in (
        "SELECT count(*) FROM projects",  # as itself: no privilege at all
        "SET ROLE postgres",  # cannot become the owner
        "SET ROLE factorypulse_app; SET row_security = off; SELECT count(*) FROM projects",
    ):
        with pytest.raises(errors.InsufficientPrivilege):
            query(hardened.login, escape)


def test_the_beat_jobs_list_every_tenant_through_the_owners_connection(hardened):
    count_tenants = (
        "from apps.organizations.selectors import active_tenant_ids; "
        "print(len(active_tenant_ids()))"
    )

    listed = run_manage(hardened.login, "shell", "-c", count_tenants, env=hardened.env)

    assert listed.returncode == 0, listed.stderr[-2000:]
    assert listed.stdout.strip().splitlines()[-1] == "2"  # the two sample tenants
