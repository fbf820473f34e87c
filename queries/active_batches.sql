-- Imports currently in effect (undone ones excluded) that touch the viewer's units.
SELECT count(*) AS batches
FROM batches
WHERE
    status = 'active'
    AND ($scope IS NULL OR len(list_intersect(units, $scope::VARCHAR[])) > 0)
