-- Seed 000_2915d84219cd34f5.txt, lines 60-70: CREATE TABLE users (2.1); column names only
CREATE TABLE users (
    id UUID PRIMARY KEY, -- Direct link to auth.users.id
    organization_id UUID NOT NULL REFERENCES organizations(id),
    email TEXT NOT NULL UNIQUE,
    role user_role DEFAULT 'sales',
    status user_status DEFAULT 'active',
    -- Enhanced fields for better functionality
    description TEXT,
    direct_reports UUID[] DEFAULT ARRAY[]::UUID[],
    metadata JSONB DEFAULT '{}'::jsonb
);
