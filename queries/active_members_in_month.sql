-- Active members in one month against the roster as it stood that month (the active rate).
WITH active AS (
    SELECT count(DISTINCT member_id) AS active_members
    FROM agg_member_month
    WHERE
        month = $month
        AND actions > 0
        AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
        AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
        AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
        AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
        AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
),

roster AS (
    SELECT sum(members) AS roster_members
    FROM roster_month
    WHERE
        month = $month
        AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
        AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
        AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
        AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
        AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
)

SELECT
    active.active_members,
    roster.roster_members
FROM active CROSS JOIN roster
