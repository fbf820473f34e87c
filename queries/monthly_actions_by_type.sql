-- Actions per month and type in the period (trend charts). Source: agg_activity.
SELECT
    month,
    type::VARCHAR AS type,
    sum(actions) AS actions
FROM agg_activity
WHERE
    month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit))
    AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
    AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
GROUP BY month, type
ORDER BY month, type
