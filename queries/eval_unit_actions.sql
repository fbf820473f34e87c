-- Per unit over the period, from matched activity only (a cap needs to know whose actions they are):
-- actions of each type as reported, the same after the rubric's caps (at most $cap_<type> actions of a
-- type counted per member per month; NULL = no cap), members active in the period, and members who did
-- each type at least once (training and meeting attendance). Source: agg_member_month.
WITH member_month AS (
    SELECT
        unit_key(county, unit) AS unit_key,
        member_id,
        month,
        sum(actions) AS actions,
        sum(repost) AS repost,
        sum(comment) AS comment,
        sum(original) AS original,
        sum(opinion_report) AS opinion_report,
        sum(rebuttal) AS rebuttal,
        sum(training) AS training,
        sum(meeting) AS meeting,
        sum("like") AS likes
    FROM scoped_agg_member_month($scope, NULL, NULL, NULL, NULL, $month_from, $month_to)
    GROUP BY unit_key, member_id, month
),

per_member AS (
    SELECT
        unit_key,
        member_id,
        sum(actions) AS actions,
        sum(repost) AS repost,
        sum(comment) AS comment,
        sum(original) AS original,
        sum(opinion_report) AS opinion_report,
        sum(rebuttal) AS rebuttal,
        sum(training) AS training,
        sum(meeting) AS meeting,
        sum(likes) AS likes,
        sum(least(repost, coalesce($cap_repost::BIGINT, repost))) AS capped_repost,
        sum(least(comment, coalesce($cap_comment::BIGINT, comment))) AS capped_comment,
        sum(least(original, coalesce($cap_original::BIGINT, original))) AS capped_original,
        sum(least(opinion_report, coalesce($cap_opinion_report::BIGINT, opinion_report)))
            AS capped_opinion_report,
        sum(least(rebuttal, coalesce($cap_rebuttal::BIGINT, rebuttal))) AS capped_rebuttal,
        sum(least(training, coalesce($cap_training::BIGINT, training))) AS capped_training,
        sum(least(meeting, coalesce($cap_meeting::BIGINT, meeting))) AS capped_meeting,
        sum(least(likes, coalesce($cap_like::BIGINT, likes))) AS capped_like
    FROM member_month
    GROUP BY unit_key, member_id
)

SELECT
    unit_key,
    count(*) FILTER (WHERE actions > 0) AS active_members,
    sum(repost) AS repost,
    sum(comment) AS comment,
    sum(original) AS original,
    sum(opinion_report) AS opinion_report,
    sum(rebuttal) AS rebuttal,
    sum(training) AS training,
    sum(meeting) AS meeting,
    sum(likes) AS "like",
    sum(capped_repost) AS capped_repost,
    sum(capped_comment) AS capped_comment,
    sum(capped_original) AS capped_original,
    sum(capped_opinion_report) AS capped_opinion_report,
    sum(capped_rebuttal) AS capped_rebuttal,
    sum(capped_training) AS capped_training,
    sum(capped_meeting) AS capped_meeting,
    sum(capped_like) AS capped_like,
    count(*) FILTER (WHERE repost > 0) AS did_repost,
    count(*) FILTER (WHERE comment > 0) AS did_comment,
    count(*) FILTER (WHERE original > 0) AS did_original,
    count(*) FILTER (WHERE opinion_report > 0) AS did_opinion_report,
    count(*) FILTER (WHERE rebuttal > 0) AS did_rebuttal,
    count(*) FILTER (WHERE training > 0) AS did_training,
    count(*) FILTER (WHERE meeting > 0) AS did_meeting,
    count(*) FILTER (WHERE likes > 0) AS did_like
FROM per_member
GROUP BY unit_key
ORDER BY unit_key
