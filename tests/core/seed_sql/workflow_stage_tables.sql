-- Seed 000_2915d84219cd34f5.txt, lines 93-112: CREATE TABLE workflow_stages, workflow_sub_stages (2.2); column names only
-- Dynamic workflow system
CREATE TABLE workflow_stages (
    id UUID PRIMARY KEY,
    organization_id UUID NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    stage_order INTEGER NOT NULL,
    responsible_roles user_role[],
    estimated_duration_days INTEGER,
    -- ... fully customizable
);

CREATE TABLE workflow_sub_stages (
    id UUID PRIMARY KEY,
    workflow_stage_id UUID NOT NULL,
    name TEXT NOT NULL,
    sub_stage_order INTEGER NOT NULL,
    requires_approval BOOLEAN DEFAULT false,
    -- ... granular control
);
