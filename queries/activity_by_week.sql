-- Actions per ISO week by type and platform, from the rows that carry a date (monthly summaries have
-- none). The daily summary (agg_activity_day) keeps no platform, so this reads the live rows themselves
-- (agg_activity_day is built from exactly these rows: the same totals by type).
SELECT
    date_trunc('week', day) AS period,
    type::VARCHAR AS type,
    platform::VARCHAR AS platform,
    sum(count) AS actions
FROM scoped_activity($scope, $counties, $units, $month_from, $month_to)
WHERE day IS NOT NULL
GROUP BY period, type, platform
ORDER BY period, type, platform
