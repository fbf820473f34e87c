-- Members on the roster with no recorded action in the last $months months up to the period's end.
-- Each member's last active month is found by member id alone (an integer key) before the roster is
-- joined: grouping the joined rows by the members' names cost 5 s at province scale, this about 1 s.
WITH last_active AS (
    SELECT
        member_id,
        max(month) AS last_active
    FROM scoped_agg_member_month($scope, NULL, NULL, NULL, NULL, NULL, $month_to)
    GROUP BY member_id
)

SELECT
    unit_key(m.county, m.unit) AS unit_key,
    coalesce(m.county, '') AS county,
    m.unit,
    m.name,
    m.role::VARCHAR AS role,
    a.last_active
FROM scoped_members($scope, $counties, $units, $categories, $roles) AS m
LEFT JOIN last_active AS a ON m.member_id = a.member_id
WHERE
    m.status = 'active'
    AND (a.last_active IS NULL OR a.last_active <= $month_to - to_months($months::INTEGER))
ORDER BY county, m.unit, m.name, m.member_id  -- namesakes in a fixed order
