-- Actions per ISO week by type, from rows that carry a date (monthly summaries have none).
SELECT
    date_trunc('week', day) AS period,
    type::VARCHAR AS type,
    'other' AS platform,
    sum(actions) AS actions
FROM agg_activity_day
WHERE
    month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
GROUP BY period, type
ORDER BY period, type
