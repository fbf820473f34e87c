-- Distinct members who took part in training in the period (the Overview's headline). Only the rows with
-- training are grouped: at province scale member_participation groups every member's rows (1.4 s), this
-- a small share of them.
SELECT count(DISTINCT member_id) AS trained_members
FROM scoped_agg_member_month($scope, $counties, $units, $categories, $roles, $month_from, $month_to)
WHERE training > 0
