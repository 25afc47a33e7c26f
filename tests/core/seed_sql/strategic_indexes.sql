-- Seed 000_2915d84219cd34f5.txt, lines 173-180: Step 2.1, strategic indexing
-- Core entity indexes
CREATE INDEX idx_projects_org_status ON projects(organization_id, status);
CREATE INDEX idx_users_org ON users(organization_id);
CREATE INDEX idx_pssp_project_status ON project_sub_stage_progress(project_id, status);

-- Composite indexes for complex queries
CREATE INDEX idx_projects_org_customer ON projects(organization_id, customer_organization_id);
CREATE INDEX idx_approvals_org_status ON approvals(organization_id, status);
