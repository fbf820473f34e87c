-- Per county: actions in the period, the roster of its last month, members active that month.
-- Rates use the roster as it stood that month (roster_month), not today's.
WITH acts AS (
    SELECT
        county,
        sum(actions) AS actions
    FROM agg_activity
    WHERE
        month BETWEEN $month_from AND $month_to
        AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
        AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
        AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
        AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
        AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
    GROUP BY county
),

snapshot AS (
    SELECT least($month_to, max(month)) AS month
    FROM roster_month
),

roster AS (
    SELECT
        r.county,
        sum(r.members) AS members
    FROM roster_month AS r
    INNER JOIN snapshot AS s ON r.month = s.month
    WHERE
        ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(r.county, r.unit)))
        AND ($counties IS NULL OR list_contains($counties::VARCHAR[], r.county))
        AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(r.county, r.unit)))
        AND ($categories IS NULL OR list_contains($categories::VARCHAR[], r.category))
        AND ($roles IS NULL OR list_contains($roles::VARCHAR[], r.role::VARCHAR))
    GROUP BY r.county
),

active AS (
    SELECT
        county,
        count(DISTINCT member_id) AS active_members
    FROM agg_member_month
    WHERE
        month = $month_to
        AND actions > 0
        AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
        AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
        AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
        AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
        AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
    GROUP BY county
)

SELECT
    coalesce(roster.county, acts.county, '') AS county,
    coalesce(acts.actions, 0) AS actions,
    coalesce(roster.members, 0) AS members,
    coalesce(active.active_members, 0) AS active_members
FROM roster
FULL OUTER JOIN acts ON roster.county IS NOT DISTINCT FROM acts.county
LEFT JOIN active ON coalesce(roster.county, acts.county) IS NOT DISTINCT FROM active.county
ORDER BY actions DESC
