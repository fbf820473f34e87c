-- Per unit, platform and type over the period: actions matched to a roster member (they score) and
-- actions matching nobody (they do not, and the unit's detail card says how many). Source: agg_activity.
-- Grouped by (county, unit) and keyed afterwards: a key string for each of 18 M rows cost a second at
-- province scale.
WITH per_unit AS (
    SELECT
        county,
        unit,
        platform,
        type,
        coalesce(sum(actions) FILTER (WHERE matched), 0) AS matched_actions,
        coalesce(sum(actions) FILTER (WHERE NOT matched), 0) AS unmatched_actions
    FROM scoped_agg_activity($scope, NULL, NULL, NULL, NULL, $month_from, $month_to)
    GROUP BY county, unit, platform, type
)

SELECT
    unit_key(county, unit) AS unit_key,
    platform::VARCHAR AS platform,
    type::VARCHAR AS type,
    matched_actions,
    unmatched_actions
FROM per_unit
ORDER BY unit_key, platform, type
