"""The one write path: a parsed file becomes a batch, in one transaction, or nothing happens.

Rules (SPEC.md, "Imports are batches"): preview first; all or nothing; the same file twice is a
no-op; a (unit, month) imported again replaces the earlier rows; a roster re-upload updates the
unit's members; any batch can be undone.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from outreach import store
from outreach.ingest import refresh, side
from outreach.ingest.issues import ImportRefused, Issue
from outreach.ingest.parse import ParsedFile, parse_file


@dataclass
class Preview:
    """What confirming would do. Computed read-only against the current database."""

    parsed: ParsedFile
    duplicate_of: dict | None = None  # the active batch that already holds these exact bytes
    unmatched: int = 0  # activity records matching no roster member
    ambiguous: int = 0
    unmatched_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    replaces: pd.DataFrame = field(default_factory=pd.DataFrame)  # unit, month, batch_id, file_name
    roster_changes: pd.DataFrame = field(default_factory=pd.DataFrame)  # unit, current, incoming, new, gone
    side_rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # a side kind's records, as its preview() says

    @property
    def rows_flagged(self) -> int:
        flagged_rows = {(i.sheet, i.row) for i in self.parsed.warnings}
        if not self.unmatched_rows.empty:
            flagged_rows |= set(zip(self.unmatched_rows["sheet"], self.unmatched_rows["row_no"], strict=True))
        return len(flagged_rows)


@dataclass
class BatchResult:
    batch_id: int
    already: bool
    preview: Preview


def _period_of(parsed: ParsedFile) -> dt.date:
    if parsed.period is not None:
        return parsed.period
    return dt.date.today().replace(day=1)


def _staged(parsed: ParsedFile) -> pd.DataFrame:
    df = parsed.records.copy()
    if parsed.kind == "activity":
        df["day"] = pd.to_datetime(df["day"]).dt.date if not df.empty else df["day"]
        df["count"] = df["count"].astype("int64")
    return df


def find_duplicate(con: duckdb.DuckDBPyConnection, sha256: str) -> dict | None:
    row = store.first_row(
        con, "SELECT batch_id, file_name, imported_at FROM batches WHERE sha256 = ? AND status = 'active' "
        "ORDER BY batch_id LIMIT 1", [sha256]
    )
    return None if row is None else {"batch_id": row[0], "file_name": row[1], "imported_at": row[2]}


def preview(con: duckdb.DuckDBPyConnection, parsed: ParsedFile) -> Preview:
    result = Preview(parsed, duplicate_of=find_duplicate(con, parsed.sha256))
    if parsed.records.empty and not parsed.coverage:
        return result
    if (side_kind := side.side_kind(parsed.kind)) is not None:
        result.side_rows = side_kind.preview(con, parsed)
        return result
    con.register("_staged", _staged(parsed))
    con.register("_delivered", _delivered(parsed))
    try:
        if parsed.kind == "activity":
            _preview_activity(con, result)
        else:
            _preview_roster(con, result)
    finally:
        con.unregister("_staged")
        con.unregister("_delivered")
    return result


def _preview_activity(con: duckdb.DuckDBPyConnection, result: Preview) -> None:
    resolve = refresh.RESOLVE_MEMBERS.format(source="_staged")
    flagged = con.execute(f"""
        SELECT s.sheet, s.row_no, s.unit, s.name, r.match::VARCHAR AS match, r.n_name
        FROM _staged AS s JOIN ({resolve}) AS r
          ON s.unit = r.unit AND s.name = r.name AND s.phone IS NOT DISTINCT FROM r.phone
        WHERE r.match <> 'matched'
    """).df().drop_duplicates(["sheet", "row_no"])
    result.unmatched_rows = flagged
    result.unmatched = int((flagged["match"] == "unmatched").sum())
    result.ambiguous = int((flagged["match"] == "ambiguous").sum())
    result.replaces = con.execute("""
        SELECT DISTINCT k.unit, k.month, a.batch_id, b.file_name
        FROM (SELECT unit, month::DATE AS month FROM _delivered) AS k
        JOIN activity AS a ON a.unit = k.unit AND a.month = k.month
        JOIN batches AS b ON b.batch_id = a.batch_id
        ORDER BY k.unit, k.month
    """).df()


def _preview_roster(con: duckdb.DuckDBPyConnection, result: Preview) -> None:
    result.roster_changes = con.execute("""
        WITH incoming AS (SELECT DISTINCT unit, name FROM _staged),
        current AS (
            SELECT DISTINCT unit, name FROM members
            WHERE status = 'active' AND unit IN (SELECT unit FROM incoming)
        )
        SELECT coalesce(i.unit, c.unit) AS unit,
               count(c.name) AS current,
               count(i.name) AS incoming,
               count(i.name) FILTER (WHERE c.name IS NULL) AS new,
               count(c.name) FILTER (WHERE i.name IS NULL) AS gone
        FROM incoming AS i FULL JOIN current AS c ON i.unit = c.unit AND i.name = c.name
        GROUP BY ALL ORDER BY unit
    """).df()


def check(parsed: ParsedFile, strict: bool = False) -> None:
    """Raise ImportRefused if committing would refuse this file (before anything is written)."""
    if strict and parsed.errors:
        raise ImportRefused(Issue("err.strict", "error", parsed.file_name, params={"n": parsed.rows_rejected}))
    if parsed.records.empty and not (parsed.kind == "activity" and parsed.coverage):
        raise ImportRefused(Issue("err.nothing_to_import", "error", parsed.file_name))


def _delivered(parsed: ParsedFile) -> pd.DataFrame:
    """The (unit, month) keys an activity file replaces: every one it reports on, zeros included."""
    return pd.DataFrame(sorted(parsed.coverage), columns=["unit", "month"])


def commit(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, user: str | None = None,
           strict: bool = False) -> BatchResult:
    """Write the parsed file as one batch. Raises ImportRefused, leaving every table as it was."""
    return commit_many(con, [parsed], user=user, strict=strict)[0]


def commit_many(con: duckdb.DuckDBPyConnection, files: list[ParsedFile], user: str | None = None,
                strict: bool = False) -> list[BatchResult]:
    """Write several parsed files, each as its own batch, in ONE transaction: if any is refused or
    any write fails, none of them is imported (the CLI's promise for a command line of files)."""
    for parsed in files:
        check(parsed, strict)
    con.execute("BEGIN TRANSACTION")
    try:
        results = [_write(con, parsed, user) for parsed in files]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return results


def _write(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, user: str | None) -> BatchResult:
    """One batch inside the caller's transaction; a file already imported (and not undone) is skipped."""
    duplicate = find_duplicate(con, parsed.sha256)
    if duplicate is not None:
        return BatchResult(duplicate["batch_id"], True, Preview(parsed, duplicate_of=duplicate))
    batch_id = store.scalar(con, "SELECT nextval('batch_id_seq')")
    _record_batch(con, parsed, batch_id, user)
    if (side_kind := side.side_kind(parsed.kind)) is not None:
        return _write_side(con, side_kind, parsed, batch_id, user)
    con.register("_staged", _staged(parsed))
    result = Preview(parsed)
    if parsed.kind == "activity":
        _load_activity(con, parsed, batch_id, result)
    else:
        _load_roster(con, parsed, batch_id)
    con.unregister("_staged")  # not in a finally: after a failure DuckDB may refuse it and hide the cause
    con.execute("UPDATE batches SET rows_flagged = ? WHERE batch_id = ?", [result.rows_flagged, batch_id])
    refresh.rebuild_roster_month(con)
    refresh.rebuild_units(con)
    store.bump_data_version(con)
    return BatchResult(batch_id, False, result)


def _write_side(con: duckdb.DuckDBPyConnection, side_kind: side.SideKind, parsed: ParsedFile, batch_id: int,
                user: str | None) -> BatchResult:
    """A side kind's batch (outreach.ingest.side): its rows go to its own table; members and summaries
    stay as they are."""
    side_kind.write(con, parsed, batch_id, user)
    result = Preview(parsed)
    con.execute("UPDATE batches SET rows_flagged = ? WHERE batch_id = ?", [result.rows_flagged, batch_id])
    store.bump_data_version(con)
    return BatchResult(batch_id, False, result)


def _load_activity(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, batch_id: int, result: Preview) -> None:
    con.register("_delivered", _delivered(parsed))
    con.execute("CREATE OR REPLACE TEMP TABLE _keys AS SELECT unit, month::DATE AS month FROM _delivered")
    con.unregister("_delivered")
    # Replace, don't double: the live rows of every (unit, month) this file delivers step aside.
    con.execute("""
        INSERT INTO activity_superseded
        SELECT a.* FROM activity AS a SEMI JOIN _keys AS k ON a.unit = k.unit AND a.month = k.month
    """)
    con.execute("DELETE FROM activity AS a USING _keys AS k WHERE a.unit = k.unit AND a.month = k.month")
    resolve = refresh.RESOLVE_MEMBERS.format(source="_staged")
    con.execute(f"""
        INSERT INTO activity
        SELECT ?, s.month::DATE, s.day::DATE, s.unit, coalesce(s.county, r.unit_county), s.name, s.phone,
               r.member_id, r.match,
               s.type::activity_type, s.platform::platform, s.count, s.title, s.link, s.note, s.sheet, s.row_no
        FROM _staged AS s JOIN ({resolve}) AS r
          ON s.unit = r.unit AND s.name = r.name AND s.phone IS NOT DISTINCT FROM r.phone
        ORDER BY s.month, s.unit
    """, [batch_id])
    flagged = con.execute("""
        SELECT sheet, row_no, unit, name, match::VARCHAR AS match FROM activity
        WHERE batch_id = ? AND match <> 'matched'
    """, [batch_id]).df().drop_duplicates(["sheet", "row_no"])
    result.unmatched_rows = flagged
    result.unmatched = int((flagged["match"] == "unmatched").sum())
    result.ambiguous = int((flagged["match"] == "ambiguous").sum())
    con.execute("INSERT INTO batch_coverage SELECT ?, 'activity', unit, month FROM _keys", [batch_id])
    refresh.refresh_aggregates(con)


def _load_roster(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, batch_id: int) -> None:
    period = _period_of(parsed)
    con.execute("""
        INSERT INTO roster_rows
        SELECT ?, ?, unit, county, township, name, role::member_role, position, wechat, phone, gender,
               birth_year::SMALLINT, branch, category, joined::DATE, status, sheet, row_no
        FROM _staged
    """, [batch_id, period])
    con.execute("INSERT INTO batch_coverage SELECT DISTINCT ?, 'roster', unit, ? FROM _staged",
                [batch_id, period])
    refresh.set_units(con, parsed.units)
    _after_roster_change(con)


def _after_roster_change(con: duckdb.DuckDBPyConnection) -> None:
    """Members of ``_units`` changed: rebuild them, re-match their activity, refresh its summaries."""
    refresh.rebuild_members(con)
    refresh.rematch_activity(con)
    refresh.set_keys_for_units(con)
    refresh.refresh_aggregates(con)


def _record_batch(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, batch_id: int, user: str | None) -> None:
    months = parsed.months or [_period_of(parsed)]
    period_source = parsed.period_source or ("column" if parsed.kind == "activity" else "import_date")
    con.execute("""
        INSERT INTO batches (batch_id, file_name, sha256, size_bytes, kind, period_from, period_to,
            period_source, units, imported_by, imported_at, rows_seen, rows_accepted, rows_rejected,
            rows_duplicate, rows_flagged)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp, ?, ?, ?, ?, ?)
    """, [batch_id, parsed.file_name, parsed.sha256, parsed.size, parsed.kind, min(months), max(months),
          period_source, parsed.units, user, parsed.rows_seen, parsed.rows_accepted, parsed.rows_rejected,
          parsed.rows_duplicate, 0])
    issues = [
        [batch_id, i.severity, i.sheet, i.row, i.col, i.header, i.code,
         json.dumps(i.params, ensure_ascii=False, default=str)]
        for i in parsed.issues
    ]
    if issues:
        con.executemany("INSERT INTO batch_issues VALUES (?, ?, ?, ?, ?, ?, ?, ?)", issues)


def undo(con: duckdb.DuckDBPyConnection, batch_id: int, user: str | None = None) -> None:
    """Revert a batch as if it had never been imported, whatever came after it."""
    con.execute("BEGIN TRANSACTION")
    try:
        row = store.first_row(con, "SELECT kind, status FROM batches WHERE batch_id = ?", [batch_id])
        active = row is not None and row[1] == "active"
        if active:
            _undo(con, batch_id, row[0], user)
            con.execute("COMMIT")
        else:
            con.execute("ROLLBACK")
    except BaseException:  # any failure, a ValueError included, leaves no transaction open
        con.execute("ROLLBACK")
        raise
    if not active:
        raise ValueError(f"batch {batch_id} is not active")


def _undo(con: duckdb.DuckDBPyConnection, batch_id: int, kind: str, user: str | None) -> None:
    con.execute("UPDATE batches SET status = 'reverted', reverted_at = current_timestamp, reverted_by = ? "
                "WHERE batch_id = ?", [user, batch_id])
    if (side_kind := side.side_kind(kind)) is not None:
        side_kind.undo(con, batch_id)
        store.bump_data_version(con)
        return
    if kind == "activity":
        _undo_activity(con, batch_id)
    else:
        units = [r[0] for r in con.execute(
            "SELECT DISTINCT unit FROM batch_coverage WHERE batch_id = ?", [batch_id]).fetchall()]
        refresh.set_units(con, units)
        _after_roster_change(con)
    refresh.rebuild_roster_month(con)
    refresh.rebuild_units(con)
    store.bump_data_version(con)


def _undo_activity(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _keys AS
        SELECT DISTINCT unit, month FROM batch_coverage WHERE batch_id = ?
    """, [batch_id])
    # Keys this batch owned (no newer active batch delivered them since; it may have owned a key with
    # no rows, when it reported zeros) go back to the newest remaining active batch that delivered them.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _restore AS
        SELECT k.unit, k.month, max(c.batch_id) AS batch_id
        FROM _keys AS k
        JOIN batch_coverage AS c ON c.unit = k.unit AND c.month = k.month AND c.kind = 'activity'
        JOIN batches AS b ON b.batch_id = c.batch_id AND b.status = 'active'
        GROUP BY k.unit, k.month
        HAVING max(c.batch_id) < ?
    """, [batch_id])
    con.execute("DELETE FROM activity WHERE batch_id = ?", [batch_id])
    con.execute("DELETE FROM activity_superseded WHERE batch_id = ?", [batch_id])
    con.execute("""
        INSERT INTO activity
        SELECT s.* FROM activity_superseded AS s
        SEMI JOIN _restore AS r ON s.unit = r.unit AND s.month = r.month AND s.batch_id = r.batch_id
    """)
    con.execute("""
        DELETE FROM activity_superseded AS s USING _restore AS r
        WHERE s.unit = r.unit AND s.month = r.month AND s.batch_id = r.batch_id
    """)
    # Members may have changed since those rows were set aside.
    units = [r[0] for r in con.execute("SELECT DISTINCT unit FROM _restore").fetchall()]
    if units:
        refresh.set_units(con, units)
        refresh.rematch_activity(con)
    refresh.refresh_aggregates(con)


def import_bytes(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, kind: str = "auto",
                 period: dt.date | None = None, strict: bool = False, user: str | None = None) -> BatchResult:
    """Parse and commit in one call (CLI, demo, tests). The UI previews between the two."""
    parsed = parse_file(data, file_name, kind=kind, period=period)
    return commit(con, parsed, user=user, strict=strict)


def batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * FROM batches ORDER BY batch_id DESC").df()


def batch_issues(con: duckdb.DuckDBPyConnection, batch_id: int) -> list[Issue]:
    rows = con.execute(
        "SELECT b.file_name, i.severity, i.sheet, i.row_no, i.col_index, i.header, i.code, i.params "
        "FROM batch_issues AS i JOIN batches AS b USING (batch_id) WHERE batch_id = ?", [batch_id]
    ).fetchall()
    return [Issue(code, sev, file, sheet, row_no, col, header, json.loads(params) if params else {})
            for file, sev, sheet, row_no, col, header, code, params in rows]
