-- Per unit, platform and type over the period: actions matched to a roster member on the platforms the
-- rubric gives a bonus for ($platforms; they score it) and actions matching nobody, on any platform (they
-- do not score, and the unit's detail card says how many). Source: agg_activity.
-- Grouped by (county, unit) and keyed afterwards, and without the matched actions of other platforms,
-- which nothing reads: 18 M rows grouped into 280,000 (unit, platform, type) cells cost 1–2.5 s at
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
    WHERE NOT matched OR list_contains($platforms::VARCHAR[], platform::VARCHAR)
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
