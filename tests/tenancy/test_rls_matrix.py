"""The isolation matrix: every tenant table, discovered from the models, proven in PostgreSQL.

For each model with a TENANT_FIELD: with no tenant the app role sees no row and can write none; with
tenant A it sees exactly A's rows, through the ORM and through raw SQL, and cannot insert, move or
touch a row of tenant B. A new tenant table is covered the day its model and factory exist.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from apps.core.models import tenant_models
from apps.core.tenancy import app_role, portal_role, tenant_context
from tests.organizations.factories import TenantFactory
from tests.tenancy.factories_registry import factories_by_model

RLS_ERROR = "row-level security"
TENANT_MODELS = sorted(tenant_models(), key=lambda model: model._meta.db_table)
# Every foreign key from a tenant table to a tenant table, besides the row's own tenant key.
TENANT_REFERENCES = [
    (model, field.name)
    for model in TENANT_MODELS
    for field in model._meta.concrete_fields
    if field.many_to_one
    and getattr(field.related_model, "TENANT_FIELD", None)
    and field.name != model.TENANT_FIELD
]


def tenant_column(model) -> str:
    return model._meta.get_field(model.TENANT_FIELD).column


def make_row(model, tenant):
    factory = factories_by_model()[model._meta.label]
    return factory(**{model.TENANT_FIELD: tenant})


def row_as_json(model, pk) -> str:
    """The row exactly as stored, read as the owner (outside any tenant context)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT row_to_json(t) FROM "{model._meta.db_table}" t WHERE id = %s', [pk])
        return json.dumps(cursor.fetchone()[0], cls=DjangoJSONEncoder)


def insert_copy_sql(model) -> str:
    """Copies the model's columns: a table may also have generated columns (seed names for a
    column, docs/seed-sql.md), which PostgreSQL computes and refuses to be given."""
    table = model._meta.db_table
    columns = ", ".join(f'"{field.column}"' for field in model._meta.concrete_fields)
    return (
        f'INSERT INTO "{table}" ({columns}) '
        f'SELECT {columns} FROM json_populate_record(NULL::"{table}", %s::json)'
    )


def with_new_id(row_json: str, **changes) -> str:
    row = json.loads(row_json)
    row["id"] = str(uuid.uuid4())
    row.update(changes)
    return json.dumps(row)


def execute(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount, (cursor.fetchall() if cursor.description else None)


def assert_refused_by_rls(sql, params):
    with pytest.raises(DatabaseError, match=RLS_ERROR), transaction.atomic():
        execute(sql, params)


def assert_touches_nothing(model, sql, params=None):
    """UPDATE/DELETE reach no row; on append-only logs the app role may not even try."""
    if getattr(model, "APPEND_ONLY", False):
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            execute(sql, params)
    else:
        assert execute(sql, params)[0] == 0


@pytest.fixture
def two_tenants_with_rows(db, request):
    model = request.param
    tenant_a, tenant_b = TenantFactory(), TenantFactory()
    rows_a = [make_row(model, tenant_a) for _ in range(2)]
    rows_b = [make_row(model, tenant_b) for _ in range(3)]
    return model, tenant_a, tenant_b, rows_a, rows_b


def test_every_tenant_model_has_a_factory_for_the_matrix():
    missing = [m._meta.label for m in TENANT_MODELS if m._meta.label not in factories_by_model()]
    assert missing == [], f"add a factory in tests/<app>/factories.py for: {missing}"


def test_every_table_with_a_tenant_column_is_a_tenant_model(db):
    _, rows = execute(
        "SELECT DISTINCT table_name FROM information_schema.columns "
        "WHERE table_schema = 'public' "
        "AND column_name IN ('organization_id', 'owner_organization_id')"
    )
    tables_with_tenant_column = {table for (table,) in rows}
    # contacts.organization_id is the contact's company; its tenant column is owner_organization_id.
    declared = {m._meta.db_table for m in TENANT_MODELS}
    assert tables_with_tenant_column <= declared, tables_with_tenant_column - declared


def test_every_tenant_table_has_rls_and_four_policies_for_the_app_role(db):
    """Every other policy on a tenant table is the portal role's."""
    for model in TENANT_MODELS:
        table = model._meta.db_table
        _, rows = execute("SELECT relrowsecurity FROM pg_class WHERE oid = %s::regclass", [table])
        assert rows == [(True,)], f"RLS is not enabled on {table}"
        _, policies = execute(
            "SELECT cmd, roles::text[], qual, with_check FROM pg_policies "
            "WHERE schemaname = 'public' AND tablename = %s",
            [table],
        )
        # The portal role's own policies (apps.portal) are proven by tests/portal's matrix.
        app_policies = [p for p in policies if p[1] != [portal_role()]]
        commands = {cmd for cmd, *_ in app_policies}
        assert commands == {"SELECT", "INSERT", "UPDATE", "DELETE"}, (table, commands)
        for cmd, roles, qual, with_check in app_policies:
            assert roles == [app_role()], (table, cmd, roles)
            expression = qual or with_check
            assert tenant_column(model) in expression and "app.organization_id" in expression


@pytest.mark.parametrize("two_tenants_with_rows", TENANT_MODELS, indirect=True, ids=str)
def test_no_tenant_sees_no_row_and_writes_none(two_tenants_with_rows):
    model, _, _, rows_a, _ = two_tenants_with_rows
    table = model._meta.db_table
    row_json = row_as_json(model, rows_a[0].pk)

    with tenant_context(None):
        assert model.objects.count() == 0
        assert execute(f'SELECT count(*) FROM "{table}"')[1] == [(0,)]
        assert_refused_by_rls(insert_copy_sql(model), [with_new_id(row_json)])
        assert_touches_nothing(model, f'UPDATE "{table}" SET id = id')
        assert_touches_nothing(model, f'DELETE FROM "{table}" WHERE id = %s', [rows_a[0].pk])

    assert model.objects.filter(pk=rows_a[0].pk).exists()


@pytest.mark.parametrize("two_tenants_with_rows", TENANT_MODELS, indirect=True, ids=str)
def test_tenant_sees_only_its_own_rows(two_tenants_with_rows):
    model, tenant_a, _, _, _ = two_tenants_with_rows
    table, column = model._meta.db_table, tenant_column(model)
    expected = model.objects.filter(**{f"{column}": tenant_a.pk}).count()
    assert expected >= 2

    with tenant_context(tenant_a):
        assert model.objects.count() == expected
        _, rows = execute(f'SELECT DISTINCT "{column}" FROM "{table}"')
        assert rows == [(tenant_a.pk,)]


@pytest.mark.parametrize("two_tenants_with_rows", TENANT_MODELS, indirect=True, ids=str)
def test_tenant_cannot_write_another_tenants_rows(two_tenants_with_rows):
    model, tenant_a, tenant_b, rows_a, rows_b = two_tenants_with_rows
    table, column = model._meta.db_table, tenant_column(model)
    row_b_json = row_as_json(model, rows_b[0].pk)
    row_a_json = row_as_json(model, rows_a[0].pk)

    with tenant_context(tenant_a):
        # Inserting a row that carries B's id, or moving A's row to B, is refused outright.
        assert_refused_by_rls(insert_copy_sql(model), [with_new_id(row_b_json)])
        assert_refused_by_rls(
            insert_copy_sql(model), [with_new_id(row_a_json, **{column: str(tenant_b.pk)})]
        )
        if not getattr(model, "APPEND_ONLY", False):
            assert_refused_by_rls(
                f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', [tenant_b.pk, rows_a[0].pk]
            )
        # B's rows cannot even be addressed.
        assert_touches_nothing(model, f'UPDATE "{table}" SET id = id WHERE id = %s', [rows_b[0].pk])
        assert_touches_nothing(model, f'DELETE FROM "{table}" WHERE id = %s', [rows_b[0].pk])
        assert not model.objects.filter(pk=rows_b[0].pk).exists()

    assert model.objects.filter(pk=rows_b[0].pk).exists()


# Columns a CHECK ties to a reference, set along with it so that only the reference can be refused.
SET_ALONG_WITH = {
    ("approvals", "first_step"): {"step_number": 2, "total_steps": 2},
    ("documents", "approved_by"): {"approved_at": timezone.now()},
    ("projects", "current_stage"): {"stage_entered_at": timezone.now()},
}


@pytest.mark.parametrize(
    ("model", "field_name"),
    TENANT_REFERENCES,
    ids=[f"{model._meta.db_table}.{name}" for model, name in TENANT_REFERENCES],
)
def test_a_reference_to_another_tenants_row_is_refused(db, model, field_name):
    """Foreign keys are checked without RLS: only a composite key with the tenant refuses them."""
    field = model._meta.get_field(field_name)
    tenant_a, tenant_b = TenantFactory(), TenantFactory()
    row_a = make_row(model, tenant_a)
    target_b = make_row(field.related_model, tenant_b)
    table = model._meta.db_table

    changes = {field.column: target_b.pk, **SET_ALONG_WITH.get((table, field.name), {})}

    with (
        tenant_context(tenant_a),
        pytest.raises(IntegrityError, match="violates foreign key constraint"),
        transaction.atomic(),
    ):
        if getattr(model, "APPEND_ONLY", False):
            row = with_new_id(row_as_json(model, row_a.pk), **{field.column: str(target_b.pk)})
            execute(insert_copy_sql(model), [row])
        else:
            assignments = ", ".join(f'"{column}" = %s' for column in changes)
            execute(
                f'UPDATE "{table}" SET {assignments} WHERE id = %s', [*changes.values(), row_a.pk]
            )


def test_the_reference_matrix_covers_users_and_contacts():
    referenced = {
        model._meta.get_field(name).related_model._meta.db_table
        for model, name in TENANT_REFERENCES
    }
    assert {"users", "contacts", "organizations", "projects"} <= referenced


def test_the_app_role_is_powerless_outside_rls(db):
    _, rows = execute(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin "
        "FROM pg_roles WHERE rolname = %s",
        [app_role()],
    )
    assert rows == [(False, False, False, False, False)]
    _, owned = execute(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "WHERE r.rolname = %s",
        [app_role()],
    )
    assert owned == [(0,)]
    _, owned_schemas = execute(
        "SELECT count(*) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner "
        "WHERE r.rolname = %s",
        [app_role()],
    )
    assert owned_schemas == [(0,)]


def test_the_app_role_cannot_read_the_migration_ledger(db):
    with (
        tenant_context(None),
        pytest.raises(DatabaseError, match="permission denied"),
        transaction.atomic(),
    ):
        execute("SELECT count(*) FROM django_migrations")


def test_nested_contexts_restore_the_outer_role_and_tenant(db):
    tenant_a, tenant_b = TenantFactory(), TenantFactory()
    with tenant_context(tenant_a):
        with tenant_context(tenant_b):
            assert execute("SELECT current_setting('app.organization_id')")[1] == [
                (str(tenant_b.pk),)
            ]
        _, rows = execute("SELECT current_user::text, current_setting('app.organization_id')")
        assert rows == [(app_role(), str(tenant_a.pk))]
    _, rows = execute("SELECT current_user::text = %s", [app_role()])
    assert rows == [(False,)]
