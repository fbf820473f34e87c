-- Role and category mix of the roster in the last month of the period.
WITH snapshot AS (
    SELECT least($month_to, max(month)) AS month
    FROM roster_month
)

SELECT
    r.role::VARCHAR AS role,
    coalesce(r.category, '') AS category,
    sum(r.members) AS members
FROM roster_month AS r
INNER JOIN snapshot AS s ON r.month = s.month
WHERE
    ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(r.county, r.unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], r.county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(r.county, r.unit)))
    AND ($categories IS NULL OR list_contains($categories::VARCHAR[], r.category))
    AND ($roles IS NULL OR list_contains($roles::VARCHAR[], r.role::VARCHAR))
GROUP BY r.role, r.category
ORDER BY r.role ASC, members DESC
