-- Actions per month by type and platform (trend, stacked and share views). Source: agg_activity.
SELECT
    month AS period,
    type::VARCHAR AS type,
    platform::VARCHAR AS platform,
    sum(actions) AS actions
FROM agg_activity
WHERE
    month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
    AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
    AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
GROUP BY month, type, platform
ORDER BY month, type, platform
