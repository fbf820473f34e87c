-- Activity records in the period that match no roster member (or several): counted, never dropped.
SELECT coalesce(sum(records), 0) AS unmatched_records
FROM agg_activity
WHERE
    NOT matched
    AND month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit))
