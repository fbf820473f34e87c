-- Per unit and month of the period: when its first live activity log covering that month was imported.
-- Units and months without such a log have no row (outreach.deadlines lists them as missing).
SELECT
    unit_key(c.county, c.unit) AS unit_key,
    c.unit,
    coalesce(c.county, '') AS county,
    c.month,
    min(b.imported_at) AS first_imported
FROM scoped_batch_coverage($scope, $counties, $units, $month_from, $month_to) AS c
INNER JOIN batches AS b ON c.batch_id = b.batch_id
WHERE c.kind = 'activity' AND b.status = 'active'
GROUP BY c.county, c.unit, c.month
ORDER BY county, c.unit, c.month
