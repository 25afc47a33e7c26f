"""`run_schema_integrity_tests()`: seed 1's own verification query, answered by our checks.

Seed 1 (docs/seed-sql.md) verifies a schema with `SELECT * FROM run_schema_integrity_tests();`.
Our checks need the models' expectation, which only Python knows, so it is recorded in the database
as `schema_expectation()`: after every `migrate`, `apps.core.schema_checks` rewrites that
function's body from `expected_schema()`. The placeholder created here refuses to answer rather
than verify against nothing.

Both are the owner's tools: no request calls them, so PUBLIC (hence the app role) may not execute
them.
"""

from django.db import migrations

PLACEHOLDER_EXPECTATION = r"""
CREATE OR REPLACE FUNCTION schema_expectation() RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RAISE EXCEPTION 'no schema expectation recorded yet: run manage.py migrate';
END
$$;
REVOKE EXECUTE ON FUNCTION schema_expectation() FROM PUBLIC;
"""

RUN_SCHEMA_INTEGRITY_TESTS = r"""
CREATE OR REPLACE FUNCTION run_schema_integrity_tests()
RETURNS TABLE (test_name text, status text, checked integer, details text)
LANGUAGE sql STABLE AS $$
    SELECT report.check_name,
           CASE WHEN report.ok THEN 'PASS' ELSE 'FAIL' END,
           report.checked,
           array_to_string(report.problems, '; ')
      FROM (SELECT * FROM schema_check_report(schema_expectation())
            UNION ALL
            SELECT * FROM schema_check_analytics(schema_expectation())) AS report
$$;
REVOKE EXECUTE ON FUNCTION run_schema_integrity_tests() FROM PUBLIC;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0003_schema_check_analytics")]
    operations = [
        migrations.RunSQL(PLACEHOLDER_EXPECTATION, "DROP FUNCTION IF EXISTS schema_expectation()"),
        migrations.RunSQL(
            RUN_SCHEMA_INTEGRITY_TESTS, "DROP FUNCTION IF EXISTS run_schema_integrity_tests()"
        ),
    ]
