-- Values offered by the sidebar filters: months with data, counties, units, categories.
SELECT DISTINCT
    'month' AS facet,
    strftime(month, '%Y-%m') AS value
FROM live_months
WHERE $scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit))
UNION ALL
SELECT DISTINCT
    'county' AS facet,
    county AS value
FROM units
WHERE county IS NOT NULL AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
UNION ALL
SELECT
    'unit' AS facet,
    unit_key(county, unit) AS value
FROM units
WHERE $scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit))
UNION ALL
SELECT DISTINCT
    'category' AS facet,
    category AS value
FROM members
WHERE category IS NOT NULL AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
ORDER BY facet, value
