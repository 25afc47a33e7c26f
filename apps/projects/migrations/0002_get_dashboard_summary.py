"""`get_dashboard_summary()`: the current tenant's headline numbers, computed live (seed 1).

SECURITY INVOKER and filtered by the tenant setting, so it answers for the current tenant only
(and with zeros when no tenant is set). The dashboard page reads the materialized views instead;
this function is the live reference they are compared with.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION get_dashboard_summary() RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH tenant AS (
        SELECT NULLIF(current_setting('app.organization_id', true), '')::uuid AS id
    ),
    project_rows AS (
        SELECT p.* FROM projects p, tenant WHERE p.organization_id = tenant.id
    ),
    open_progress AS (
        SELECT pr.* FROM project_sub_stage_progress pr, tenant
        WHERE pr.organization_id = tenant.id
          AND pr.status IN ('pending', 'in_progress', 'in_review', 'blocked')
    ),
    open_approvals AS (
        SELECT a.* FROM approvals a, tenant
        WHERE a.organization_id = tenant.id
          AND a.status IN ('pending', 'in_review', 'delegated', 'escalated')
    )
    SELECT jsonb_build_object(
        'total_projects', (SELECT count(*) FROM project_rows),
        'active_projects', (SELECT count(*) FROM project_rows
                            WHERE status NOT IN ('completed', 'cancelled')),
        'projects_by_status', coalesce((SELECT jsonb_object_agg(status, n) FROM (
            SELECT status, count(*) AS n FROM project_rows GROUP BY status) s), '{}'::jsonb),
        'projects_by_priority', coalesce((SELECT jsonb_object_agg(priority_level, n) FROM (
            SELECT priority_level, count(*) AS n FROM project_rows
            WHERE status NOT IN ('completed', 'cancelled') GROUP BY priority_level) s),
            '{}'::jsonb),
        'pipeline_value', coalesce((SELECT sum(estimated_value) FROM project_rows
                                    WHERE status NOT IN ('completed', 'cancelled')), 0),
        'overdue_sub_stages', (SELECT count(*) FROM open_progress WHERE due_at < now()),
        'blocked_sub_stages', (SELECT count(*) FROM open_progress WHERE status = 'blocked'),
        'pending_approvals', (SELECT count(*) FROM open_approvals),
        'average_pending_approval_age_hours', coalesce((SELECT round(avg(
            extract(epoch FROM now() - requested_at) / 3600)::numeric, 1) FROM open_approvals), 0),
        'on_time_delivery_rate', (SELECT round(avg(CASE WHEN actual_delivery_date
                <= coalesce(promised_delivery_date, requested_delivery_date) THEN 1.0 ELSE 0.0
                END), 3)
            FROM project_rows WHERE status = 'completed' AND actual_delivery_date IS NOT NULL
              AND coalesce(promised_delivery_date, requested_delivery_date) IS NOT NULL)
    )
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("approvals", "0001_initial")]
    operations = [migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS get_dashboard_summary()")]
