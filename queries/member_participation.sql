-- Distinct members who acted, trained or met online in the period. Source: agg_member_month.
SELECT
    count(DISTINCT member_id) FILTER (WHERE actions > 0) AS active_members,
    count(DISTINCT member_id) FILTER (WHERE training > 0) AS trained_members,
    count(DISTINCT member_id) FILTER (WHERE meeting > 0) AS meeting_members
FROM agg_member_month
WHERE
    month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit))
    AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
    AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
