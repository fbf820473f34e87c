-- Source rows in the period whose activity matches no roster member (or several): counted in the
-- figures, never dropped. A wide row is one row however many count columns it fills.
SELECT count(DISTINCT [batch_id::VARCHAR, sheet, row_no::VARCHAR]) AS unmatched_rows
FROM activity
WHERE
    match != 'matched'
    AND month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
