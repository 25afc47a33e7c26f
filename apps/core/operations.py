"""Migration operations for the database-side rules every tenant table shares."""

from __future__ import annotations

from django.conf import settings
from django.db.migrations.operations.base import Operation

TENANT_SETTING = "(SELECT NULLIF(current_setting('app.organization_id', true), '')::uuid)"


def rls_policy_sql(table: str, tenant_column: str, role: str) -> list[str]:
    """ENABLE RLS and one policy per command, TO the app role only.

    The tenant comparison is wrapped in a scalar sub-select so PostgreSQL evaluates it once per
    statement (an InitPlan) and can use the index led by the tenant column; an unset or empty
    setting becomes NULL and matches no row at all.
    """
    match = f"{tenant_column} = {TENANT_SETTING}"
    clauses = {
        "select": f'FOR SELECT TO "{role}" USING ({match})',
        "insert": f'FOR INSERT TO "{role}" WITH CHECK ({match})',
        "update": f'FOR UPDATE TO "{role}" USING ({match}) WITH CHECK ({match})',
        "delete": f'FOR DELETE TO "{role}" USING ({match})',
    }
    return [f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY'] + [
        f'CREATE POLICY "{table}_tenant_{action}" ON "{table}" {clause}'
        for action, clause in clauses.items()
    ]


class EnableRowLevelSecurity(Operation):
    """Turn on RLS for a tenant table with SELECT/INSERT/UPDATE/DELETE policies for the app role."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, tenant_column: str = "organization_id"):
        self.table = table
        self.tenant_column = tenant_column

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for statement in rls_policy_sql(self.table, self.tenant_column, settings.APP_DB_ROLE):
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for action in ("select", "insert", "update", "delete"):
            schema_editor.execute(
                f'DROP POLICY IF EXISTS "{self.table}_tenant_{action}" ON "{self.table}"'
            )
        schema_editor.execute(f'ALTER TABLE "{self.table}" DISABLE ROW LEVEL SECURITY')

    def describe(self):
        return f"Enable row-level security on {self.table} by {self.tenant_column}"

    @property
    def migration_name_fragment(self):
        return f"rls_{self.table}"

    def deconstruct(self):
        return (self.__class__.__name__, [self.table, self.tenant_column], {})


class UpdatedAtTrigger(Operation):
    """Keep `updated_at` true in the database, whatever wrote the row."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str):
        self.table = table

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.execute(
            f'CREATE TRIGGER "{self.table}_set_updated_at" BEFORE UPDATE ON "{self.table}" '
            "FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.execute(
            f'DROP TRIGGER IF EXISTS "{self.table}_set_updated_at" ON "{self.table}"'
        )

    def describe(self):
        return f"updated_at trigger on {self.table}"

    def deconstruct(self):
        return (self.__class__.__name__, [self.table], {})


class SameTenantReference(Operation):
    """A composite foreign key `(column, tenant column) -> referenced (id, its tenant column)`
    beside Django's plain one.

    Foreign keys are checked without row-level security, so a plain one accepts another tenant's
    row; this one makes the database refuse it. The referenced table needs a unique key on
    (id, tenant column) (`UniqueIdWithTenant`). Deferrable like Django's own keys, so a
    transaction may write the two rows in either order.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(
        self,
        table: str,
        column: str,
        referenced_table: str,
        tenant_column: str = "organization_id",
        referenced_tenant_column: str = "organization_id",
    ):
        self.table = table
        self.column = column
        self.referenced_table = referenced_table
        self.tenant_column = tenant_column
        self.referenced_tenant_column = referenced_tenant_column

    @property
    def constraint_name(self) -> str:
        return f"{self.table}_{self.column.removesuffix('_id')}_same_tenant_fk"

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.execute(
            f'ALTER TABLE "{self.table}" ADD CONSTRAINT "{self.constraint_name}" '
            f'FOREIGN KEY ("{self.column}", "{self.tenant_column}") '
            f'REFERENCES "{self.referenced_table}" (id, "{self.referenced_tenant_column}") '
            "DEFERRABLE INITIALLY IMMEDIATE"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.execute(
            f'ALTER TABLE "{self.table}" DROP CONSTRAINT "{self.constraint_name}"'
        )

    def describe(self):
        return f"Same-tenant reference {self.table}.{self.column} -> {self.referenced_table}"

    def deconstruct(self):
        return (
            self.__class__.__name__,
            [self.table, self.column, self.referenced_table],
            {
                "tenant_column": self.tenant_column,
                "referenced_tenant_column": self.referenced_tenant_column,
            },
        )


class UniqueIdWithTenant(Operation):
    """UNIQUE (id, tenant column): what a same-tenant reference to the table points at."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, tenant_column: str = "organization_id"):
        self.table = table
        self.tenant_column = tenant_column

    @property
    def constraint_name(self) -> str:
        return f"{self.table}_id_{self.tenant_column.removesuffix('_id')}_unique"

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.execute(
            f'ALTER TABLE "{self.table}" ADD CONSTRAINT "{self.constraint_name}" '
            f'UNIQUE (id, "{self.tenant_column}")'
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.execute(
            f'ALTER TABLE "{self.table}" DROP CONSTRAINT "{self.constraint_name}"'
        )

    def describe(self):
        return f"Unique (id, {self.tenant_column}) on {self.table}"

    def deconstruct(self):
        return (self.__class__.__name__, [self.table], {"tenant_column": self.tenant_column})
