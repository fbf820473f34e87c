-- Members on the roster with no recorded action in the last $months months up to the period's end.
SELECT
    unit_key(m.county, m.unit) AS unit_key,
    coalesce(m.county, '') AS county,
    m.unit,
    m.name,
    m.role::VARCHAR AS role,
    max(a.month) AS last_active
FROM members AS m
LEFT JOIN agg_member_month AS a ON m.member_id = a.member_id AND a.month <= $month_to
WHERE
    m.status = 'active'
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(m.county, m.unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], m.county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(m.county, m.unit)))
    AND ($categories IS NULL OR list_contains($categories::VARCHAR[], m.category))
    AND ($roles IS NULL OR list_contains($roles::VARCHAR[], m.role::VARCHAR))
GROUP BY m.county, m.unit, m.name, m.role, m.member_id
HAVING
    max(a.month) IS NULL
    OR max(a.month) <= $month_to - to_months($months::INTEGER)
ORDER BY county, m.unit, m.name
