-- Actions in the period by platform and type. Source: agg_activity (unit × month × type × platform).
SELECT
    platform::VARCHAR AS platform,
    type::VARCHAR AS type,
    sum(actions) AS actions
FROM scoped_agg_activity($scope, $counties, $units, $categories, $roles, $month_from, $month_to)
GROUP BY platform, type
ORDER BY platform, type
