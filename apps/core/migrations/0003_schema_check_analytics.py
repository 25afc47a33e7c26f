"""`schema_check_analytics(expected jsonb)`: the checks for what row-level security cannot guard.

`manage.py check_schema` runs it after `schema_check_report`. It verifies:

* read-only tables (global tables such as the dashboard refresh log): present, readable by the
  app role, not writable by it;
* materialized views: present and populated, with a valid, non-partial unique index over exactly
  the declared columns (what `REFRESH ... CONCURRENTLY` needs), and unreadable by the app role
  (no USAGE on their schema, no SELECT on the view) because PostgreSQL applies no RLS to them;
* their tenant views: `security_barrier` views in public that read the MV, filter by
  `app.organization_id`, and that the app role may read and nothing more.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION schema_check_analytics(p_expected jsonb)
RETURNS TABLE (check_name text, ok boolean, checked integer, problems text[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_role text := p_expected->>'app_role';
    v_role_exists boolean := EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role);
    v_missing text[];
    v_count integer;
BEGIN
    -- 1. read-only tables
    SELECT count(*), array_agg(t || ': ' || problem) FILTER (WHERE problem IS NOT NULL)
      INTO v_count, v_missing
      FROM jsonb_array_elements_text(coalesce(p_expected->'read_only_tables', '[]')) AS t
      CROSS JOIN LATERAL (SELECT to_regclass(format('public.%I', t)) AS oid) AS r
      CROSS JOIN LATERAL (
          SELECT CASE
              WHEN r.oid IS NULL THEN 'missing table'
              WHEN NOT v_role_exists THEN 'app role ' || v_role || ' does not exist'
              WHEN NOT has_table_privilege(v_role, r.oid, 'SELECT') THEN 'app role cannot read it'
              WHEN has_table_privilege(v_role, r.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
                  THEN 'app role may write it'
          END AS problem
      ) AS verdict;
    RETURN QUERY SELECT 'read-only tables'::text, v_missing IS NULL, v_count,
                        coalesce(v_missing, '{}');

    -- 2. materialized views and the unique index REFRESH ... CONCURRENTLY needs
    SELECT count(*), array_agg((mv->>'schema') || '.' || (mv->>'name') || ': ' || problem)
             FILTER (WHERE problem IS NOT NULL)
      INTO v_count, v_missing
      FROM jsonb_array_elements(coalesce(p_expected->'materialized_views', '[]')) AS mv
      LEFT JOIN LATERAL (
          SELECT c.oid, c.relispopulated
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind = 'm' AND n.nspname = mv->>'schema' AND c.relname = mv->>'name'
      ) AS found ON true
      CROSS JOIN LATERAL (
          SELECT CASE
              WHEN found.oid IS NULL THEN 'missing materialized view'
              WHEN NOT found.relispopulated THEN 'never populated'
              WHEN NOT EXISTS (
                  SELECT 1 FROM pg_index i
                   WHERE i.indrelid = found.oid AND i.indisunique AND i.indisvalid
                     AND i.indpred IS NULL
                     AND ARRAY(SELECT a.attname::text
                                 FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                                 LEFT JOIN pg_attribute a
                                        ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                                ORDER BY k.n)
                         = ARRAY(SELECT col
                                   FROM jsonb_array_elements_text(mv->'unique_columns')
                                        WITH ORDINALITY AS u(col, n)
                                  ORDER BY u.n))
                  THEN 'no unique index on (' || array_to_string(ARRAY(
                           SELECT jsonb_array_elements_text(mv->'unique_columns')), ', ')
                       || ') for REFRESH CONCURRENTLY'
              WHEN NOT v_role_exists THEN 'app role ' || v_role || ' does not exist'
              WHEN has_schema_privilege(v_role, mv->>'schema', 'USAGE')
                  THEN 'app role may use schema ' || (mv->>'schema')
              WHEN has_table_privilege(v_role, found.oid, 'SELECT')
                  THEN 'app role may read it directly'
          END AS problem
      ) AS verdict;
    RETURN QUERY SELECT 'materialized views'::text, v_missing IS NULL, v_count,
                        coalesce(v_missing, '{}');

    -- 3. the tenant views through which the app role reads them
    SELECT count(*), array_agg((mv->>'tenant_view') || ': ' || problem)
             FILTER (WHERE problem IS NOT NULL)
      INTO v_count, v_missing
      FROM jsonb_array_elements(coalesce(p_expected->'materialized_views', '[]')) AS mv
      CROSS JOIN LATERAL (SELECT to_regclass(format('public.%I', mv->>'tenant_view')) AS oid) AS r
      CROSS JOIN LATERAL (
          SELECT CASE
              WHEN r.oid IS NULL OR (SELECT relkind FROM pg_class WHERE oid = r.oid) <> 'v'
                  THEN 'missing view'
              WHEN NOT EXISTS (
                  SELECT 1 FROM pg_class c, pg_options_to_table(c.reloptions) AS o
                   WHERE c.oid = r.oid AND o.option_name = 'security_barrier'
                     AND lower(o.option_value) IN ('true', 'on', 'yes', '1'))
                  THEN 'not a security_barrier view'
              WHEN pg_get_viewdef(r.oid) NOT LIKE '%' || (mv->>'name') || '%'
                  THEN 'does not read ' || (mv->>'name')
              WHEN pg_get_viewdef(r.oid) NOT LIKE '%app.organization_id%'
                  THEN 'does not filter by app.organization_id'
              WHEN NOT v_role_exists THEN 'app role ' || v_role || ' does not exist'
              WHEN NOT has_table_privilege(v_role, r.oid, 'SELECT') THEN 'app role cannot read it'
              WHEN has_table_privilege(v_role, r.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
                  THEN 'app role may write it'
          END AS problem
      ) AS verdict;
    RETURN QUERY SELECT 'tenant views'::text, v_missing IS NULL, v_count,
                        coalesce(v_missing, '{}');
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0002_schema_check_function")]
    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS schema_check_analytics(jsonb)"),
    ]
