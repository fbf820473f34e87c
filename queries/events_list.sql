-- Training courses and online meetings in the period, one row per event (date + title).
SELECT
    type::VARCHAR AS type,
    coalesce(day, month) AS held_on,
    coalesce(title, '') AS title,
    count(DISTINCT unit_key(county, unit)) AS units,
    sum(attendees) AS attendees
FROM agg_events
WHERE
    month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
GROUP BY type, held_on, title
ORDER BY held_on DESC, type ASC
