-- Seed 000_2915d84219cd34f5.txt, lines 124-137: CREATE TABLE project_sub_stage_progress (2.3); column names only
-- Comprehensive progress tracking
CREATE TABLE project_sub_stage_progress (
    id UUID PRIMARY KEY,
    project_id UUID NOT NULL,
    workflow_stage_id UUID NOT NULL,
    sub_stage_id UUID NOT NULL,
    status sub_stage_status DEFAULT 'pending',
    assigned_to UUID REFERENCES users(id),
    started_at TIMESTAMPTZ,
    due_at TIMESTAMPTZ,
    completed_at TIMESTAMPTZ,
    blocked_reason TEXT,
    UNIQUE(project_id, sub_stage_id)
);
