-- Actions per day (calendar heatmap), from rows that carry a date.
SELECT
    day,
    sum(actions) AS actions
FROM scoped_agg_activity_day($scope, $counties, $units, $month_from, $month_to)
GROUP BY day
ORDER BY day
