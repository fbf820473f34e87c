-- Per unit: members on the roster now, and how many lack a phone or a WeChat name.
SELECT
    unit_key(county, unit) AS unit_key,
    coalesce(county, '') AS county,
    unit,
    count(*) AS members,
    count(*) FILTER (WHERE phone IS NULL) AS missing_phone,
    count(*) FILTER (WHERE wechat IS NULL) AS missing_wechat
FROM members
WHERE
    status = 'active'
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
    AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
    AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
GROUP BY county, unit
ORDER BY missing_phone + missing_wechat DESC, unit_key
