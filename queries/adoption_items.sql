-- Adopted items (采用, see 010_adoption.sql) by unit, month, type and level over the period.
-- items: an item that names a link (else a title) and was adopted several times in the period counts
-- once, at its highest level, in the month of its first adoption at that level; rows naming neither (a
-- wide summary's `舆情信息被省级采用（条）`) count as reported. adoptions: every adoption as reported.
-- matched: whether the rows' member is on the roster (only matched items score, like actions).
WITH adopted AS (
    SELECT
        county,
        unit,
        month,
        adopt_level AS level,
        adopted,
        type::VARCHAR AS type,
        match = 'matched' AS matched,
        nullif(trim(coalesce(link, title, '')), '') AS item,
        CASE adopt_level
            WHEN 'central' THEN 4 WHEN 'province' THEN 3 WHEN 'city' THEN 2 ELSE 1
        END AS level_rank
    FROM scoped_activity($scope, $counties, $units, $month_from, $month_to)
    WHERE adopt_level IS NOT NULL AND adopted > 0
),

ranked AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY county, unit, type, item
            ORDER BY level_rank DESC, month ASC, matched DESC
        ) AS nth
    FROM adopted
)

SELECT
    county,
    unit,
    month,
    type,
    level,
    matched,
    unit_key(county, unit) AS unit_key,
    sum(CASE WHEN item IS NULL THEN adopted WHEN nth = 1 THEN 1 ELSE 0 END)::BIGINT AS items,
    sum(adopted)::BIGINT AS adoptions
FROM ranked
GROUP BY county, unit, month, type, level, matched
ORDER BY unit_key, month, type, level, matched
