"""What the schema must contain, derived from the models, and the database's verdict on it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, models

# The 19 tables of SPEC section 4: they must exist whatever the models say.
SPEC_TABLES = (
    "organizations", "users", "contacts", "workflow_stages", "workflow_sub_stages",
    "workflow_definitions", "workflow_definition_stages", "workflow_definition_sub_stages",
    "projects", "project_sub_stage_progress", "approvals", "approval_history",
    "approval_attachments", "documents", "document_versions", "document_access_log",
    "activity_log", "messages", "notifications",
)  # fmt: skip

# Audit trails: the app role may add to them, never rewrite them.
APPEND_ONLY_TABLES = ("activity_log", "approval_history", "document_access_log")

FUNCTIONS = (
    "has_user_permission(uuid,text)",
    "permission_matches(text,text)",
    "auth_user_by_id(uuid)",
    "auth_user_by_email(text)",
    "session_data_for_key(text)",
    "session_key_exists(text)",
    "session_store(text,text,timestamp with time zone,boolean)",
    "session_delete(text)",
    "set_updated_at()",
    "get_combined_user_data(uuid)",
    "audit_row_change()",
    "get_dashboard_summary()",
    "schema_expectation()",
    "run_schema_integrity_tests()",
)


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    checked: int
    problems: list[str]


def _project_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("apps.") and model._meta.managed and not model._meta.proxy
    ]


def _materialized_views() -> list[dict]:
    """Declared by apps (an AppConfig's `materialized_views`), checked with their tenant views."""
    return [
        {"schema": view.schema, "name": view.name,
         "unique_columns": list(view.unique_columns), "tenant_view": view.tenant_view}
        for config in apps.get_app_configs()
        for view in getattr(config, "materialized_views", ())
    ]  # fmt: skip


def expected_schema() -> dict:
    tables, foreign_keys, unique, checks, indexes, tenant_tables = [], [], [], [], [], []
    read_only_tables = []
    for model in _project_models():
        meta = model._meta
        table = meta.db_table
        # Installation-wide operator tables (OWNER_ONLY) are out of the app role's reach; their
        # test is tests/tenancy/test_operator_tables.py.
        if getattr(model, "OWNER_ONLY", False):
            continue
        # Global tables the app role reads but never writes (APP_READ_ONLY) have their own check.
        (read_only_tables if getattr(model, "APP_READ_ONLY", False) else tables).append(table)
        for field in meta.concrete_fields:
            if field.is_relation and field.db_constraint:
                foreign_keys.append(
                    {"table": table, "column": field.column,
                     "references": field.related_model._meta.db_table}
                )  # fmt: skip
        for constraint in meta.constraints:
            if isinstance(constraint, models.UniqueConstraint):
                unique.append({"table": table, "name": constraint.name})
            elif isinstance(constraint, models.CheckConstraint):
                checks.append({"table": table, "name": constraint.name})
        indexes.extend({"table": table, "name": index.name} for index in meta.indexes)
        tenant_field = getattr(model, "TENANT_FIELD", None)
        if tenant_field:
            tenant_tables.append({"table": table, "column": meta.get_field(tenant_field).column})
    return {
        "app_role": settings.APP_DB_ROLE,
        "tables": sorted(set(tables) | set(SPEC_TABLES)),
        "foreign_keys": foreign_keys,
        "unique": unique,
        "checks": checks,
        "indexes": indexes,
        "tenant_tables": tenant_tables,
        "append_only": list(APPEND_ONLY_TABLES),
        "functions": list(FUNCTIONS),
        "read_only_tables": read_only_tables,
        "materialized_views": _materialized_views(),
    }


# The SQL functions that hold the checks, run in this order.
CHECK_FUNCTIONS = ("schema_check_report", "schema_check_analytics")


def run_schema_checks() -> list[CheckResult]:
    expected = json.dumps(expected_schema())
    results = []
    with connection.cursor() as cursor:
        for function in CHECK_FUNCTIONS:
            cursor.execute(
                f"SELECT check_name, ok, checked, problems FROM {function}(%s::jsonb)", [expected]
            )
            results.extend(CheckResult(name, ok, checked, list(problems))
                           for name, ok, checked, problems in cursor.fetchall())  # fmt: skip
    return results


# The DDL is built by PostgreSQL's format(%L), so no JSON text can end the function body early.
_RECORD_EXPECTATION_SQL = """
SELECT format(
    'CREATE OR REPLACE FUNCTION schema_expectation() RETURNS jsonb LANGUAGE sql STABLE AS %%L',
    format('SELECT %%L::jsonb', %s::text))
"""


def record_schema_expectation(using: str = "default") -> None:
    """Store `expected_schema()` in the database as `schema_expectation()`.

    `run_schema_integrity_tests()` (seed 1's verification query) runs in SQL alone, so it reads
    the models' expectation from there. Owner-only, like the checks themselves.
    """
    with connections[using].cursor() as cursor:
        cursor.execute(_RECORD_EXPECTATION_SQL, [json.dumps(expected_schema())])
        cursor.execute(cursor.fetchone()[0])
        cursor.execute("REVOKE EXECUTE ON FUNCTION schema_expectation() FROM PUBLIC")


def record_schema_expectation_after_migrate(sender, using="default", **kwargs) -> None:
    """`post_migrate` receiver (connected in `CoreConfig.ready`): the models may have changed."""
    record_schema_expectation(using=using)
