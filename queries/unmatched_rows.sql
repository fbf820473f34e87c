-- Source rows in the period whose activity matches no roster member (or several): counted in the
-- figures, never dropped. A wide row is one row however many count columns it fills.
SELECT count(DISTINCT [batch_id::VARCHAR, sheet, row_no::VARCHAR]) AS unmatched_rows
FROM scoped_activity($scope, $counties, $units, $month_from, $month_to)
WHERE match != 'matched'
