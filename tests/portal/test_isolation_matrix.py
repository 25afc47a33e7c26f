"""The portal's isolation matrix: every tenant table, discovered from the models, read and written
as the portal role for a contact of customer X of tenant A.

Each table is either one the portal may read (PORTAL_SEES says which rows, in Python, from the
rows as stored) or one it has no privilege on at all. For every table: the portal sees exactly the
rows PORTAL_SEES allows (never tenant B's, never another customer's, never an internal row) or is
refused outright; it cannot insert a copy of another tenant's row, nor update or delete any row.
A new tenant table fails here until it is classified.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from apps.core.models import tenant_models
from apps.core.tenancy import portal_role, tenant_context
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory, TenantFactory
from tests.portal.factories import portal_account
from tests.tenancy.factories_registry import factories_by_model
from tests.tenancy.test_rls_matrix import insert_copy_sql, row_as_json, with_new_id

TENANT_MODELS = sorted(tenant_models(), key=lambda model: model._meta.db_table)
REFUSED = "permission denied|row-level security"


def _project_of(row):
    return getattr(row, "project", None)


def _customer_project(row, customer) -> bool:
    project = _project_of(row)
    return project is not None and project.customer_organization_id == customer.pk


def _shared_document(document, customer) -> bool:
    return (
        document is not None
        and document.access_level == "customer"
        and not document.is_deleted
        and _customer_project(document, customer)
    )


# table -> which rows the portal account `me` of `customer` (of `tenant`) may see, judged from the
# stored row.
PORTAL_SEES = {
    "organizations": lambda row, tenant, customer, me: row.pk in (tenant.pk, customer.pk),
    "users": lambda row, tenant, customer, me: row.organization_id == tenant.pk,
    "contacts": lambda row, tenant, customer, me: (
        row.owner_organization_id == tenant.pk and row.organization_id == customer.pk
    ),
    "projects": lambda row, tenant, customer, me: (
        row.organization_id == tenant.pk and row.customer_organization_id == customer.pk
    ),
    "workflow_stages": lambda row, tenant, customer, me: row.organization_id == tenant.pk,
    "documents": lambda row, tenant, customer, me: _shared_document(row, customer),
    "document_versions": lambda row, tenant, customer, me: _shared_document(row.document, customer),
    "document_access_log": lambda row, tenant, customer, me: row.user_id == me.pk,
    "activity_log": lambda row, tenant, customer, me: (
        row.user_id == me.pk
        or (
            row.entity_type == "project"
            and row.action == "stage_advanced"
            and _customer_project(row, customer)
        )
    ),
    "portal_messages": lambda row, tenant, customer, me: _customer_project(row, customer),
    "portal_inquiries": lambda row, tenant, customer, me: (
        row.organization_id == tenant.pk and row.customer_organization_id == customer.pk
    ),
    "portal_decisions": lambda row, tenant, customer, me: _customer_project(row, customer),
}

# What makes a row of one of these tables "shared": one such row of customer X is made, beside an
# internal one, so the matrix proves both that the shared row shows and the internal one does not.
SHARED_ROW = {
    "documents.Document": lambda me: {"access_level": "customer"},
    "documents.DocumentVersion": lambda me: {"document__access_level": "customer"},
    "documents.DocumentAccessLog": lambda me: {"user": me},
    "activity.ActivityLog": lambda me: {"action": "stage_advanced"},
    "portal.PortalInquiry": lambda me: {"customer_organization_id": me.customer_organization_id},
}

# The only tables the portal may write, and only rows of its own (the policies' WITH CHECK).
PORTAL_INSERTS = {
    "documents",
    "document_versions",
    "document_access_log",
    "activity_log",
    "portal_messages",
    "portal_inquiries",
    "portal_decisions",
}


def execute(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def assert_refused(sql, params=None):
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        execute(sql, params)


@pytest.fixture
def world(db, request):
    """Tenant A with customer X (a portal account's company) and other customers, and tenant B.
    Rows made before X's projects are claimed become X's wherever they hang under a project."""
    model = request.param
    label = model._meta.label
    factory = factories_by_model()[label]
    tenant_a, tenant_b = TenantFactory(), TenantFactory()
    customer_x = CustomerFactory(owner_organization=tenant_a)
    account = portal_account(ContactFactory(owner_organization=tenant_a, organization=customer_x))
    field = model.TENANT_FIELD
    shared = SHARED_ROW.get(label, lambda me: {})(account)
    factory(**{field: tenant_a}, **shared)
    factory(**{field: tenant_a})
    execute(
        "UPDATE projects SET customer_organization_id = %s WHERE organization_id = %s",
        [customer_x.pk, tenant_a.pk],
    )
    # Tenant B's rows are never of this account: only rows A made for it can be "mine".
    not_mine = {
        key: value
        for key, value in shared.items()
        if value not in (account, account.customer_organization_id)
    }
    for _ in range(2):
        factory(**{field: tenant_a}, **not_mine)
        factory(**{field: tenant_b}, **not_mine)
    return model, tenant_a, tenant_b, customer_x, account


def portal(account):
    return tenant_context(
        account.organization_id, account.pk, customer=account.customer_organization_id
    )


def test_every_table_the_portal_may_read_is_a_tenant_table():
    tables = {model._meta.db_table for model in TENANT_MODELS}
    assert set(PORTAL_SEES) <= tables, set(PORTAL_SEES) - tables
    assert tables >= PORTAL_INSERTS


def test_the_portal_role_is_powerless_outside_its_policies(db):
    rows = execute(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin "
        "FROM pg_roles WHERE rolname = %s",
        [portal_role()],
    )
    assert rows == [(False, False, False, False, False)]
    privileges = execute(
        "SELECT c.relname, p.privilege FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public' "
        "CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) "
        "AS p(privilege) "
        "WHERE c.relkind IN ('r', 'v', 'm', 'p') "
        "AND (has_table_privilege(%s, c.oid, p.privilege) "
        "OR (p.privilege IN ('SELECT', 'INSERT', 'UPDATE') "
        "AND has_any_column_privilege(%s, c.oid, p.privilege)))",
        [portal_role(), portal_role()],
    )
    assert {privilege for _, privilege in privileges} == {"SELECT", "INSERT"}
    assert {table for table, privilege in privileges if privilege == "INSERT"} == PORTAL_INSERTS
    assert {table for table, privilege in privileges if privilege == "SELECT"} == set(PORTAL_SEES)


@pytest.mark.parametrize("world", TENANT_MODELS, indirect=True, ids=str)
def test_the_portal_sees_only_its_customers_shared_rows(world):
    model, tenant_a, _, customer_x, account = world
    table = model._meta.db_table
    stored = list(model._base_manager.all())
    expected = (
        {row.pk for row in stored if PORTAL_SEES[table](row, tenant_a, customer_x, account)}
        if table in PORTAL_SEES
        else None
    )

    with portal(account):
        if expected is None:
            assert_refused(f'SELECT id FROM "{table}"')
            return
        seen = {pk for (pk,) in execute(f'SELECT id FROM "{table}"')}

    assert seen == expected
    assert seen, f"{table}: the matrix made no row the portal may see, so it proves nothing"
    assert len(seen) < len(stored), f"{table}: the portal saw every row"


@pytest.mark.parametrize("world", TENANT_MODELS, indirect=True, ids=str)
def test_the_portal_writes_nothing_but_its_own_rows(world):
    model, tenant_a, tenant_b, _, account = world
    table = model._meta.db_table
    column = model._meta.get_field(model.TENANT_FIELD).column
    row_b = model._base_manager.filter(**{column: tenant_b.pk}).first()
    row_a = model._base_manager.filter(**{column: tenant_a.pk}).first()

    copy_of_b = with_new_id(row_as_json(model, row_b.pk))
    a_moved_to_b = with_new_id(row_as_json(model, row_a.pk), **{column: str(tenant_b.pk)})

    with portal(account):
        # Another tenant's row, or one of this tenant's moved to another, is refused outright.
        assert_refused(insert_copy_sql(model), [copy_of_b])
        assert_refused(insert_copy_sql(model), [a_moved_to_b])
        # No row of any table can be changed or removed by the portal.
        assert_refused(f'UPDATE "{table}" SET id = id WHERE id = %s', [row_a.pk])
        assert_refused(f'DELETE FROM "{table}" WHERE id = %s', [row_a.pk])

    assert model._base_manager.filter(pk=row_a.pk).exists()


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("users", "email"),
        ("users", "phone"),
        ("users", "preferences"),
        ("projects", "estimated_value"),
        ("projects", "actual_value"),
        ("projects", "notes"),
        ("contacts", "notes"),
        ("activity_log", "description"),
        ("activity_log", "old_values"),
    ],
)
def test_values_the_factory_has_not_shared_are_refused(db, table, column):
    account = portal_account()
    with portal(account):
        assert_refused(f'SELECT "{column}" FROM "{table}"')


def test_without_a_customer_setting_the_portal_role_sees_no_project(db):
    account = portal_account()
    with portal(account):
        execute("SELECT set_config('app.customer_id', '', true)")
        assert execute("SELECT count(*) FROM projects") == [(0,)]
        others = "SELECT count(*) FROM organizations WHERE id <> %s"
        assert execute(others, [account.organization_id]) == [(0,)]
