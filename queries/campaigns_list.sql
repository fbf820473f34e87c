-- Every campaign (专项活动) once, newest first, for the list on the 数据 page. The same name and dates
-- may come from the form and from files: shown once, with the source that brought it first (typed in
-- when batch_id is NULL, else that batch's file). Campaigns are organisation-wide, so every viewer
-- sees them, except a viewer whose scope holds no unit at all.
SELECT
    c.campaign_id,
    c.name,
    c.starts,
    c.ends,
    c.note,
    c.created_by,
    c.created_at,
    c.batch_id,
    b.file_name,
    count(*) OVER (PARTITION BY c.name, c.starts, c.ends) AS sources
FROM scoped_campaigns($scope) AS c
LEFT JOIN batches AS b ON c.batch_id = b.batch_id
QUALIFY row_number() OVER (PARTITION BY c.name, c.starts, c.ends ORDER BY c.campaign_id) = 1
ORDER BY c.starts DESC, c.name ASC
