-- Age structure of members on the roster now (where a birth year is known), in ten-year bands.
SELECT
    -- band code 0..4: under 30, 30-39, 40-49, 50-59, 60 and over (labels in the translation table)
    least(greatest((year($month_to) - birth_year) // 10 - 2, 0), 4) AS age_band,
    count(*) AS members
FROM scoped_members($scope, $counties, $units, $categories, $roles)
WHERE
    status = 'active'
    AND birth_year IS NOT NULL
GROUP BY age_band
ORDER BY age_band
