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
    FROM scoped_agg_member_month($scope, $counties, $units, $categories, $roles, $month_from, $month_to)
    GROUP BY member_id
) AS m
