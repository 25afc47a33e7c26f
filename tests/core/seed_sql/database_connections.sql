-- Seed 000_2915d84219cd34f5.txt, lines 791-800: section 9, system health monitoring
-- Monitor database connections
SELECT
    'Database Connections' as metric,
    count(*) as current_connections,
    CASE
        WHEN count(*) > 15 THEN 'WARNING'
        ELSE 'OK'
    END as status
FROM pg_stat_activity
WHERE datname = current_database();
