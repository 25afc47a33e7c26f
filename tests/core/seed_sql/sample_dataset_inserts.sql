-- Seed 000_2915d84219cd34f5.txt, lines 300-373: Step 3.3, sample dataset; column names only
-- COMPREHENSIVE SAMPLE DATASET FOR TESTING

-- 1. Organizations (5 records) - Vietnam, USA, Japan distribution
INSERT INTO organizations (id, name, organization_type, country, industry, website, description, is_active) VALUES
('550e8400-e29b-41d4-a716-446655440001', 'TechNova Vietnam', 'customer', 'VN', 'Technology', 'https://technova.vn', 'Leading technology solutions provider in Vietnam', true),
('550e8400-e29b-41d4-a716-446655440002', 'Industrial Solutions USA', 'customer', 'US', 'Manufacturing', 'https://industrialsolutions.us', 'Advanced manufacturing solutions for industrial automation', true),
('550e8400-e29b-41d4-a716-446655440003', 'Precision Engineering Inc', 'customer', 'US', 'Engineering', 'https://precisioneng.us', 'Precision engineering and manufacturing services', true),
('550e8400-e29b-41d4-a716-446655440004', 'Global Manufacturing Corp', 'customer', 'US', 'Manufacturing', 'https://globalmfg.us', 'Global manufacturing solutions provider', true),
('550e8400-e29b-41d4-a716-446655440005', 'Tokyo Precision Ltd', 'customer', 'JP', 'Manufacturing', 'https://tokyoprecision.jp', 'High-precision manufacturing in Japan', true);

-- 2. Contacts (10 records) - 2 contacts per organization
INSERT INTO contacts (id, organization_id, type, contact_name, email, phone, role, is_primary_contact, is_active) VALUES
-- TechNova Vietnam contacts
('440e8400-e29b-41d4-a716-446655440001', '550e8400-e29b-41d4-a716-446655440001', 'customer', 'Nguyen Van Minh', 'minh.nguyen@technova.vn', '+84-123-456-789', 'CEO', true, true),
('440e8400-e29b-41d4-a716-446655440002', '550e8400-e29b-41d4-a716-446655440001', 'customer', 'Tran Thi Lan', 'lan.tran@technova.vn', '+84-987-654-321', 'CTO', false, true),
-- Industrial Solutions USA contacts
('440e8400-e29b-41d4-a716-446655440003', '550e8400-e29b-41d4-a716-446655440002', 'customer', 'John Anderson', 'john.anderson@industrialsolutions.us', '+1-555-123-4567', 'VP Engineering', true, true),
('440e8400-e29b-41d4-a716-446655440004', '550e8400-e29b-41d4-a716-446655440002', 'customer', 'Sarah Johnson', 'sarah.johnson@industrialsolutions.us', '+1-555-987-6543', 'Procurement Manager', false, true),
-- Precision Engineering Inc contacts
('440e8400-e29b-41d4-a716-446655440005', '550e8400-e29b-41d4-a716-446655440003', 'customer', 'Mike Wilson', 'mike.wilson@precisioneng.us', '+1-555-456-7890', 'Director of Operations', true, true),
('440e8400-e29b-41d4-a716-446655440006', '550e8400-e29b-41d4-a716-446655440003', 'customer', 'Emily Davis', 'emily.davis@precisioneng.us', '+1-555-321-0987', 'Quality Manager', false, true),
-- Global Manufacturing Corp contacts
('440e8400-e29b-41d4-a716-446655440007', '550e8400-e29b-41d4-a716-446655440004', 'customer', 'Robert Chen', 'robert.chen@globalmfg.us', '+1-555-654-3210', 'VP Manufacturing', true, true),
('440e8400-e29b-41d4-a716-446655440008', '550e8400-e29b-41d4-a716-446655440004', 'customer', 'Lisa Rodriguez', 'lisa.rodriguez@globalmfg.us', '+1-555-789-0123', 'Supply Chain Director', false, true),
-- Tokyo Precision Ltd contacts
('440e8400-e29b-41d4-a716-446655440009', '550e8400-e29b-41d4-a716-446655440005', 'customer', 'Hiroshi Tanaka', 'hiroshi.tanaka@tokyoprecision.jp', '+81-3-1234-5678', 'Managing Director', true, true),
('440e8400-e29b-41d4-a716-446655440010', '550e8400-e29b-41d4-a716-446655440005', 'customer', 'Yuki Sato', 'yuki.sato@tokyoprecision.jp', '+81-3-9876-5432', 'Technical Director', false, true);

-- 3. Workflow Stages (8 records)
INSERT INTO workflow_stages (id, organization_id, name, slug, stage_order, responsible_roles, estimated_duration_days) VALUES
('330e8400-e29b-41d4-a716-446655440001', '550e8400-e29b-41d4-a716-446655440005', 'Inquiry Received', 'inquiry_received', 1, ARRAY['sales', 'management'], 1),
('330e8400-e29b-41d4-a716-446655440002', '550e8400-e29b-41d4-a716-446655440005', 'Technical Review', 'technical_review', 2, ARRAY['engineering', 'qa'], 3),
('330e8400-e29b-41d4-a716-446655440003', '550e8400-e29b-41d4-a716-446655440005', 'Quote Preparation', 'quote_preparation', 3, ARRAY['sales', 'engineering'], 5),
('330e8400-e29b-41d4-a716-446655440004', '550e8400-e29b-41d4-a716-446655440005', 'Customer Approval', 'customer_approval', 4, ARRAY['sales', 'management'], 2),
('330e8400-e29b-41d4-a716-446655440005', '550e8400-e29b-41d4-a716-446655440005', 'Production Planning', 'production_planning', 5, ARRAY['production', 'engineering'], 7),
('330e8400-e29b-41d4-a716-446655440006', '550e8400-e29b-41d4-a716-446655440005', 'Manufacturing', 'manufacturing', 6, ARRAY['production', 'qa'], 30),
('330e8400-e29b-41d4-a716-446655440007', '550e8400-e29b-41d4-a716-446655440005', 'Quality Control', 'quality_control', 7, ARRAY['qa', 'engineering'], 5),
('330e8400-e29b-41d4-a716-446655440008', '550e8400-e29b-41d4-a716-446655440005', 'Delivery & Installation', 'delivery_installation', 8, ARRAY['production', 'sales'], 3);

-- 4. Workflow Sub-stages (29 records)
-- Continue with sub-stages for each stage...

-- 5. Sample Projects (13 records distributed across customer types)
INSERT INTO projects (id, organization_id, title, description, customer_organization_id, priority_level, estimated_delivery_date, contact_name, contact_email, contact_phone, current_stage_id, project_type, intake_type, intake_source, status) VALUES
-- Vietnam customer: 1 system build project
('220e8400-e29b-41d4-a716-446655440001', '550e8400-e29b-41d4-a716-446655440005', 'TechNova System Integration', 'Complete system integration for TechNova Vietnam', '550e8400-e29b-41d4-a716-446655440001', 'high', NOW() + INTERVAL '90 days', 'Nguyen Van Minh', 'minh.nguyen@technova.vn', '+84-123-456-789', '330e8400-e29b-41d4-a716-446655440001', 'system_build', 'rfq', 'portal', 'active'),

-- US Customers: 3 manufacturing + 2 system build + 5 fabrication projects each = 30 projects total
-- Industrial Solutions USA projects (3 manufacturing + 2 system build + 5 fabrication = 10 projects)
('220e8400-e29b-41d4-a716-446655440002', '550e8400-e29b-41d4-a716-446655440005', 'Industrial Automation Line', 'High-volume manufacturing line for industrial automation', '550e8400-e29b-41d4-a716-446655440002', 'urgent', NOW() + INTERVAL '60 days', 'John Anderson', 'john.anderson@industrialsolutions.us', '+1-555-123-4567', '330e8400-e29b-41d4-a716-446655440006', 'manufacturing', 'rfq', 'portal', 'active'),
('220e8400-e29b-41d4-a716-446655440003', '550e8400-e29b-41d4-a716-446655440005', 'Precision Assembly System', 'Automated precision assembly system', '550e8400-e29b-41d4-a716-446655440002', 'high', NOW() + INTERVAL '75 days', 'Sarah Johnson', 'sarah.johnson@industrialsolutions.us', '+1-555-987-6543', '330e8400-e29b-41d4-a716-446655440005', 'system_build', 'rfq', 'portal', 'active'),

-- Precision Engineering Inc projects (3 manufacturing + 2 system build + 5 fabrication = 10 projects)
('220e8400-e29b-41d4-a716-446655440013', '550e8400-e29b-41d4-a716-446655440005', 'High-Precision Components', 'Manufacturing of high-precision mechanical components', '550e8400-e29b-41d4-a716-446655440003', 'high', NOW() + INTERVAL '45 days', 'Mike Wilson', 'mike.wilson@precisioneng.us', '+1-555-456-7890', '330e8400-e29b-41d4-a716-446655440006', 'manufacturing', 'rfq', 'portal', 'active'),

-- Global Manufacturing Corp projects (3 manufacturing + 2 system build + 5 fabrication = 10 projects)
('220e8400-e29b-41d4-a716-446655440024', '550e8400-e29b-41d4-a716-446655440005', 'Global Supply Chain System', 'Integrated supply chain management system', '550e8400-e29b-41d4-a716-446655440004', 'medium', NOW() + INTERVAL '120 days', 'Robert Chen', 'robert.chen@globalmfg.us', '+1-555-654-3210', '330e8400-e29b-41d4-a716-446655440003', 'system_build', 'rfq', 'portal', 'active'),

-- Japanese customer: 2 manufacturing projects
('220e8400-e29b-41d4-a716-446655440035', '550e8400-e29b-41d4-a716-446655440005', 'Precision Optics Manufacturing', 'High-precision optics manufacturing line', '550e8400-e29b-41d4-a716-446655440005', 'urgent', NOW() + INTERVAL '80 days', 'Hiroshi Tanaka', 'hiroshi.tanaka@tokyoprecision.jp', '+81-3-1234-5678', '330e8400-e29b-41d4-a716-446655440006', 'manufacturing', 'rfq', 'portal', 'active'),
('220e8400-e29b-41d4-a716-446655440036', '550e8400-e29b-41d4-a716-446655440005', 'Micro-Electronics Assembly', 'Precision micro-electronics assembly system', '550e8400-e29b-41d4-a716-446655440005', 'high', NOW() + INTERVAL '100 days', 'Yuki Sato', 'yuki.sato@tokyoprecision.jp', '+81-3-9876-5432', '330e8400-e29b-41d4-a716-446655440005', 'system_build', 'rfq', 'portal', 'active');

-- 6. Project Contact Points (link projects to contacts)
INSERT INTO project_contact_points (id, project_id, contact_id, role, is_primary) VALUES
('770e8400-e29b-41d4-a716-446655440001', '220e8400-e29b-41d4-a716-446655440001', '440e8400-e29b-41d4-a716-446655440001', 'project_manager', true),
('770e8400-e29b-41d4-a716-446655440002', '220e8400-e29b-41d4-a716-446655440002', '440e8400-e29b-41d4-a716-446655440003', 'technical_contact', true),
('770e8400-e29b-41d4-a716-446655440003', '220e8400-e29b-41d4-a716-446655440013', '440e8400-e29b-41d4-a716-446655440005', 'quality_contact', true);

-- 7. Project Progress (sample progress records)
-- 8. Approvals (approval workflow records)
-- 9. Documents (document management records)
-- 10. Notifications (notification system records)
-- 11. Activity Logs (audit trail records)
-- 12. Messages (internal communication records)
