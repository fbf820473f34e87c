"""Derived tables: live members, activity→member matching, summary tables, monthly roster snapshots.

Every function runs inside the caller's transaction and touches only the units or (unit, month) keys
it is given, held in the temp tables ``_units(unit)`` and ``_keys(unit, month)``.
"""

from __future__ import annotations

import duckdb

# The newest active roster batch of a unit decides who is on it; earlier batches keep the people who
# left (status 'left') so their activity stays matched. Identity: unit + name + n-th of that name.
_REBUILD_MEMBERS = """
DELETE FROM members WHERE unit IN (SELECT unit FROM _units);
INSERT INTO members
WITH r AS (
    SELECT rr.*,
           row_number() OVER (PARTITION BY rr.batch_id, rr.unit, rr.name
                              ORDER BY rr.phone NULLS LAST, rr.row_no) AS ordinal
    FROM roster_rows AS rr
    JOIN batches AS b ON b.batch_id = rr.batch_id
    WHERE b.status = 'active' AND rr.unit IN (SELECT unit FROM _units)
),
latest AS (
    SELECT unit, arg_max(batch_id, (period, batch_id)) AS current_batch FROM r GROUP BY unit
),
ident AS (
    SELECT r.*, (md5_number_lower(r.unit || chr(31) || r.name || chr(31) || r.ordinal::VARCHAR) >> 1)::BIGINT
               AS member_id,
           (r.period, r.batch_id) AS recency
    FROM r
)
SELECT i.member_id, i.unit,
       arg_max(i.county, i.recency), arg_max(i.township, i.recency), i.name,
       arg_max(i.role, i.recency), arg_max(i.position, i.recency), arg_max(i.wechat, i.recency),
       arg_max(i.phone, i.recency), arg_max(i.gender, i.recency), arg_max(i.birth_year, i.recency),
       arg_max(i.branch, i.recency), arg_max(i.category, i.recency), arg_max(i.joined, i.recency),
       CASE WHEN bool_or(i.batch_id = l.current_batch AND i.status = 'active') THEN 'active' ELSE 'left' END,
       min(i.period), max(i.period)
FROM ident AS i JOIN latest AS l ON l.unit = i.unit
GROUP BY i.member_id, i.unit, i.name
"""

# (unit, name, phone) → member: one namesake matches; several are told apart by phone; else flagged.
RESOLVE_MEMBERS = """
WITH k AS (SELECT DISTINCT unit, name, phone FROM {source}),
c AS (
    SELECT k.unit, k.name, k.phone,
           count(m.member_id) AS n_name,
           count(m.member_id) FILTER (WHERE m.phone = k.phone) AS n_phone,
           min(m.member_id) AS only_id,
           min(m.member_id) FILTER (WHERE m.phone = k.phone) AS phone_id
    FROM k LEFT JOIN members AS m ON m.unit = k.unit AND m.name = k.name
    GROUP BY k.unit, k.name, k.phone
)
SELECT c.unit, c.name, c.phone, c.n_name, u.county AS unit_county,
       CASE WHEN n_name = 1 THEN only_id WHEN n_phone = 1 THEN phone_id END AS member_id,
       CASE WHEN n_name = 1 OR n_phone = 1 THEN 'matched'
            WHEN n_name = 0 THEN 'unmatched' ELSE 'ambiguous' END::match_status AS match
FROM c LEFT JOIN units AS u ON u.unit = c.unit
"""

_REMATCH_ACTIVITY = """
UPDATE {table} AS a SET member_id = r.member_id, match = r.match, county = coalesce(a.county, r.unit_county)
FROM ({resolve}) AS r
WHERE a.unit = r.unit AND a.name = r.name AND a.phone IS NOT DISTINCT FROM r.phone
  AND a.unit IN (SELECT unit FROM _units)
"""

_REFRESH_AGGREGATES = """
DELETE FROM agg_activity AS g USING _keys AS k WHERE g.unit = k.unit AND g.month = k.month;
DELETE FROM agg_activity_day AS g USING _keys AS k WHERE g.unit = k.unit AND g.month = k.month;
DELETE FROM agg_member_month AS g USING _keys AS k WHERE g.unit = k.unit AND g.month = k.month;
DELETE FROM agg_events AS g USING _keys AS k WHERE g.unit = k.unit AND g.month = k.month;

CREATE OR REPLACE TEMP TABLE _touched AS
SELECT a.*, m.category, m.role
FROM activity AS a
SEMI JOIN _keys AS k ON a.unit = k.unit AND a.month = k.month
LEFT JOIN members AS m ON m.member_id = a.member_id;

INSERT INTO agg_activity
SELECT month, county, unit, category, role, match = 'matched', type, platform, sum(count), count(*)
FROM _touched GROUP BY ALL;

INSERT INTO agg_activity_day
SELECT day, month, county, unit, type, sum(count)
FROM _touched WHERE day IS NOT NULL GROUP BY ALL;

INSERT INTO agg_member_month
SELECT month, county, unit, member_id, category, role, sum(count),
       coalesce(sum(count) FILTER (WHERE type = 'repost'), 0),
       coalesce(sum(count) FILTER (WHERE type = 'comment'), 0),
       coalesce(sum(count) FILTER (WHERE type = 'original'), 0),
       coalesce(sum(count) FILTER (WHERE type = 'opinion_report'), 0),
       coalesce(sum(count) FILTER (WHERE type = 'rebuttal'), 0),
       coalesce(sum(count) FILTER (WHERE type = 'training'), 0),
       coalesce(sum(count) FILTER (WHERE type = 'meeting'), 0),
       coalesce(sum(count) FILTER (WHERE type = 'like'), 0)
FROM _touched WHERE member_id IS NOT NULL GROUP BY month, county, unit, member_id, category, role;

INSERT INTO agg_events
SELECT month, day, county, unit, type, title,
       count(DISTINCT coalesce(member_id::VARCHAR, name)), sum(count)
FROM _touched WHERE type IN ('training', 'meeting') GROUP BY ALL;

DROP TABLE _touched;
"""

# For each month of the data, each unit's roster is its newest active roster batch dated that month or
# earlier (or its earliest one, for months before any roster arrived).
_REBUILD_ROSTER_MONTH = """
DELETE FROM roster_month;
INSERT INTO roster_month
WITH bounds AS (
    SELECT min(month) AS lo, max(month) AS hi FROM live_months  -- see migrations/002_live_months.sql
),
months AS (
    SELECT unnest(generate_series(lo, hi, INTERVAL 1 MONTH))::DATE AS month FROM bounds WHERE lo IS NOT NULL
),
rb AS (
    SELECT DISTINCT c.unit, c.batch_id, c.month AS period
    FROM batch_coverage AS c JOIN batches AS b ON b.batch_id = c.batch_id
    WHERE b.status = 'active' AND c.kind = 'roster'
),
pick AS (
    SELECT m.month, rb.unit,
           coalesce(arg_max(rb.batch_id, (rb.period, rb.batch_id)) FILTER (WHERE rb.period <= m.month),
                    arg_min(rb.batch_id, (rb.period, rb.batch_id))) AS batch_id
    FROM months AS m CROSS JOIN rb
    GROUP BY m.month, rb.unit
),
batch_counts AS (
    SELECT batch_id, unit, county, category, role, count(*) AS members
    FROM roster_rows WHERE status = 'active' AND batch_id IN (SELECT batch_id FROM rb)
    GROUP BY ALL
)
SELECT p.month, bc.county, p.unit, bc.category, bc.role, bc.members
FROM pick AS p JOIN batch_counts AS bc ON bc.batch_id = p.batch_id AND bc.unit = p.unit
"""

_REBUILD_UNITS = """
DELETE FROM units;
INSERT INTO units
SELECT unit, arg_max(county, weight), arg_max(township, weight)
FROM (
    SELECT unit, county, township, 2 AS weight FROM members WHERE status = 'active'
    UNION ALL
    SELECT unit, county, NULL, 1 FROM agg_activity
)
GROUP BY unit
"""


def set_units(con: duckdb.DuckDBPyConnection, units: list[str]) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _units (unit VARCHAR)")
    if units:
        con.executemany("INSERT INTO _units VALUES (?)", [[u] for u in units])


def set_keys_for_units(con: duckdb.DuckDBPyConnection) -> None:
    """Every (unit, month) with live activity in the units of ``_units``."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _keys AS
        SELECT DISTINCT unit, month FROM activity WHERE unit IN (SELECT unit FROM _units)
    """)


def rebuild_members(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_REBUILD_MEMBERS)


def rematch_activity(con: duckdb.DuckDBPyConnection, table: str = "activity") -> None:
    """Re-resolve members (and fill a missing county) for the activity rows of ``_units`` after their
    roster changed."""
    rebuild_units(con)
    resolve = RESOLVE_MEMBERS.format(source=f"(SELECT * FROM {table} WHERE unit IN (SELECT unit FROM _units))")
    con.execute(_REMATCH_ACTIVITY.format(table=table, resolve=resolve))


def refresh_aggregates(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_REFRESH_AGGREGATES)


def rebuild_roster_month(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_REBUILD_ROSTER_MONTH)


def rebuild_units(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_REBUILD_UNITS)
