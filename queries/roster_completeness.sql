-- Per unit: members on the roster now, and how many lack a phone or a WeChat name.
SELECT
    unit_key(county, unit) AS unit_key,
    coalesce(county, '') AS county,
    unit,
    count(*) AS members,
    count(*) FILTER (WHERE phone IS NULL) AS missing_phone,
    count(*) FILTER (WHERE wechat IS NULL) AS missing_wechat
FROM scoped_members($scope, $counties, $units, $categories, $roles)
WHERE status = 'active'
GROUP BY county, unit
ORDER BY missing_phone + missing_wechat DESC, unit_key
