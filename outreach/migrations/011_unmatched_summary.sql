-- Unmatched activity, summarised (issue 15): the Data page's list of activity rows that match no roster
-- member or several (queries/dq_unmatched_activity.sql) reads this instead of every raw activity row.
-- One row per (county, unit, month, name, match) of the live rows that matched no member or several: the
-- list's rows, ready to show. Kept like the other agg_* tables: outreach/ingest/refresh.py deletes and
-- re-inserts it per touched (county, unit, month) key inside each import and undo (a row lies within one
-- key, so it is always regrouped whole). batch_id: the newest batch among its rows, whose file the list
-- names. Rows with count 0 (a wide summary's adoption row, 010_adoption.sql) count here as the raw list
-- counted them: a record, no action.
CREATE TABLE agg_unmatched (
    month DATE NOT NULL,
    county VARCHAR,
    unit VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    match match_status NOT NULL,
    batch_id INTEGER NOT NULL,
    records BIGINT NOT NULL,      -- activity rows
    actions BIGINT NOT NULL       -- sum(count)
);

INSERT INTO agg_unmatched
SELECT month, county, unit, name, match, max(batch_id), count(*), sum(count)
FROM activity
WHERE match <> 'matched'
GROUP BY month, county, unit, name, match;

-- Same arguments as scoped_activity (007_scoped_views.sql).
CREATE MACRO scoped_agg_unmatched(scope, counties, units, month_from, month_to) AS TABLE
SELECT *
FROM agg_unmatched
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND month_within(month, month_from, month_to);
