-- Manual adjustments (加分/扣分) that count in the period: those whose own period lies inside it, from
-- batches not undone.
SELECT
    unit_key(a.county, a.unit) AS unit_key,
    a.unit,
    coalesce(a.county, '') AS county,
    a.period_from,
    a.period_to,
    a.points::DOUBLE AS points,
    a.reason,
    a.entered_by,
    a.entered_at,
    a.batch_id,
    b.file_name
FROM scoped_adjustments($scope, $counties, $units, $month_from, $month_to) AS a
INNER JOIN batches AS b ON a.batch_id = b.batch_id
WHERE b.status = 'active'
ORDER BY unit_key, a.period_from, a.batch_id, a.row_no
