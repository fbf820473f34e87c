-- Units of the chosen counties (narrows the unit filter).
SELECT unit
FROM units
WHERE
    list_contains($counties::VARCHAR[], county)
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit))
ORDER BY unit
