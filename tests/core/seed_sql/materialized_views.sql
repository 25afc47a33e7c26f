-- Seed 000_2915d84219cd34f5.txt, lines 185-207: Step 2.2, materialized views; their result columns
-- Project dashboard summary
CREATE MATERIALIZED VIEW mv_project_dashboard_summary AS
SELECT
    organization_id,
    status,
    priority_level,
    COUNT(*) as project_count,
    AVG(EXTRACT(EPOCH FROM (actual_delivery_date - estimated_delivery_date))/86400) as avg_delivery_variance_days
FROM projects
GROUP BY organization_id, status, priority_level;

-- Workflow efficiency metrics
CREATE MATERIALIZED VIEW mv_workflow_efficiency AS
SELECT
    organization_id,
    stage_name,
    sub_stage_name,
    COUNT(*) as total_instances,
    AVG(EXTRACT(EPOCH FROM (completed_at - started_at))/3600) as avg_completion_hours
FROM project_sub_stage_progress pssp
JOIN workflow_stages ws ON pssp.workflow_stage_id = ws.id
JOIN workflow_sub_stages wss ON pssp.sub_stage_id = wss.id
GROUP BY organization_id, stage_name, sub_stage_name;
