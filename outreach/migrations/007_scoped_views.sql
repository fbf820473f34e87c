-- The viewer's scope and the sidebar filters, applied in one place. Every named query (queries/*.sql)
-- reads a table that holds rows of units only through the scoped_* table macros below, never the table
-- itself (tests/test_query_scope.py checks it), so no query can forget the scope.
--
-- Arguments, bound by outreach/queries.py:
--   scope       the unit keys ('福安市/城南镇团委', see unit_key in 006) the viewer may see; NULL = all
--   counties    county names; NULL = all
--   units       unit keys; NULL = all
--   categories  member categories; NULL = all
--   roles       member roles ('member', 'core', 'liaison'); NULL = all
--   month_from  first month (a DATE, the 1st); NULL = open
--   month_to    last month (a DATE, the 1st); NULL = open
-- A macro takes the filters its table has a column for. Every argument is required: a query that
-- deliberately ignores a filter passes NULL, visibly. The scope is always the first argument.
--
-- Macros are inlined where they are called, and the runner binds the parameters as constants: an
-- argument that is NULL folds away ("NULL IS NULL OR …" is true) and the rest is pushed into the scan
-- like a predicate written in the query itself.

-- A (county, unit) row is in the viewer's scope.
CREATE MACRO scope_has(scope, county, unit) AS
scope IS NULL OR list_contains(scope::VARCHAR[], unit_key(county, unit));

-- A value passes a list filter (NULL = no filter).
CREATE MACRO filter_has(choice, value) AS
choice IS NULL OR list_contains(choice::VARCHAR[], value::VARCHAR);

-- A month lies between two months, either bound open when NULL.
CREATE MACRO month_within(month, month_from, month_to) AS
(month_from IS NULL OR month >= month_from) AND (month_to IS NULL OR month <= month_to);

-- Summaries (see 001_init.sql).
CREATE MACRO scoped_agg_activity(scope, counties, units, categories, roles, month_from, month_to) AS TABLE
SELECT *
FROM agg_activity
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND filter_has(categories, category)
    AND filter_has(roles, role)
    AND month_within(month, month_from, month_to);

CREATE MACRO scoped_agg_member_month(scope, counties, units, categories, roles, month_from, month_to) AS TABLE
SELECT *
FROM agg_member_month
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND filter_has(categories, category)
    AND filter_has(roles, role)
    AND month_within(month, month_from, month_to);

CREATE MACRO scoped_agg_activity_day(scope, counties, units, month_from, month_to) AS TABLE
SELECT *
FROM agg_activity_day
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND month_within(month, month_from, month_to);

CREATE MACRO scoped_agg_events(scope, counties, units, month_from, month_to) AS TABLE
SELECT *
FROM agg_events
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND month_within(month, month_from, month_to);

CREATE MACRO scoped_roster_month(scope, counties, units, categories, roles, month_from, month_to) AS TABLE
SELECT *
FROM roster_month
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND filter_has(categories, category)
    AND filter_has(roles, role)
    AND month_within(month, month_from, month_to);

-- The month whose roster the period-end figures use (队伍人数 and the team pages): the period's last
-- month, or the latest month on record when the data ends earlier; NULL while no roster is on record.
-- One month, no unit's row. It is a fact of the whole data set, not of the viewer's units: a unit's
-- figures are then the same in its own view as in the city's (roster_month holds every month of the
-- data for every unit with a roster, so only a unit whose newest roster lists nobody would otherwise
-- fall back to an older roster). A viewer whose scope holds no unit gets no month.
CREATE MACRO scoped_roster_snapshot(scope, month_to) AS TABLE
SELECT least(month_to, max(month)) AS month
FROM roster_month
WHERE scope IS NULL OR len(scope::VARCHAR[]) > 0;

-- Live tables.
CREATE MACRO scoped_members(scope, counties, units, categories, roles) AS TABLE
SELECT *
FROM members
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND filter_has(categories, category)
    AND filter_has(roles, role);

CREATE MACRO scoped_units(scope, counties, units) AS TABLE
SELECT *
FROM units
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit));

CREATE MACRO scoped_quotas(scope, counties, units) AS TABLE
SELECT *
FROM quotas
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit));

-- Raw rows, for the data-quality lists.
CREATE MACRO scoped_activity(scope, counties, units, month_from, month_to) AS TABLE
SELECT *
FROM activity
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND month_within(month, month_from, month_to);

CREATE MACRO scoped_roster_rows(scope, counties, units, categories, roles) AS TABLE
SELECT *
FROM roster_rows
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND filter_has(categories, category)
    AND filter_has(roles, role);

-- Which (county, unit, month) each batch delivered, and the months the data speaks for (002, 006).
CREATE MACRO scoped_batch_coverage(scope, counties, units, month_from, month_to) AS TABLE
SELECT *
FROM batch_coverage
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND month_within(month, month_from, month_to);

CREATE MACRO scoped_live_months(scope, counties, units, month_from, month_to) AS TABLE
SELECT *
FROM live_months
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND month_within(month, month_from, month_to);

-- Manual adjustments (004): an adjustment counts in a period that contains its whole own period, so
-- month_from and month_to bound period_from and period_to.
CREATE MACRO scoped_adjustments(scope, counties, units, month_from, month_to) AS TABLE
SELECT *
FROM adjustments
WHERE
    scope_has(scope, county, unit)
    AND filter_has(counties, county)
    AND filter_has(units, unit_key(county, unit))
    AND (month_from IS NULL OR period_from >= month_from)
    AND (month_to IS NULL OR period_to <= month_to);

-- Tables with no unit rows.
-- Batches that touch the viewer's units (batches.units holds unit keys). A query that reaches a batch
-- through a scoped row (its file name) may join batches itself: the row already passed the scope.
CREATE MACRO scoped_batches(scope) AS TABLE
SELECT *
FROM batches
WHERE scope IS NULL OR len(list_intersect(units, scope::VARCHAR[])) > 0;

-- Campaigns are organisation-wide: every viewer sees them, except one whose scope holds no unit.
CREATE MACRO scoped_campaigns(scope) AS TABLE
SELECT *
FROM campaigns
WHERE scope IS NULL OR len(scope::VARCHAR[]) > 0;
