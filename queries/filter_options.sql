-- Values offered by the sidebar filters: months with data, counties, units, categories.
SELECT DISTINCT
    'month' AS facet,
    strftime(month, '%Y-%m') AS value
FROM scoped_live_months($scope, NULL, NULL, NULL, NULL)
UNION ALL
SELECT DISTINCT
    'county' AS facet,
    county AS value
FROM scoped_units($scope, NULL, NULL)
WHERE county IS NOT NULL
UNION ALL
SELECT
    'unit' AS facet,
    unit_key(county, unit) AS value
FROM scoped_units($scope, NULL, NULL)
UNION ALL
SELECT DISTINCT
    'category' AS facet,
    category AS value
FROM scoped_members($scope, NULL, NULL, NULL, NULL)
WHERE category IS NOT NULL
ORDER BY facet, value
