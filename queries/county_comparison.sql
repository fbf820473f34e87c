-- Per county: actions in the period, the roster of its last month, members active that month, and how
-- many of its units reported that month.
-- Rates use the roster as it stood that month (roster_month), not today's.
WITH acts AS (
    SELECT
        county,
        sum(actions) AS actions
    FROM scoped_agg_activity($scope, $counties, $units, $categories, $roles, $month_from, $month_to)
    GROUP BY county
),

roster AS (
    SELECT
        r.county,
        sum(r.members) AS members
    FROM scoped_roster_month($scope, $counties, $units, $categories, $roles, NULL, NULL) AS r
    INNER JOIN scoped_roster_snapshot($scope, $month_to) AS s ON r.month = s.month
    GROUP BY r.county
),

active AS (
    SELECT
        county,
        count(DISTINCT member_id) AS active_members
    FROM scoped_agg_member_month($scope, $counties, $units, $categories, $roles, $month_to, $month_to)
    WHERE actions > 0
    GROUP BY county
),

-- Units that delivered a log for the period's last month: with none, that month's rate is unknown, not 0.
reported AS (
    SELECT
        c.county,
        count(DISTINCT c.unit) AS reported_units
    FROM scoped_batch_coverage($scope, $counties, $units, $month_to, $month_to) AS c
    INNER JOIN batches AS b ON c.batch_id = b.batch_id
    WHERE c.kind = 'activity' AND b.status = 'active'
    GROUP BY c.county
)

SELECT
    coalesce(roster.county, acts.county, '') AS county,
    coalesce(acts.actions, 0) AS actions,
    coalesce(roster.members, 0) AS members,
    coalesce(active.active_members, 0) AS active_members,
    coalesce(reported.reported_units, 0) AS reported_units
FROM roster
FULL OUTER JOIN acts ON roster.county IS NOT DISTINCT FROM acts.county
LEFT JOIN active ON coalesce(roster.county, acts.county) IS NOT DISTINCT FROM active.county
LEFT JOIN reported ON coalesce(roster.county, acts.county) IS NOT DISTINCT FROM reported.county
ORDER BY actions DESC
