-- Per unit: the month of its first live roster. A unit is not owed a log for the months before it
-- joined (outreach.deadlines leaves them out of the 催报 list). Read from the batches' coverage, not
-- roster_month: that table carries a unit's earliest roster back over the months before it.
SELECT
    unit_key(c.county, c.unit) AS unit_key,
    min(c.month) AS first_month
FROM scoped_batch_coverage($scope, $counties, $units, NULL, NULL) AS c
INNER JOIN batches AS b ON c.batch_id = b.batch_id
WHERE c.kind = 'roster' AND b.status = 'active'
GROUP BY c.county, c.unit
