-- Team size per unit on the roster as it stood in the last month of the period, with 骨干 and 联络员
-- counts and the unit's quota (defaults: 1-3 骨干, 1 联络员 when no quota was uploaded).
WITH snapshot AS (
    SELECT month
    FROM scoped_roster_snapshot($scope, $month_to)
),

roster AS (
    SELECT
        r.county,
        r.unit,
        sum(r.members) AS members,
        coalesce(sum(r.members) FILTER (WHERE r.role = 'core'), 0) AS core,
        coalesce(sum(r.members) FILTER (WHERE r.role = 'liaison'), 0) AS liaison
    FROM scoped_roster_month($scope, $counties, $units, $categories, $roles, NULL, NULL) AS r
    INNER JOIN snapshot AS s ON r.month = s.month
    GROUP BY r.county, r.unit
)

SELECT
    unit_key(roster.county, roster.unit) AS unit_key,
    coalesce(roster.county, '') AS county,
    roster.unit,
    roster.members,
    roster.core,
    roster.liaison,
    q.expected_members,
    coalesce(q.core_min, 1) AS core_min,
    coalesce(q.core_max, 3) AS core_max,
    coalesce(q.liaison_expected, 1) AS liaison_expected
FROM roster
LEFT JOIN scoped_quotas($scope, $counties, $units) AS q
    ON roster.unit = q.unit AND roster.county IS NOT DISTINCT FROM q.county
ORDER BY county ASC, roster.members DESC, roster.unit ASC
