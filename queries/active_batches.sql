-- Imports currently in effect (undone ones excluded) that touch the viewer's units.
SELECT count(*) AS batches
FROM scoped_batches($scope)
WHERE status = 'active'
