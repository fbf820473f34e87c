-- Data quality: possible duplicate members, the same name and phone number on the rosters of two or
-- more units of the viewer's scope. A group is listed when any of its units is in the chosen
-- counties/units, so those filters test the group (HAVING), not each row.
-- The name and phone pairs held twice are found first with a plain count: DISTINCT aggregates over a
-- million mostly unique pairs spilled to disk at province scale.
WITH listed AS (
    SELECT
        name,
        phone,
        county,
        unit
    FROM scoped_members($scope, NULL, NULL, NULL, NULL)
    WHERE
        status = 'active'
        AND phone IS NOT NULL
),

twice AS (
    SELECT
        name,
        phone
    FROM listed
    GROUP BY name, phone
    HAVING count(*) > 1
)

SELECT
    name,
    phone,
    count(DISTINCT unit_key(county, unit)) AS units,
    string_agg(DISTINCT unit_key(county, unit), '、' ORDER BY unit_key(county, unit)) AS unit_list
FROM listed AS l
SEMI JOIN twice AS t ON l.name = t.name AND l.phone = t.phone
GROUP BY name, phone
HAVING
    count(DISTINCT unit_key(county, unit)) > 1
    AND ($counties IS NULL OR bool_or(list_contains($counties::VARCHAR[], county)))
    AND ($units IS NULL OR bool_or(list_contains($units::VARCHAR[], unit_key(county, unit))))
ORDER BY units DESC, name ASC
