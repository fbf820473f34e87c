-- Training sessions and online meetings held in the period: one event per (date, title), however many
-- units sent people to it. Source: agg_events.
SELECT
    type::VARCHAR AS type,
    count(DISTINCT [coalesce(day, month)::VARCHAR, coalesce(title, '')]) AS sessions,
    sum(attendees) AS attendances
FROM scoped_agg_events($scope, $counties, $units, $month_from, $month_to)
GROUP BY type
ORDER BY type
