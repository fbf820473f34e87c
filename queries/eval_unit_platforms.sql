-- Per unit, platform and type over the period: actions matched to a roster member (they score) and
-- actions matching nobody (they do not, and the unit's detail card says how many). Source: agg_activity.
SELECT
    unit_key(county, unit) AS unit_key,
    platform::VARCHAR AS platform,
    type::VARCHAR AS type,
    coalesce(sum(actions) FILTER (WHERE matched), 0) AS matched_actions,
    coalesce(sum(actions) FILTER (WHERE NOT matched), 0) AS unmatched_actions
FROM agg_activity
WHERE
    month BETWEEN $month_from AND $month_to
    AND ($scope IS NULL OR list_contains($scope::VARCHAR[], unit_key(county, unit)))
GROUP BY unit_key, platform, type
ORDER BY unit_key, platform, type
