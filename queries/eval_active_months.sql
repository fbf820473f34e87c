-- Per unit and month of the period that has a roster: members on the roster as it stood that month
-- (roster_month) and how many of them were active that month (the participation indicator). Every
-- unit in scope: the evaluation scores all of them and filters afterwards.
WITH roster AS (
    SELECT
        unit_key(county, unit) AS unit_key,
        month,
        sum(members) AS members
    FROM scoped_roster_month($scope, NULL, NULL, NULL, NULL, $month_from, $month_to)
    GROUP BY unit_key, month
),

-- One row per member and month in agg_member_month (see eval_unit_actions.sql): a count, not a DISTINCT.
active AS (
    SELECT
        county,
        unit,
        month,
        count(*) AS active_members
    FROM scoped_agg_member_month($scope, NULL, NULL, NULL, NULL, $month_from, $month_to)
    WHERE actions > 0
    GROUP BY county, unit, month
)

SELECT
    roster.unit_key,
    roster.month,
    roster.members,
    coalesce(active.active_members, 0) AS active_members
FROM roster
LEFT JOIN active ON roster.unit_key = unit_key(active.county, active.unit) AND roster.month = active.month
ORDER BY roster.unit_key, roster.month
