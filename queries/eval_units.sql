-- Every unit in the viewer's scope with its team at the period's last month (the evaluation's team
-- building figures): members, 骨干 and 联络员 on the roster in force that month, the quota (defaults
-- 1-3 骨干 and 1 联络员 as on the 队伍 page; expected members only when uploaded), and how many of those
-- roster members have both a phone number and a WeChat name. A unit with no roster has 0 members.
WITH snapshot AS (
    SELECT month
    FROM scoped_roster_snapshot($scope, $month_to)
),

roster AS (
    SELECT
        r.county,
        r.unit,
        sum(r.members) AS members,
        coalesce(sum(r.members) FILTER (WHERE r.role = 'core'), 0) AS core,
        coalesce(sum(r.members) FILTER (WHERE r.role = 'liaison'), 0) AS liaison
    FROM scoped_roster_month($scope, NULL, NULL, NULL, NULL, NULL, NULL) AS r
    INNER JOIN snapshot AS s ON r.month = s.month
    GROUP BY r.county, r.unit
),

-- The roster batch in force that month: the one roster_month counted (see ingest/refresh.py).
roster_batches AS (
    SELECT DISTINCT
        c.county,
        c.unit,
        c.batch_id,
        c.month AS period
    FROM scoped_batch_coverage($scope, NULL, NULL, NULL, NULL) AS c
    INNER JOIN batches AS b ON c.batch_id = b.batch_id
    WHERE b.status = 'active' AND c.kind = 'roster'
),

in_force AS (
    SELECT
        rb.county,
        rb.unit,
        coalesce(
            arg_max(rb.batch_id, (rb.period, rb.batch_id)) FILTER (WHERE rb.period <= s.month),
            arg_min(rb.batch_id, (rb.period, rb.batch_id))
        ) AS batch_id
    FROM roster_batches AS rb
    CROSS JOIN snapshot AS s
    GROUP BY rb.county, rb.unit
),

contacts AS (
    SELECT
        rr.county,
        rr.unit,
        count(*) FILTER (WHERE rr.phone IS NOT NULL AND rr.wechat IS NOT NULL) AS complete
    FROM scoped_roster_rows($scope, NULL, NULL, NULL, NULL) AS rr
    INNER JOIN in_force AS f
        ON rr.batch_id = f.batch_id AND rr.unit = f.unit AND rr.county IS NOT DISTINCT FROM f.county
    WHERE rr.status = 'active'
    GROUP BY rr.county, rr.unit
)

SELECT
    unit_key(u.county, u.unit) AS unit_key,
    u.unit,
    coalesce(u.county, '') AS county,
    coalesce(roster.members, 0) AS members,
    coalesce(roster.core, 0) AS core,
    coalesce(roster.liaison, 0) AS liaison,
    q.expected_members,
    coalesce(q.core_min, 1) AS core_min,
    coalesce(q.core_max, 3) AS core_max,
    coalesce(q.liaison_expected, 1) AS liaison_expected,
    least(coalesce(contacts.complete, 0), coalesce(roster.members, 0)) AS complete
FROM scoped_units($scope, NULL, NULL) AS u
LEFT JOIN roster ON u.unit = roster.unit AND u.county IS NOT DISTINCT FROM roster.county
LEFT JOIN scoped_quotas($scope, NULL, NULL) AS q ON u.unit = q.unit AND u.county IS NOT DISTINCT FROM q.county
LEFT JOIN contacts ON u.unit = contacts.unit AND u.county IS NOT DISTINCT FROM contacts.county
ORDER BY unit_key
