-- Actions per member for each unit in the period, ranked. The denominator is the one the headline
-- 队伍人数 uses: the roster as it stood in the period's last month (or the latest month on record).
-- Units on that roster that reported nothing rank last with 0; units with actions but nobody on that
-- roster have no per-capita figure and no rank. Ties are broken by unit name.
WITH snapshot AS (
    SELECT month
    FROM scoped_roster_snapshot($scope, $month_to)
),

roster AS (
    SELECT
        unit_key(r.county, r.unit) AS unit_key,
        any_value(r.unit) AS unit,
        any_value(r.county) AS county,
        sum(r.members)::BIGINT AS members
    FROM scoped_roster_month($scope, $counties, $units, $categories, $roles, NULL, NULL) AS r
    INNER JOIN snapshot AS s ON r.month = s.month
    GROUP BY unit_key
),

acts AS (  -- grouped by (county, unit), keyed afterwards: no key string for each of 18 M rows
    SELECT
        unit_key(county, unit) AS unit_key,
        unit,
        county,
        actions
    FROM (
        SELECT
            county,
            unit,
            sum(actions)::BIGINT AS actions
        FROM scoped_agg_activity($scope, $counties, $units, $categories, $roles, $month_from, $month_to)
        GROUP BY county, unit
    ) AS per_unit_sums
),

per_unit AS (
    SELECT
        coalesce(roster.unit_key, acts.unit_key) AS unit_key,
        coalesce(roster.unit, acts.unit) AS unit,
        coalesce(roster.county, acts.county, '') AS county,
        coalesce(roster.members, 0) AS members,
        coalesce(acts.actions, 0) AS actions
    FROM roster
    FULL OUTER JOIN acts ON roster.unit_key = acts.unit_key
)

SELECT
    unit_key,
    unit,
    county,
    members,
    actions,
    CASE WHEN members > 0 THEN actions / members END AS per_capita,
    CASE
        WHEN members > 0
            THEN row_number() OVER (
                PARTITION BY members > 0 ORDER BY actions / members DESC, unit ASC, unit_key ASC
            )
    END AS rank
FROM per_unit
ORDER BY rank ASC NULLS LAST, unit ASC, unit_key ASC
