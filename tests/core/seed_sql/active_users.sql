-- Seed 000_2915d84219cd34f5.txt, lines 805-811: section 9, business metrics: active users
-- Monitor user activity
SELECT
    'Active Users (24h)' as metric,
    COUNT(DISTINCT user_id) as value,
    'INFO' as status
FROM activity_log
WHERE created_at >= NOW() - INTERVAL '24 hours';
