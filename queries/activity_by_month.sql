-- Actions per month by type and platform (trend, stacked and share views). Source: agg_activity.
SELECT
    month AS period,
    type::VARCHAR AS type,
    platform::VARCHAR AS platform,
    sum(actions) AS actions
FROM scoped_agg_activity($scope, $counties, $units, $categories, $roles, $month_from, $month_to)
GROUP BY month, type, platform
ORDER BY month, type, platform
