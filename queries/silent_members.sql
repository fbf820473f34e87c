-- Members on the roster with no recorded action in the last $months months up to the period's end.
SELECT
    unit_key(m.county, m.unit) AS unit_key,
    coalesce(m.county, '') AS county,
    m.unit,
    m.name,
    m.role::VARCHAR AS role,
    max(a.month) AS last_active
FROM scoped_members($scope, $counties, $units, $categories, $roles) AS m
LEFT JOIN scoped_agg_member_month($scope, NULL, NULL, NULL, NULL, NULL, $month_to) AS a
    ON m.member_id = a.member_id
WHERE m.status = 'active'
GROUP BY m.county, m.unit, m.name, m.role, m.member_id
HAVING
    max(a.month) IS NULL
    OR max(a.month) <= $month_to - to_months($months::INTEGER)
ORDER BY county, m.unit, m.name
