"""The four dashboard materialized views, their unique keys, and the tenant views the app reads.

* `analytics` schema, owned by the migrating role; the app role gets no privilege on it, so a
  direct `SELECT` from an MV as the app role is refused ("permission denied for schema").
* Each MV has a unique index over non-NULL columns (a missing stage is the all-zero UUID), which
  `REFRESH MATERIALIZED VIEW CONCURRENTLY` requires; the index is led by `organization_id`, so the
  tenant views read one tenant's slice through it.
* Each `public.dashboard_*` view is `security_barrier` and keeps only the rows of the tenant in
  `app.organization_id` (none when it is unset). It runs with its owner's rights on the MV; the app
  role has SELECT on the view and nothing else. The views do not expose the tenant column.
* Figures that depend on the clock ("overdue", "age") are computed against `now()` of the refresh
  transaction, which the refresh log records as `refreshed_at`.
* Definitions are aligned with `get_dashboard_summary()`: open work is pending / in progress /
  in review / blocked; open approvals are pending / in review / delegated / escalated; a delivery
  is measured against the promised date, else the requested one.

Created WITH DATA; the first refresh is recorded by `migrate` (see `DashboardConfig`).
"""

from django.conf import settings
from django.db import migrations

ROLE = settings.APP_DB_ROLE
TENANT = "(SELECT NULLIF(current_setting('app.organization_id', true), '')::uuid)"
NO_STAGE = "'00000000-0000-0000-0000-000000000000'::uuid"
OPEN_WORK = "('pending', 'in_progress', 'in_review', 'blocked')"
OPEN_APPROVAL = "('pending', 'in_review', 'delegated', 'escalated')"

SCHEMA = f"""
CREATE SCHEMA analytics;
REVOKE ALL ON SCHEMA analytics FROM PUBLIC;
REVOKE ALL ON SCHEMA analytics FROM "{ROLE}";
"""

PROJECT_SUMMARY = f"""
CREATE MATERIALIZED VIEW analytics.mv_project_dashboard_summary AS
SELECT p.organization_id,
       p.status,
       p.priority_level,
       coalesce(ws.id, {NO_STAGE}) AS stage_id,
       coalesce(ws.name, '') AS stage_name,
       coalesce(ws.stage_order, 0) AS stage_order,
       count(*) AS project_count,
       coalesce(sum(p.estimated_value), 0) AS estimated_value_total,
       count(*) FILTER (WHERE d.variance_days IS NOT NULL) AS delivered_count,
       count(*) FILTER (WHERE d.variance_days <= 0) AS on_time_count,
       coalesce(sum(d.variance_days), 0) AS delivery_variance_days_sum,
       round(avg(d.variance_days), 2) AS avg_delivery_variance_days
  FROM projects p
  LEFT JOIN workflow_stages ws ON ws.id = p.current_stage_id
 CROSS JOIN LATERAL (
       SELECT p.actual_delivery_date
              - coalesce(p.promised_delivery_date, p.requested_delivery_date) AS variance_days
 ) d
 GROUP BY p.organization_id, p.status, p.priority_level, ws.id;
CREATE UNIQUE INDEX mv_project_dashboard_summary_key
    ON analytics.mv_project_dashboard_summary (organization_id, status, priority_level, stage_id);
"""

WORKFLOW_EFFICIENCY = f"""
CREATE MATERIALIZED VIEW analytics.mv_workflow_efficiency AS
SELECT pr.organization_id,
       ws.id AS stage_id,
       wss.id AS sub_stage_id,
       ws.name AS stage_name,
       ws.stage_order,
       wss.name AS sub_stage_name,
       wss.sub_stage_order,
       count(*) AS total_instances,
       count(*) FILTER (WHERE pr.status = 'completed') AS completed_count,
       count(*) FILTER (WHERE pr.status IN {OPEN_WORK}) AS open_count,
       count(*) FILTER (WHERE pr.status = 'blocked') AS blocked_count,
       count(*) FILTER (WHERE pr.status IN {OPEN_WORK} AND pr.due_at < now()) AS overdue_count,
       count(h.hours) AS timed_count,
       coalesce(sum(h.hours), 0) AS completion_hours_sum,
       round(avg(h.hours), 2) AS avg_completion_hours,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY h.hours::float8) AS p90_completion_hours
  FROM project_sub_stage_progress pr
  JOIN workflow_stages ws ON ws.id = pr.workflow_stage_id
  JOIN workflow_sub_stages wss ON wss.id = pr.sub_stage_id
 CROSS JOIN LATERAL (
       SELECT CASE WHEN pr.status = 'completed' AND pr.started_at IS NOT NULL
                   THEN extract(epoch FROM pr.completed_at - pr.started_at) / 3600 END AS hours
 ) h
 GROUP BY pr.organization_id, ws.id, wss.id;
CREATE UNIQUE INDEX mv_workflow_efficiency_key
    ON analytics.mv_workflow_efficiency (organization_id, stage_id, sub_stage_id);
"""

APPROVAL_PERFORMANCE = f"""
CREATE MATERIALIZED VIEW analytics.mv_approval_performance AS
SELECT a.organization_id,
       a.approval_type,
       count(*) AS total_count,
       count(*) FILTER (WHERE a.status IN {OPEN_APPROVAL}) AS pending_count,
       count(*) FILTER (WHERE a.status IN {OPEN_APPROVAL}
                          AND least(a.due_at, a.sla_due_at) < now()) AS overdue_count,
       coalesce(sum(extract(epoch FROM now() - a.requested_at) / 3600)
                FILTER (WHERE a.status IN {OPEN_APPROVAL}), 0) AS pending_age_hours_sum,
       count(*) FILTER (WHERE a.status = 'approved') AS approved_count,
       count(*) FILTER (WHERE a.status = 'rejected') AS rejected_count,
       count(h.hours) AS decided_count,
       coalesce(sum(h.hours), 0) AS decision_hours_sum,
       round(avg(h.hours), 2) AS avg_decision_hours,
       round(count(*) FILTER (WHERE a.status = 'approved')::numeric
             / nullif(count(*) FILTER (WHERE a.status IN ('approved', 'rejected')), 0), 3)
           AS approval_rate
  FROM approvals a
 CROSS JOIN LATERAL (
       SELECT CASE WHEN a.status IN ('approved', 'rejected') AND a.decided_at IS NOT NULL
                   THEN extract(epoch FROM a.decided_at - a.requested_at) / 3600 END AS hours
 ) h
 GROUP BY a.organization_id, a.approval_type;
CREATE UNIQUE INDEX mv_approval_performance_key
    ON analytics.mv_approval_performance (organization_id, approval_type);
"""

# Every user of the tenant, with or without work. Approvals count where a person is named as the
# approver; approvals addressed to a whole role belong to no one person's workload.
USER_WORKLOAD = f"""
CREATE MATERIALIZED VIEW analytics.mv_user_workload AS
SELECT u.organization_id,
       u.id AS user_id,
       u.name AS user_name,
       u.role,
       coalesce(w.open_sub_stages, 0) AS open_sub_stages,
       coalesce(w.overdue_sub_stages, 0) AS overdue_sub_stages,
       coalesce(w.blocked_sub_stages, 0) AS blocked_sub_stages,
       coalesce(ap.pending_approvals, 0) AS pending_approvals
  FROM users u
  LEFT JOIN (
       SELECT organization_id, assigned_to_id,
              count(*) AS open_sub_stages,
              count(*) FILTER (WHERE due_at < now()) AS overdue_sub_stages,
              count(*) FILTER (WHERE status = 'blocked') AS blocked_sub_stages
         FROM project_sub_stage_progress
        WHERE status IN {OPEN_WORK} AND assigned_to_id IS NOT NULL
        GROUP BY organization_id, assigned_to_id
  ) w ON w.organization_id = u.organization_id AND w.assigned_to_id = u.id
  LEFT JOIN (
       SELECT organization_id, current_approver_user_id, count(*) AS pending_approvals
         FROM approvals
        WHERE status IN {OPEN_APPROVAL} AND current_approver_user_id IS NOT NULL
        GROUP BY organization_id, current_approver_user_id
  ) ap ON ap.organization_id = u.organization_id AND ap.current_approver_user_id = u.id;
CREATE UNIQUE INDEX mv_user_workload_key ON analytics.mv_user_workload (organization_id, user_id);
"""


def tenant_view(view: str, materialized_view: str, columns: str) -> str:
    """A security-barrier view of one tenant's rows of an MV; the app role may only read it."""
    return f"""
CREATE VIEW public.{view} WITH (security_barrier = true) AS
SELECT {columns}
  FROM analytics.{materialized_view}
 WHERE organization_id = {TENANT};
REVOKE ALL ON public.{view} FROM "{ROLE}";
GRANT SELECT ON public.{view} TO "{ROLE}";
"""


TENANT_VIEWS = "".join(
    [
        tenant_view(
            "dashboard_project_summary",
            "mv_project_dashboard_summary",
            "status, priority_level, stage_id, stage_name, stage_order, project_count, "
            "estimated_value_total, delivered_count, on_time_count, delivery_variance_days_sum, "
            "avg_delivery_variance_days",
        ),
        tenant_view(
            "dashboard_workflow_efficiency",
            "mv_workflow_efficiency",
            "stage_id, sub_stage_id, stage_name, stage_order, sub_stage_name, sub_stage_order, "
            "total_instances, completed_count, open_count, blocked_count, overdue_count, "
            "timed_count, completion_hours_sum, avg_completion_hours, p90_completion_hours",
        ),
        tenant_view(
            "dashboard_approval_performance",
            "mv_approval_performance",
            "approval_type, total_count, pending_count, overdue_count, pending_age_hours_sum, "
            "approved_count, rejected_count, decided_count, decision_hours_sum, "
            "avg_decision_hours, approval_rate",
        ),
        tenant_view(
            "dashboard_user_workload",
            "mv_user_workload",
            "user_id, user_name, role, open_sub_stages, overdue_sub_stages, blocked_sub_stages, "
            "pending_approvals",
        ),
    ]
)

DROP_TENANT_VIEWS = """
DROP VIEW IF EXISTS public.dashboard_user_workload;
DROP VIEW IF EXISTS public.dashboard_approval_performance;
DROP VIEW IF EXISTS public.dashboard_workflow_efficiency;
DROP VIEW IF EXISTS public.dashboard_project_summary;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_initial"),
        ("projects", "0002_get_dashboard_summary"),
        ("approvals", "0001_initial"),
        ("workflow", "0002_stage_project_status"),
        ("users", "0002_get_combined_user_data"),
    ]

    operations = [
        migrations.RunSQL(SCHEMA, "DROP SCHEMA IF EXISTS analytics"),
        migrations.RunSQL(
            PROJECT_SUMMARY,
            "DROP MATERIALIZED VIEW IF EXISTS analytics.mv_project_dashboard_summary",
        ),
        migrations.RunSQL(
            WORKFLOW_EFFICIENCY, "DROP MATERIALIZED VIEW IF EXISTS analytics.mv_workflow_efficiency"
        ),
        migrations.RunSQL(
            APPROVAL_PERFORMANCE,
            "DROP MATERIALIZED VIEW IF EXISTS analytics.mv_approval_performance",
        ),
        migrations.RunSQL(
            USER_WORKLOAD, "DROP MATERIALIZED VIEW IF EXISTS analytics.mv_user_workload"
        ),
        migrations.RunSQL(TENANT_VIEWS, DROP_TENANT_VIEWS),
    ]
