-- Units of the chosen counties (narrows the unit filter).
SELECT unit_key(county, unit) AS unit_key
FROM units
WHERE
    list_contains($counties::VARCHAR[], county)
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
ORDER BY unit_key
