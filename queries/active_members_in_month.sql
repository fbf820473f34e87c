-- Active members in one month against the roster as it stood that month (the active rate).
WITH active AS (
    SELECT count(DISTINCT member_id) AS active_members
    FROM scoped_agg_member_month($scope, $counties, $units, $categories, $roles, $month, $month)
    WHERE actions > 0
),

roster AS (
    SELECT sum(members) AS roster_members
    FROM scoped_roster_month($scope, $counties, $units, $categories, $roles, $month, $month)
)

SELECT
    active.active_members,
    roster.roster_members
FROM active CROSS JOIN roster
