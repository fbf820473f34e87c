-- Actions per day (calendar heatmap), from rows that carry a date.
SELECT
    day,
    sum(actions) AS actions
FROM agg_activity_day
WHERE
    month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
    AND ($counties IS NULL OR list_contains($counties::VARCHAR[], county))
    AND ($units IS NULL OR list_contains($units::VARCHAR[], unit_key(county, unit)))
GROUP BY day
ORDER BY day
