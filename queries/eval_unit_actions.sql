-- Per unit over the period, from matched activity only (a cap needs to know whose actions they are):
-- actions of each type as reported, the same after the rubric's caps (at most $cap_<type> actions of a
-- type counted per member per month; NULL = no cap), members active in the period, and members who did
-- each type at least once (training and meeting attendance). Source: agg_member_month.
--
-- agg_member_month holds one row per member and month (a member belongs to one unit, and a unit's month is
-- summarised as a whole: outreach/ingest/refresh.py), so a cap applies to each row as it is and the sums
-- need no grouping by member. Only "who did it in the period" does, and it keeps one flag a type per
-- member, grouped by the member's id; a summary row's member is always in members (matching and undo keep
-- it so; tests/test_differential.py checks it after every step). At province scale (15 M rows, 730 k
-- members) grouping every sum by member spilled 1 GB to disk and took 9–20 s; this takes about 1 s.
WITH unit_sums AS (
    SELECT
        county,
        unit,
        sum(repost) AS repost,
        sum(comment) AS comment,
        sum(original) AS original,
        sum(opinion_report) AS opinion_report,
        sum(rebuttal) AS rebuttal,
        sum(training) AS training,
        sum(meeting) AS meeting,
        sum("like") AS "like",
        sum(least(repost, coalesce($cap_repost::BIGINT, repost))) AS capped_repost,
        sum(least(comment, coalesce($cap_comment::BIGINT, comment))) AS capped_comment,
        sum(least(original, coalesce($cap_original::BIGINT, original))) AS capped_original,
        sum(least(opinion_report, coalesce($cap_opinion_report::BIGINT, opinion_report)))
            AS capped_opinion_report,
        sum(least(rebuttal, coalesce($cap_rebuttal::BIGINT, rebuttal))) AS capped_rebuttal,
        sum(least(training, coalesce($cap_training::BIGINT, training))) AS capped_training,
        sum(least(meeting, coalesce($cap_meeting::BIGINT, meeting))) AS capped_meeting,
        sum(least("like", coalesce($cap_like::BIGINT, "like"))) AS capped_like
    FROM scoped_agg_member_month($scope, NULL, NULL, NULL, NULL, $month_from, $month_to)
    GROUP BY county, unit
),

member_flags AS (  -- by member id alone (an integer key): the member's unit comes from members below
    SELECT
        member_id,
        bool_or(actions > 0) AS did_any,
        bool_or(repost > 0) AS did_repost,
        bool_or(comment > 0) AS did_comment,
        bool_or(original > 0) AS did_original,
        bool_or(opinion_report > 0) AS did_opinion_report,
        bool_or(rebuttal > 0) AS did_rebuttal,
        bool_or(training > 0) AS did_training,
        bool_or(meeting > 0) AS did_meeting,
        bool_or("like" > 0) AS did_like
    FROM scoped_agg_member_month($scope, NULL, NULL, NULL, NULL, $month_from, $month_to)
    GROUP BY member_id
),

unit_flags AS (
    SELECT
        m.county,
        m.unit,
        count(*) FILTER (WHERE f.did_any) AS active_members,
        count(*) FILTER (WHERE f.did_repost) AS did_repost,
        count(*) FILTER (WHERE f.did_comment) AS did_comment,
        count(*) FILTER (WHERE f.did_original) AS did_original,
        count(*) FILTER (WHERE f.did_opinion_report) AS did_opinion_report,
        count(*) FILTER (WHERE f.did_rebuttal) AS did_rebuttal,
        count(*) FILTER (WHERE f.did_training) AS did_training,
        count(*) FILTER (WHERE f.did_meeting) AS did_meeting,
        count(*) FILTER (WHERE f.did_like) AS did_like
    FROM member_flags AS f
    INNER JOIN scoped_members($scope, NULL, NULL, NULL, NULL) AS m ON f.member_id = m.member_id
    GROUP BY m.county, m.unit
)

SELECT
    unit_key(s.county, s.unit) AS unit_key,
    f.active_members,
    s.repost,
    s.comment,
    s.original,
    s.opinion_report,
    s.rebuttal,
    s.training,
    s.meeting,
    s."like",
    s.capped_repost,
    s.capped_comment,
    s.capped_original,
    s.capped_opinion_report,
    s.capped_rebuttal,
    s.capped_training,
    s.capped_meeting,
    s.capped_like,
    f.did_repost,
    f.did_comment,
    f.did_original,
    f.did_opinion_report,
    f.did_rebuttal,
    f.did_training,
    f.did_meeting,
    f.did_like
FROM unit_sums AS s
INNER JOIN unit_flags AS f ON s.unit = f.unit AND s.county IS NOT DISTINCT FROM f.county
ORDER BY unit_key
