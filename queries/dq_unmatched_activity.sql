-- Data quality: activity rows that match no roster member (or several namesakes), by unit, name and
-- month. They are imported and counted; this list says what to fix where. other_units names (up to five)
-- units of the viewer's scope whose roster has a member of that name (often the log used another spelling
-- of the unit), other_unit_count how many there are. At most 1000 rows (data_admin.UNMATCHED_LIMIT).
-- agg_unmatched (011) holds the rows grouped at import; at scale there are hundreds of thousands, so the
-- 1000 shown are picked first and only their namesakes are looked for.
WITH flagged AS (
    SELECT
        county,
        unit,
        name,
        month,
        match::VARCHAR AS match,
        records,
        actions,
        batch_id
    FROM scoped_agg_unmatched($scope, $counties, $units, $month_from, $month_to)
    ORDER BY month DESC, county ASC NULLS FIRST, unit ASC, name ASC
    LIMIT 1000
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
        list(DISTINCT unit_key(m.county, m.unit) ORDER BY unit_key(m.county, m.unit)) AS other_keys
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
    b.file_name,
    -- A common name has namesakes in thousands of units at province scale: the first five, and how many.
    array_to_string(list_slice(e.other_keys, 1, 5), '、') AS other_units,
    coalesce(len(e.other_keys), 0) AS other_unit_count
FROM flagged AS f
INNER JOIN batches AS b ON f.batch_id = b.batch_id
LEFT JOIN elsewhere AS e ON f.unit = e.unit AND f.county IS NOT DISTINCT FROM e.county AND f.name = e.name
ORDER BY f.month DESC, f.county ASC NULLS FIRST, f.unit ASC, f.name ASC
LIMIT 1000
