"""`schema_check_report(expected jsonb)`: compares the live catalog with what the models declare.

Python (`apps.core.schema_checks.expected_schema`) derives the expectation from the models; the
database answers with one row per check, naming every missing piece. `manage.py check_schema`
prints those rows and fails on any.
"""

from django.db import migrations

SCHEMA_CHECK_FUNCTION = r"""
CREATE OR REPLACE FUNCTION schema_check_report(p_expected jsonb)
RETURNS TABLE (check_name text, ok boolean, checked integer, problems text[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_role text := p_expected->>'app_role';
    v_missing text[];
    v_count integer;
BEGIN
    -- 1. tables
    SELECT count(*), array_agg(t) FILTER (WHERE to_regclass(format('public.%I', t)) IS NULL)
      INTO v_count, v_missing
      FROM jsonb_array_elements_text(p_expected->'tables') AS t;
    RETURN QUERY SELECT 'tables'::text, v_missing IS NULL, v_count, coalesce(v_missing, '{}');

    -- 2. foreign keys (table.column -> referenced table)
    SELECT count(*), array_agg(fk->>'table' || '.' || (fk->>'column') || ' -> ' || (fk->>'references'))
             FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM pg_constraint c
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                 WHERE c.contype = 'f'
                   AND c.conrelid = to_regclass(format('public.%I', fk->>'table'))
                   AND c.confrelid = to_regclass(format('public.%I', fk->>'references'))
                   AND a.attname = fk->>'column'))
      INTO v_count, v_missing
      FROM jsonb_array_elements(p_expected->'foreign_keys') AS fk;
    RETURN QUERY SELECT 'foreign keys'::text, v_missing IS NULL, v_count, coalesce(v_missing, '{}');

    -- 3. unique rules (constraints or unique indexes, by name)
    SELECT count(*), array_agg(u->>'table' || '.' || (u->>'name'))
             FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                 WHERE i.indisunique AND i.indrelid = to_regclass(format('public.%I', u->>'table'))
                   AND ic.relname = u->>'name'))
      INTO v_count, v_missing
      FROM jsonb_array_elements(p_expected->'unique') AS u;
    RETURN QUERY SELECT 'unique rules'::text, v_missing IS NULL, v_count, coalesce(v_missing, '{}');

    -- 4. CHECK constraints (choice values, date order, ...)
    SELECT count(*), array_agg(ck->>'table' || '.' || (ck->>'name'))
             FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM pg_constraint c
                 WHERE c.contype = 'c' AND c.conname = ck->>'name'
                   AND c.conrelid = to_regclass(format('public.%I', ck->>'table'))
                   AND c.convalidated))
      INTO v_count, v_missing
      FROM jsonb_array_elements(p_expected->'checks') AS ck;
    RETURN QUERY SELECT 'check constraints'::text, v_missing IS NULL, v_count,
                        coalesce(v_missing, '{}');

    -- 5. indexes (by name), valid and ready
    SELECT count(*), array_agg(ix->>'table' || '.' || (ix->>'name'))
             FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                 WHERE i.indrelid = to_regclass(format('public.%I', ix->>'table'))
                   AND ic.relname = ix->>'name' AND i.indisvalid))
      INTO v_count, v_missing
      FROM jsonb_array_elements(p_expected->'indexes') AS ix;
    RETURN QUERY SELECT 'indexes'::text, v_missing IS NULL, v_count, coalesce(v_missing, '{}');

    -- 6. row-level security on every tenant table: enabled, four policies for the app role that
    --    compare the tenant column with the setting, and an index led by the tenant column.
    SELECT count(*), array_agg(tt->>'table' || ': ' || problem) FILTER (WHERE problem IS NOT NULL)
      INTO v_count, v_missing
      FROM jsonb_array_elements(p_expected->'tenant_tables') AS tt
      CROSS JOIN LATERAL (
          SELECT CASE
              WHEN to_regclass(format('public.%I', tt->>'table')) IS NULL THEN 'missing table'
              WHEN NOT (SELECT relrowsecurity FROM pg_class
                        WHERE oid = to_regclass(format('public.%I', tt->>'table')))
                  THEN 'row level security disabled'
              WHEN (SELECT count(DISTINCT p.cmd) FROM pg_policies p
                    WHERE p.schemaname = 'public' AND p.tablename = tt->>'table'
                      AND v_role = ANY (p.roles)
                      AND p.cmd IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
                      AND coalesce(p.qual, p.with_check) LIKE '%' || (tt->>'column') || '%'
                      AND coalesce(p.qual, p.with_check) LIKE '%app.organization_id%') < 4
                  THEN 'missing tenant policies for ' || v_role
              WHEN NOT EXISTS (
                  SELECT 1 FROM pg_index i
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                  WHERE i.indrelid = to_regclass(format('public.%I', tt->>'table'))
                    AND a.attname = tt->>'column')
                  THEN 'no index led by ' || (tt->>'column')
          END AS problem
      ) AS verdict;
    RETURN QUERY SELECT 'row-level security'::text, v_missing IS NULL, v_count,
                        coalesce(v_missing, '{}');

    -- 7. the app role: powerless outside RLS, owns nothing, DML on the tables, no rewriting
    --    of append-only logs, nothing on the migration ledger.
    v_missing := ARRAY(
        SELECT problem FROM (
            SELECT 'app role ' || v_role || ' does not exist' AS problem
             WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role)
            UNION ALL
            SELECT 'app role is superuser or BYPASSRLS' FROM pg_roles
             WHERE rolname = v_role AND (rolsuper OR rolbypassrls)
            UNION ALL
            SELECT 'app role owns ' || c.relname FROM pg_class c
              JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = v_role
            UNION ALL
            SELECT 'app role lacks ' || priv || ' on ' || t
              FROM jsonb_array_elements_text(p_expected->'tables') AS t
             CROSS JOIN unnest(ARRAY['SELECT', 'INSERT']) AS priv
             WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role)
               AND to_regclass(format('public.%I', t)) IS NOT NULL
               AND NOT has_table_privilege(v_role, format('public.%I', t), priv)
            UNION ALL
            SELECT 'app role may ' || priv || ' append-only ' || t
              FROM jsonb_array_elements_text(p_expected->'append_only') AS t
             CROSS JOIN unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) AS priv
             WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role)
               AND to_regclass(format('public.%I', t)) IS NOT NULL
               AND has_table_privilege(v_role, format('public.%I', t), priv)
            UNION ALL
            SELECT 'app role can read django_migrations'
             WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role)
               AND has_table_privilege(v_role, 'public.django_migrations', 'SELECT')
        ) AS problems
    );
    RETURN QUERY SELECT 'app role grants'::text, cardinality(v_missing) = 0,
                        jsonb_array_length(p_expected->'tables'), v_missing;

    -- 8. database functions the application calls
    SELECT count(*), array_agg(f) FILTER (WHERE to_regprocedure(f) IS NULL)
      INTO v_count, v_missing
      FROM jsonb_array_elements_text(p_expected->'functions') AS f;
    RETURN QUERY SELECT 'functions'::text, v_missing IS NULL, v_count, coalesce(v_missing, '{}');
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0001_app_role_and_helpers")]
    operations = [
        migrations.RunSQL(
            SCHEMA_CHECK_FUNCTION, "DROP FUNCTION IF EXISTS schema_check_report(jsonb)"
        ),
    ]
