-- Seed 000_2915d84219cd34f5.txt, lines 813-820: section 9, business metrics: projects completed
-- Monitor project completion rate
SELECT
    'Projects Completed (7d)' as metric,
    COUNT(*) as value,
    'INFO' as status
FROM projects
WHERE status = 'completed'
AND updated_at >= NOW() - INTERVAL '7 days';
