-- Age structure of members on the roster now (where a birth year is known), in ten-year bands.
SELECT
    -- band code 0..4: under 30, 30-39, 40-49, 50-59, 60 and over (labels in the translation table)
    least(greatest((year($month_to) - birth_year) // 10 - 2, 0), 4) AS age_band,
    count(*) AS members
FROM members
WHERE
    status = 'active'
    AND birth_year IS NOT NULL
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
    AND ($categories IS NULL OR list_contains($categories::VARCHAR[], category))
    AND ($roles IS NULL OR list_contains($roles::VARCHAR[], role::VARCHAR))
GROUP BY age_band
ORDER BY age_band
