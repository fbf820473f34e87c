-- Per unit for the 汇报 and the meeting slides: members on the roster in the period's last month,
-- actions and active members in the period, and the latest month the unit reported activity for.
WITH snapshot AS (
    SELECT month
    FROM scoped_roster_snapshot($scope, $month_to)
),

roster AS (
    SELECT
        unit_key(r.county, r.unit) AS unit_key,
        sum(r.members) AS members
    FROM scoped_roster_month($scope, $counties, $units, $categories, $roles, NULL, NULL) AS r
    INNER JOIN snapshot AS s ON r.month = s.month
    GROUP BY unit_key
),

-- The big summaries are grouped by (county, unit) and keyed afterwards: building the key string for each
-- of 15–18 M rows cost seconds at province scale.
acts AS (
    SELECT
        unit_key(county, unit) AS unit_key,
        actions
    FROM (
        SELECT
            county,
            unit,
            sum(actions) AS actions
        FROM scoped_agg_activity($scope, $counties, $units, $categories, $roles, $month_from, $month_to)
        GROUP BY county, unit
    ) AS per_unit_sums
),

active_people AS (
    SELECT DISTINCT
        county,
        unit,
        member_id
    FROM scoped_agg_member_month($scope, $counties, $units, $categories, $roles, $month_from, $month_to)
    WHERE actions > 0
),

active AS (
    SELECT
        unit_key(county, unit) AS unit_key,
        count(*) AS active_members
    FROM active_people
    GROUP BY county, unit
),

reported AS (
    SELECT
        unit_key(c.county, c.unit) AS unit_key,
        max(c.month) AS last_month
    FROM scoped_batch_coverage($scope, $counties, $units, NULL, $month_to) AS c
    INNER JOIN batches AS b ON c.batch_id = b.batch_id
    WHERE c.kind = 'activity' AND b.status = 'active'
    GROUP BY unit_key
)

SELECT
    unit_key(u.county, u.unit) AS unit_key,
    u.unit,
    coalesce(u.county, '') AS county,
    coalesce(roster.members, 0) AS members,
    coalesce(acts.actions, 0) AS actions,
    coalesce(active.active_members, 0) AS active_members,
    reported.last_month
FROM scoped_units($scope, $counties, $units) AS u
LEFT JOIN roster ON unit_key(u.county, u.unit) = roster.unit_key
LEFT JOIN acts ON unit_key(u.county, u.unit) = acts.unit_key
LEFT JOIN active ON unit_key(u.county, u.unit) = active.unit_key
LEFT JOIN reported ON unit_key(u.county, u.unit) = reported.unit_key
WHERE roster.members IS NOT NULL OR acts.actions IS NOT NULL
ORDER BY actions DESC, unit_key ASC
