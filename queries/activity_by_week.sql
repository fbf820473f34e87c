-- Actions per ISO week by type, from rows that carry a date (monthly summaries have none).
SELECT
    date_trunc('week', day) AS period,
    type::VARCHAR AS type,
    'other' AS platform,
    sum(actions) AS actions
FROM scoped_agg_activity_day($scope, $counties, $units, $month_from, $month_to)
GROUP BY period, type
ORDER BY period, type
