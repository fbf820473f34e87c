-- Per unit and event type (training, online meeting) over the period: sessions its members attended,
-- one per (date, title), and attendances. Source: agg_events.
SELECT
    unit_key(county, unit) AS unit_key,
    type::VARCHAR AS type,
    count(DISTINCT [coalesce(day, month)::VARCHAR, coalesce(title, '')]) AS sessions,
    sum(attendees) AS attendances
FROM scoped_agg_events($scope, NULL, NULL, $month_from, $month_to)
GROUP BY unit_key, type
ORDER BY unit_key, type
