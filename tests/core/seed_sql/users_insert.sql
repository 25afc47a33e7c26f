-- Seed 000_2915d84219cd34f5.txt, lines 272-295: Step 3.2, users rows; column names only
-- Create users table entries with matching IDs - Factory Pulse Organization
INSERT INTO users (id, organization_id, email, name, role, department, status, created_at, department, direct_reports, preferences) VALUES
-- American Executives
('660e8400-e29b-41d4-a716-446655440001', '550e8400-e29b-41d4-a716-446655440005', 'john.smith@factorypulse.com', 'John Smith', 'management', 'Executive', 'active', NOW() - INTERVAL '3 years', 'Executive', ARRAY['660e8400-e29b-41d4-a716-446655440003', '660e8400-e29b-41d4-a716-446655440004'], '{"timezone": "America/New_York", "language": "en", "theme": "light"}'),
('660e8400-e29b-41d4-a716-446655440002', '550e8400-e29b-41d4-a716-446655440005', 'mary.johnson@factorypulse.com', 'Mary Johnson', 'management', 'Finance', 'active', NOW() - INTERVAL '2.5 years', 'Finance', ARRAY[]::UUID[], '{"timezone": "America/New_York", "language": "en", "theme": "light"}'),

-- Vietnamese Management Team
('660e8400-e29b-41d4-a716-446655440003', '550e8400-e29b-41d4-a716-446655440005', 'nguyen.van.a@factorypulse.com', 'Nguyen Van A', 'management', 'Operations', 'active', NOW() - INTERVAL '2 years', 'Operations', ARRAY['660e8400-e29b-41d4-a716-446655440006', '660e8400-e29b-41d4-a716-446655440007'], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}'),
('660e8400-e29b-41d4-a716-446655440004', '550e8400-e29b-41d4-a716-446655440005', 'tran.thi.b@factorypulse.com', 'Tran Thi B', 'management', 'Quality', 'active', NOW() - INTERVAL '1.8 years', 'Quality', ARRAY['660e8400-e29b-41d4-a716-446655440010', '660e8400-e29b-41d4-a716-446655440011'], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}'),
('660e8400-e29b-41d4-a716-446655440005', '550e8400-e29b-41d4-a716-446655440005', 'le.van.c@factorypulse.com', 'Le Van C', 'management', 'Engineering', 'active', NOW() - INTERVAL '1.5 years', 'Engineering', ARRAY['660e8400-e29b-41d4-a716-446655440009'], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}'),

-- Vietnamese Sales & Procurement Team
('660e8400-e29b-41d4-a716-446655440006', '550e8400-e29b-41d4-a716-446655440005', 'pham.thi.d@factorypulse.com', 'Pham Thi D', 'sales', 'Sales', 'active', NOW() - INTERVAL '1.2 years', 'Sales', ARRAY[]::UUID[], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}'),
('660e8400-e29b-41d4-a716-446655440007', '550e8400-e29b-41d4-a716-446655440005', 'hoang.van.e@factorypulse.com', 'Hoang Van E', 'procurement', 'Procurement', 'active', NOW() - INTERVAL '1 year', 'Procurement', ARRAY[]::UUID[], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}'),
('660e8400-e29b-41d4-a716-446655440008', '550e8400-e29b-41d4-a716-446655440005', 'vu.thi.f@factorypulse.com', 'Vu Thi F', 'sales', 'Sales', 'active', NOW() - INTERVAL '10 months', 'Sales', ARRAY[]::UUID[], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}'),

-- Vietnamese Engineering & QA Team
('660e8400-e29b-41d4-a716-446655440009', '550e8400-e29b-41d4-a716-446655440005', 'dinh.van.g@factorypulse.com', 'Dinh Van G', 'engineering', 'Engineering', 'active', NOW() - INTERVAL '8 months', 'Engineering', ARRAY[]::UUID[], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}'),
('660e8400-e29b-41d4-a716-446655440010', '550e8400-e29b-41d4-a716-446655440005', 'bui.thi.h@factorypulse.com', 'Bui Thi H', 'qa', 'Quality', 'active', NOW() - INTERVAL '6 months', 'Quality', ARRAY[]::UUID[], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}'),
('660e8400-e29b-41d4-a716-446655440011', '550e8400-e29b-41d4-a716-446655440005', 'ngo.van.i@factorypulse.com', 'Ngo Van I', 'qa', 'Quality', 'active', NOW() - INTERVAL '4 months', 'Quality', ARRAY[]::UUID[], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}'),

-- Vietnamese Production Team
('660e8400-e29b-41d4-a716-446655440012', '550e8400-e29b-41d4-a716-446655440005', 'do.thi.j@factorypulse.com', 'Do Thi J', 'production', 'Production', 'active', NOW() - INTERVAL '3 months', 'Production', ARRAY[]::UUID[], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}'),
('660e8400-e29b-41d4-a716-446655440013', '550e8400-e29b-41d4-a716-446655440005', 'ly.van.k@factorypulse.com', 'Ly Van K', 'production', 'Production', 'active', NOW() - INTERVAL '2 months', 'Production', ARRAY[]::UUID[], '{"timezone": "Asia/Ho_Chi_Minh", "language": "vi", "theme": "light"}');
