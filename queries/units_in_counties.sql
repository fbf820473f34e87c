-- Units of the chosen counties (narrows the unit filter); none while no county is chosen.
SELECT unit_key(county, unit) AS unit_key
FROM scoped_units($scope, $counties, NULL)
WHERE $counties IS NOT NULL
ORDER BY unit_key
