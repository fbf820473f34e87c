-- Campaigns (专项活动) overlapping the filter period: they start before the period's last month ends
-- and end on or after its first day. One row per campaign however many sources brought it (the
-- first source's note). Organisation-wide: every viewer sees them, except one whose scope holds no unit.
SELECT
    name,
    starts,
    ends,
    note
FROM scoped_campaigns($scope)
WHERE
    starts <= last_day($month_to)
    AND ends >= $month_from
QUALIFY row_number() OVER (PARTITION BY name, starts, ends ORDER BY campaign_id) = 1
ORDER BY starts, name
