-- Per unit and month of the period that has a roster: members on the roster as it stood that month
-- (roster_month) and how many of them were active that month (the participation indicator).
WITH roster AS (
    SELECT
        unit_key(county, unit) AS unit_key,
        month,
        sum(members) AS members
    FROM roster_month
    WHERE
        month BETWEEN $month_from AND $month_to
        AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    GROUP BY unit_key, month
),

active AS (
    SELECT
        unit_key(county, unit) AS unit_key,
        month,
        count(DISTINCT member_id) AS active_members
    FROM agg_member_month
    WHERE
        month BETWEEN $month_from AND $month_to
        AND actions > 0
        AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    GROUP BY unit_key, month
)

SELECT
    roster.unit_key,
    roster.month,
    roster.members,
    coalesce(active.active_members, 0) AS active_members
FROM roster
LEFT JOIN active ON roster.unit_key = active.unit_key AND roster.month = active.month
ORDER BY roster.unit_key, roster.month
