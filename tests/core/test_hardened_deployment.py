"""A hardened deployment is a configuration change: with MIGRATION_DATABASE_URL set, `migrate` runs
as the owner, and DATABASE_URL's login role ends up owning nothing, able only to become the app
role. (Roles are cluster-wide: the login role is created once, idempotently.)"""

from __future__ import annotations

import pytest
from psycopg import errors

from apps.operations.pg_tools import Database
from tests.operations.helpers import (
    create_scratch_database,
    drop_database,
    on_same_server,
    query,
    run_manage,
)

LOGIN_ROLE = "factorypulse_hardened_login"


@pytest.fixture
def scratch(db):
    database = create_scratch_database("hardened")
    yield database
    drop_database(database)


@pytest.fixture
def login_role(db):
    query(
        on_same_server("postgres"),
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{LOGIN_ROLE}') THEN "
        f"CREATE ROLE {LOGIN_ROLE} LOGIN NOINHERIT; END IF; END $$",
    )
    return LOGIN_ROLE


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
