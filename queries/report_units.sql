-- Per unit for the 汇报 and the meeting slides: members on the roster in the period's last month,
-- actions and active members in the period, and the latest month the unit reported activity for.
WITH snapshot AS (
    SELECT least($month_to, max(month)) AS month
    FROM roster_month
),

roster AS (
    SELECT
        unit_key(r.county, r.unit) AS unit_key,
        sum(r.members) AS members
    FROM roster_month AS r
    INNER JOIN snapshot AS s ON r.month = s.month
    WHERE
        ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(r.county, r.unit)))
        AND ($counties IS NULL OR list_contains($counties::VARCHAR[], r.county))
        AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(r.county, r.unit)))
        AND ($categories IS NULL OR list_contains($categories::VARCHAR[], r.category))
        AND ($roles IS NULL OR list_contains($roles::VARCHAR[], r.role::VARCHAR))
    GROUP BY unit_key
),

acts AS (
    SELECT
        unit_key(county, unit) AS unit_key,
        sum(actions) AS actions
    FROM agg_activity
    WHERE
        month BETWEEN $month_from AND $month_to
        AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
        AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
        AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
        AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
        AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
    GROUP BY unit_key
),

active AS (
    SELECT
        unit_key(county, unit) AS unit_key,
        count(DISTINCT member_id) AS active_members
    FROM agg_member_month
    WHERE
        month BETWEEN $month_from AND $month_to
        AND actions > 0
        AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
        AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
        AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
        AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
        AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
    GROUP BY unit_key
),

reported AS (
    SELECT
        unit_key(c.county, c.unit) AS unit_key,
        max(c.month) AS last_month
    FROM batch_coverage AS c
    INNER JOIN batches AS b ON c.batch_id = b.batch_id
    WHERE
        c.kind = 'activity'
        AND b.status = 'active'
        AND c.month <= $month_to
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
FROM units AS u
LEFT JOIN roster ON unit_key(u.county, u.unit) = roster.unit_key
LEFT JOIN acts ON unit_key(u.county, u.unit) = acts.unit_key
LEFT JOIN active ON unit_key(u.county, u.unit) = active.unit_key
LEFT JOIN reported ON unit_key(u.county, u.unit) = reported.unit_key
WHERE
    ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(u.county, u.unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], u.county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(u.county, u.unit)))
    AND (roster.members IS NOT NULL OR acts.actions IS NOT NULL)
ORDER BY actions DESC, unit_key ASC
