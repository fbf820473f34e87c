-- "数据截至": the latest month with data up to the period's end, and when the data last changed
-- (an import or an undo touching the viewer's units).
SELECT
    (
        SELECT max(month)
        FROM scoped_live_months($scope, NULL, NULL, NULL, $month_to)
    ) AS latest_month,
    (
        SELECT max(greatest(imported_at, coalesce(reverted_at, imported_at)))
        FROM scoped_batches($scope)
    ) AS updated_at
