-- Values offered by the sidebar filters: months with data, counties, units, categories.
SELECT DISTINCT
    'month' AS facet,
    strftime(c.month, '%Y-%m') AS value
FROM batch_coverage AS c
INNER JOIN batches AS b ON c.batch_id = b.batch_id
WHERE
    b.status = 'active'
    -- activity months; roster months only while no activity exists (see refresh.py)
    AND (
        c.kind = 'activity'
        OR NOT EXISTS (
            SELECT 1
            FROM batch_coverage AS a
            INNER JOIN batches AS ab ON a.batch_id = ab.batch_id
            WHERE a.kind = 'activity' AND ab.status = 'active'
        )
    )
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], c.unit))
UNION ALL
SELECT DISTINCT
    'county' AS facet,
    county AS value
FROM units
WHERE county IS NOT NULL AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit))
UNION ALL
SELECT
    'unit' AS facet,
    unit AS value
FROM units
WHERE $scope IS NULL OR list_contains($scope::VARCHAR[], unit)
UNION ALL
SELECT DISTINCT
    'category' AS facet,
    category AS value
FROM members
WHERE category IS NOT NULL AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit))
ORDER BY facet, value
