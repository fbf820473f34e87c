-- Role and category mix of the roster in the last month of the period.
WITH snapshot AS (
    SELECT month
    FROM scoped_roster_snapshot($scope, $month_to)
)

SELECT
    r.role::VARCHAR AS role,
    coalesce(r.category, '') AS category,
    sum(r.members) AS members
FROM scoped_roster_month($scope, $counties, $units, $categories, $roles, NULL, NULL) AS r
INNER JOIN snapshot AS s ON r.month = s.month
GROUP BY r.role, r.category
ORDER BY r.role ASC, members DESC
