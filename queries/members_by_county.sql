-- Members on the roster as it stood in the last month of the period (or the latest month on record),
-- by county. Source: roster_month, the monthly snapshot kept at import.
WITH snapshot AS (
    SELECT least($month_to, max(month)) AS month
    FROM roster_month
)

SELECT
    coalesce(r.county, '') AS county,
    sum(r.members) AS members,
    count(DISTINCT r.unit) AS units
FROM roster_month AS r
INNER JOIN snapshot AS s ON r.month = s.month
WHERE
    ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(r.county, r.unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], r.county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(r.county, r.unit)))
    AND ($categories IS NULL OR list_contains($categories::VARCHAR[], r.category))
    AND ($roles IS NULL OR list_contains($roles::VARCHAR[], r.role::VARCHAR))
GROUP BY r.county
ORDER BY members DESC, county ASC
