-- Training sessions and online meetings held in the period: one event per (date, title), however many
-- units sent people to it. Source: agg_events.
SELECT
    type::VARCHAR AS type,
    count(DISTINCT [coalesce(day, month)::VARCHAR, coalesce(title, '')]) AS sessions,
    sum(attendees) AS attendances
FROM agg_events
WHERE
    month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
GROUP BY type
ORDER BY type
