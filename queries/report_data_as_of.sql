-- "数据截至": the latest month with data up to the period's end, and when the data last changed
-- (an import or an undo touching the viewer's units).
SELECT
    (
        SELECT max(m.month)
        FROM live_months AS m
        WHERE
            m.month <= $month_to
            AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(m.county, m.unit)))
    ) AS latest_month,
    (
        SELECT max(greatest(b.imported_at, coalesce(b.reverted_at, b.imported_at)))
        FROM batches AS b
        WHERE $scope IS NULL OR len(list_intersect(b.units, $scope::VARCHAR[])) > 0
    ) AS updated_at
