-- Data quality: activity rows that match no roster member (or several namesakes), by unit, name and
-- month. They are imported and counted; this list says what to fix where. other_units names units
-- of the viewer's scope whose roster has a member of that name (often the log used another spelling
-- of the unit). At most 1000 rows (data_admin.UNMATCHED_LIMIT).
WITH flagged AS (
    SELECT
        a.county,
        a.unit,
        a.name,
        a.month,
        a.match::VARCHAR AS match,
        count(*) AS records,
        sum(a.count)::BIGINT AS actions,
        any_value(b.file_name) AS file_name
    FROM scoped_activity($scope, $counties, $units, $month_from, $month_to) AS a
    INNER JOIN batches AS b ON a.batch_id = b.batch_id
    WHERE a.match <> 'matched'
    GROUP BY a.county, a.unit, a.name, a.month, a.match
),

people AS (
    SELECT DISTINCT
        county,
        unit,
        name
    FROM flagged
),

elsewhere AS (
    SELECT
        p.county,
        p.unit,
        p.name,
        string_agg(DISTINCT unit_key(m.county, m.unit), '、' ORDER BY unit_key(m.county, m.unit))
            AS other_units
    FROM people AS p
    INNER JOIN scoped_members($scope, NULL, NULL, NULL, NULL) AS m
        ON p.name = m.name AND (p.unit <> m.unit OR p.county IS DISTINCT FROM m.county)
    GROUP BY p.county, p.unit, p.name
)

SELECT
    coalesce(f.county, '') AS county,
    f.unit,
    f.name,
    f.month,
    f.match,
    f.records,
    f.actions,
    f.file_name,
    e.other_units
FROM flagged AS f
LEFT JOIN elsewhere AS e ON f.unit = e.unit AND f.county IS NOT DISTINCT FROM e.county AND f.name = e.name
ORDER BY f.month DESC, f.county ASC NULLS FIRST, f.unit ASC, f.name ASC
LIMIT 1000
