"""The audit trigger writes the `EntityType` value of each audited table as `entity_type` ("project",
not the table name "projects"), so the services and the trigger write one enumeration.

The value is the trigger's third argument; the function is otherwise the one of 0002. Reversing
restores 0002's function and triggers.
"""

import importlib

from django.conf import settings
from django.db import migrations

# (table, tenant column, project column or '', EntityType value). The values are spelt out, not
# read from EntityType, so this migration keeps doing what it did when the enumeration changes.
AUDITED_TABLES = (
    ("organizations", "owner_organization_id", "", "organization"),
    ("contacts", "owner_organization_id", "", "contact"),
    ("users", "organization_id", "", "user"),
    ("workflow_stages", "organization_id", "", "workflow_stage"),
    ("workflow_sub_stages", "organization_id", "", "workflow_sub_stage"),
    ("workflow_definitions", "organization_id", "", "workflow_definition"),
    ("projects", "organization_id", "id", "project"),
    ("project_sub_stage_progress", "organization_id", "project_id", "project_sub_stage_progress"),
    ("approvals", "organization_id", "project_id", "approval"),
    ("documents", "organization_id", "project_id", "document"),
)

earlier = importlib.import_module("apps.activity.migrations.0002_audit_trigger")


def audit_function_sql(app_role: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_source text := coalesce(current_setting('app.audit_source', true), '');
    v_row jsonb := to_jsonb(coalesce(NEW, OLD));
    v_old jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
    v_new jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
    v_user uuid := NULLIF(current_setting('app.user_id', true), '')::uuid;
    v_project uuid;
    v_key text;
BEGIN
    IF v_source = 'bulk_load' THEN
        RETURN NULL;
    END IF;
    -- A tenant being removed takes its trail with it (only the owner can do that).
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'organizations'
       AND (v_row ->> 'id') = (v_row ->> 'owner_organization_id') THEN
        RETURN NULL;
    END IF;
    -- The app role's changes are recorded by the services, except the admin's. (SECURITY
    -- INVOKER on purpose: current_user must be the role that made the change.)
    IF current_user = '{app_role}' AND v_source <> 'admin' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- Keep only what changed (and never password hashes or search vectors).
        FOR v_key IN SELECT key FROM jsonb_each(v_new) LOOP
            IF v_old -> v_key = v_new -> v_key THEN
                v_old := v_old - v_key;
                v_new := v_new - v_key;
            END IF;
        END LOOP;
        IF v_new = '{{}}'::jsonb OR v_new - 'updated_at' = '{{}}'::jsonb THEN
            RETURN NULL;
        END IF;
    END IF;
    v_old := v_old - 'password' - 'search_vector';
    v_new := v_new - 'password' - 'search_vector';
    IF TG_ARGV[1] <> '' THEN
        v_project := NULLIF(v_row ->> TG_ARGV[1], '')::uuid;
    END IF;
    IF v_user IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users WHERE id = v_user) THEN
        v_user := NULL;
    END IF;
    INSERT INTO activity_log (id, organization_id, user_id, project_id, entity_type, entity_id,
                              action, description, old_values, new_values, user_agent, created_at)
    VALUES (gen_random_uuid(), (v_row ->> TG_ARGV[0])::uuid, v_user,
            CASE WHEN TG_OP = 'DELETE' AND TG_TABLE_NAME = 'projects' THEN NULL ELSE v_project END,
            TG_ARGV[2], (v_row ->> 'id')::uuid,
            CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated'
                       ELSE 'deleted' END,
            format('%s %s outside the application services (%s)', TG_TABLE_NAME,
                   lower(TG_OP), CASE WHEN v_source = 'admin' THEN 'admin' ELSE current_user END),
            v_old, v_new, '', now());
    RETURN NULL;
END
$$;
"""


def _drop_triggers(schema_editor) -> None:
    for table, *_ in AUDITED_TABLES:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_audit" ON "{table}"')


def create_audit_triggers(apps, schema_editor):
    _drop_triggers(schema_editor)
    schema_editor.execute(audit_function_sql(settings.APP_DB_ROLE), params=None)
    for table, tenant_column, project_column, entity_type in AUDITED_TABLES:
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_audit" AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION "
            f"audit_row_change('{tenant_column}', '{project_column}', '{entity_type}')"
        )


def restore_earlier_audit_triggers(apps, schema_editor):
    _drop_triggers(schema_editor)
    earlier.create_audit_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("activity", "0002_audit_trigger")]
    operations = [migrations.RunPython(create_audit_triggers, restore_earlier_audit_triggers)]
