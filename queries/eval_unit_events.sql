-- Per unit and event type (training, online meeting) over the period: sessions its members attended,
-- one per (date, title), and attendances. Source: agg_events.
SELECT
    unit_key(county, unit) AS unit_key,
    type::VARCHAR AS type,
    count(DISTINCT [coalesce(day, month)::VARCHAR, coalesce(title, '')]) AS sessions,
    sum(attendees) AS attendances
FROM agg_events
WHERE
    month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
GROUP BY unit_key, type
ORDER BY unit_key, type
