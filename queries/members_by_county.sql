-- Members on the roster as it stood in the last month of the period (or the latest month on record),
-- by county. Source: roster_month, the monthly snapshot kept at import.
WITH snapshot AS (
    SELECT month
    FROM scoped_roster_snapshot($scope, $month_to)
)

SELECT
    coalesce(r.county, '') AS county,
    sum(r.members) AS members,
    count(DISTINCT r.unit) AS units
FROM scoped_roster_month($scope, $counties, $units, $categories, $roles, NULL, NULL) AS r
INNER JOIN snapshot AS s ON r.month = s.month
GROUP BY r.county
ORDER BY members DESC, county ASC
