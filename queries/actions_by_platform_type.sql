-- Actions in the period by platform and type. Source: agg_activity (unit × month × type × platform).
SELECT
    platform::VARCHAR AS platform,
    type::VARCHAR AS type,
    sum(actions) AS actions
FROM agg_activity
WHERE
    month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
    AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
    AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
GROUP BY platform, type
ORDER BY platform, type
