-- Distinct members who acted, trained or met online in the period. Source: agg_member_month.
-- One pass: each member's rows are folded first, then counted (three DISTINCT counts took three).
SELECT
    count(*) FILTER (WHERE m.acted > 0) AS active_members,
    count(*) FILTER (WHERE m.trained > 0) AS trained_members,
    count(*) FILTER (WHERE m.met > 0) AS meeting_members
FROM (
    SELECT
        member_id,
        max(actions) AS acted,
        max(training) AS trained,
        max(meeting) AS met
    FROM agg_member_month
    WHERE
        month BETWEEN $month_from AND $month_to
        AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
        AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
        AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
        AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
        AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
    GROUP BY member_id
) AS m
