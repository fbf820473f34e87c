-- Data freshness: the latest month each unit delivered activity for (live batches only).
SELECT
    unit_key(u.county, u.unit) AS unit_key,
    u.unit,
    coalesce(u.county, '') AS county,
    max(c.month) AS last_month
FROM scoped_units($scope, $counties, $units) AS u
LEFT JOIN scoped_batch_coverage($scope, $counties, $units, NULL, NULL) AS c
    ON u.unit = c.unit AND u.county IS NOT DISTINCT FROM c.county AND c.kind = 'activity'
LEFT JOIN batches AS b ON c.batch_id = b.batch_id
WHERE b.status = 'active' OR b.status IS NULL
GROUP BY u.unit, u.county
ORDER BY last_month ASC NULLS FIRST, u.unit ASC
