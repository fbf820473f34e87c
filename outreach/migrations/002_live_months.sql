-- The months the data speaks for: activity months and dated rosters' months. A roster that names no
-- month is dated on import day; it must not stretch an archive of 2014 logs to today, so its month
-- counts only while nothing else is there.
CREATE VIEW live_months AS
WITH live AS (
    SELECT
        c.unit,
        c.month,
        c.kind = 'activity' OR coalesce(b.period_source, '') <> 'import_date' AS dated
    FROM batch_coverage AS c
    INNER JOIN batches AS b ON c.batch_id = b.batch_id
    WHERE b.status = 'active'
)
SELECT DISTINCT unit, month
FROM live
WHERE dated OR NOT EXISTS (SELECT 1 FROM live WHERE dated);
