-- A unit is (county, unit name): 城南镇团委 of 福安市 and of 寿宁县 are two units. Activity is replaced by
-- what a file reports, (unit, month, activity type): a training sheet replaces training only.
-- After this script, outreach/migrations/006_unit_identity.py rebuilds every derived table (member ids
-- now include the county).

-- The key pages, filters, links and the viewer's scope name a unit by: '福安市/城南镇团委' ('/城南镇团委'
-- while its county is unknown).
CREATE MACRO unit_key(county, unit) AS coalesce(county, '') || '/' || unit;

-- Activity of a unit name that rosters place in several counties got the county of whichever one the
-- old units table kept: forget it, so the rebuild resolves each row through its member (phone breaking
-- ties) and leaves what stays ambiguous flagged rather than guessed.
CREATE TEMP TABLE _shared_names AS
SELECT unit FROM roster_rows GROUP BY unit HAVING count(DISTINCT coalesce(county, '')) > 1;
UPDATE activity SET county = NULL WHERE unit IN (SELECT unit FROM _shared_names);
UPDATE activity_superseded SET county = NULL WHERE unit IN (SELECT unit FROM _shared_names);

ALTER TABLE batch_coverage ADD COLUMN county VARCHAR;
ALTER TABLE batch_coverage ADD COLUMN type activity_type;

-- Rosters delivered each (county, unit) their rows name.
DELETE FROM batch_coverage WHERE kind = 'roster';
INSERT INTO batch_coverage (batch_id, kind, unit, month, county)
SELECT DISTINCT batch_id, 'roster', unit, period, county FROM roster_rows;

-- Logs replaced every type of a (unit, month) until now: they own all types of the counties their
-- rows were in (or the unit's one county, for a key they reported with zeros only).
CREATE TEMP TABLE _old_activity_coverage AS
SELECT c.batch_id, c.unit, c.month, r.county AS row_county, u.county AS unit_county
FROM batch_coverage AS c
LEFT JOIN (
    SELECT DISTINCT batch_id, unit, month, county FROM activity
    UNION
    SELECT DISTINCT batch_id, unit, month, county FROM activity_superseded
) AS r ON r.batch_id = c.batch_id AND r.unit = c.unit AND r.month = c.month
LEFT JOIN units AS u ON u.unit = c.unit AND u.unit NOT IN (SELECT unit FROM _shared_names)
WHERE c.kind = 'activity';
DELETE FROM batch_coverage WHERE kind = 'activity';
INSERT INTO batch_coverage (batch_id, kind, unit, month, county, type)
SELECT DISTINCT o.batch_id, 'activity', o.unit, o.month, coalesce(o.row_county, o.unit_county), t.type
FROM _old_activity_coverage AS o
CROSS JOIN (SELECT unnest(enum_range(NULL::activity_type)) AS type) AS t;
DROP TABLE _old_activity_coverage;
DROP TABLE _shared_names;

ALTER TABLE adjustments ADD COLUMN county VARCHAR;
UPDATE adjustments AS a SET county = u.county FROM units AS u WHERE u.unit = a.unit;

CREATE TABLE quotas_by_unit (
    county VARCHAR,
    unit VARCHAR NOT NULL,
    expected_members INTEGER,
    core_min INTEGER,
    core_max INTEGER,
    liaison_expected INTEGER,
    batch_id INTEGER
);
INSERT INTO quotas_by_unit
SELECT u.county, q.unit, q.expected_members, q.core_min, q.core_max, q.liaison_expected, q.batch_id
FROM quotas AS q LEFT JOIN units AS u ON u.unit = q.unit;
DROP TABLE quotas;
ALTER TABLE quotas_by_unit RENAME TO quotas;

DROP TABLE units;
CREATE TABLE units (county VARCHAR, unit VARCHAR NOT NULL, township VARCHAR);

-- The months the data speaks for, per (county, unit): see 002_live_months.sql.
CREATE OR REPLACE VIEW live_months AS
WITH live AS (
    SELECT
        c.county,
        c.unit,
        c.month,
        c.kind = 'activity' OR coalesce(b.period_source, '') <> 'import_date' AS dated
    FROM batch_coverage AS c
    INNER JOIN batches AS b ON c.batch_id = b.batch_id
    WHERE b.status = 'active'
)
SELECT DISTINCT county, unit, month
FROM live
WHERE dated OR NOT EXISTS (SELECT 1 FROM live WHERE dated);
