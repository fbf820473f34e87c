-- Training courses and online meetings in the period, one row per event (date + title).
SELECT
    type::VARCHAR AS type,
    coalesce(day, month) AS held_on,
    coalesce(title, '') AS title,
    count(DISTINCT unit_key(county, unit)) AS units,
    sum(attendees) AS attendees
FROM scoped_agg_events($scope, $counties, $units, $month_from, $month_to)
GROUP BY type, held_on, title
ORDER BY held_on DESC, type ASC
