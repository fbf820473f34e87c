-- Data quality: possible duplicate members, the same name and phone number on the rosters of two or
-- more units. A group is listed when any of its units is in the chosen counties/units.
SELECT
    name,
    phone,
    count(DISTINCT unit_key(county, unit)) AS units,
    string_agg(DISTINCT unit_key(county, unit), '、' ORDER BY unit_key(county, unit)) AS unit_list
FROM members
WHERE
    status = 'active'
    AND phone IS NOT NULL
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
GROUP BY name, phone
HAVING
    count(DISTINCT unit_key(county, unit)) > 1
    AND ($counties IS NULL OR bool_or(list_contains($counties::VARCHAR[], county)))
    AND ($units IS NULL OR bool_or(list_contains($units::VARCHAR[], unit_key(county, unit))))
ORDER BY units DESC, name ASC
