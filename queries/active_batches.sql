-- Imports currently in effect (undone ones excluded).
SELECT count(*) AS batches
FROM batches
WHERE status = 'active'
