-- Members ranked by points in the period: each type's actions times $pts_<type>, at most $cap_<type>
-- actions of a type counted per month (NULL = no cap), as the rubric scores units. Ranked within the
-- group $per ('county', 'unit' or 'all'), competition ranking (1, 2, 2, 4); members with at least
-- $min_months active months and $min_points points; the first $top ranks of each group, ties included.
-- Names only: no phone or WeChat name leaves this query. Source: agg_member_month, members.
-- agg_member_month holds one row per member and month (see eval_unit_actions.sql): a cap applies to each row.
WITH scored AS (
    SELECT
        member_id,
        sum(actions)::BIGINT AS actions,
        count(*) FILTER (WHERE actions > 0) AS months_active,
        sum(
            least(repost, coalesce($cap_repost::BIGINT, repost)) * $pts_repost::DOUBLE
            + least(comment, coalesce($cap_comment::BIGINT, comment)) * $pts_comment::DOUBLE
            + least(original, coalesce($cap_original::BIGINT, original)) * $pts_original::DOUBLE
            + least(opinion_report, coalesce($cap_opinion_report::BIGINT, opinion_report))
            * $pts_opinion_report::DOUBLE
            + least(rebuttal, coalesce($cap_rebuttal::BIGINT, rebuttal)) * $pts_rebuttal::DOUBLE
            + least(training, coalesce($cap_training::BIGINT, training)) * $pts_training::DOUBLE
            + least(meeting, coalesce($cap_meeting::BIGINT, meeting)) * $pts_meeting::DOUBLE
            + least("like", coalesce($cap_like::BIGINT, "like")) * $pts_like::DOUBLE
        ) AS points
    FROM scoped_agg_member_month($scope, $counties, $units, $categories, $roles, $month_from, $month_to)
    GROUP BY member_id
),

ranked AS (
    SELECT
        m.member_id,
        m.name,
        unit_key(m.county, m.unit) AS unit_key,
        m.unit,
        coalesce(m.county, '') AS county,
        m.role::VARCHAR AS role,
        m.category,
        round(s.points, 2) AS points,
        s.actions,
        s.months_active,
        rank() OVER (
            PARTITION BY
                CASE $per
                    WHEN 'county' THEN coalesce(m.county, '') WHEN 'unit' THEN unit_key(m.county, m.unit)
                END
            ORDER BY round(s.points, 2) DESC
        )::INTEGER AS rank
    FROM scored AS s
    INNER JOIN scoped_members($scope, NULL, NULL, NULL, NULL) AS m ON s.member_id = m.member_id
    WHERE s.months_active >= $min_months AND round(s.points, 2) >= $min_points AND s.points > 0
)

SELECT
    member_id,
    name,
    unit_key,
    unit,
    county,
    role,
    category,
    points,
    actions,
    months_active,
    rank
FROM ranked
WHERE rank <= $top
ORDER BY
    CASE $per WHEN 'county' THEN county WHEN 'unit' THEN unit_key END NULLS FIRST,
    rank ASC,
    unit_key ASC,
    name ASC
