"""The one write path: a parsed file becomes a batch, in one transaction, or nothing happens.

Rules (SPEC.md, "Imports are batches"): preview first; all or nothing; the same file twice is a
no-op; a (unit, month) imported again replaces the earlier rows; a roster re-upload updates the
unit's members; any batch can be undone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from outreach import store
from outreach.ingest import refresh, side
from outreach.ingest.issues import ImportRefused, Issue
from outreach.ingest.parse import parse_file
from outreach.ingest.parsed_file import ParsedFile


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
        for column in ("adopt_level", "adopt_outlet", "adopted"):  # optional (010_adoption.sql)
            if column not in df:
                df[column] = None
        df["adopt_level"] = df["adopt_level"].astype("string")
        df["adopt_outlet"] = df["adopt_outlet"].astype("string")
        df["adopted"] = pd.to_numeric(df["adopted"], errors="coerce").astype("Int64")
    return df


def find_duplicate(con: duckdb.DuckDBPyConnection, sha256: str) -> dict | None:
    row = store.first_row(
        con, "SELECT batch_id, file_name, imported_at FROM batches WHERE sha256 = ? AND status = 'active' "
        "ORDER BY batch_id LIMIT 1", [sha256]
    )
    return None if row is None else {"batch_id": row[0], "file_name": row[1], "imported_at": row[2]}


def preview(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, after: Sequence[ParsedFile] = ()) -> Preview:
    """What confirming ``parsed`` would do. ``after``: files confirmed before it (the rosters uploaded
    together with a log, which the page confirms first): the preview is computed as if they had been
    imported, in a transaction that is rolled back, so its unmatched rows are those that will be."""
    if not after:
        return _preview(con, parsed)

    def as_if_imported(con: duckdb.DuckDBPyConnection) -> Preview:
        for other in after:
            _write(con, other, None)
        return _preview(con, parsed)

    # A write, rolled back: it takes its turn like one (a concurrent import would conflict with it).
    return store.run_write(con, as_if_imported, keep=False)


def _preview(con: duckdb.DuckDBPyConnection, parsed: ParsedFile) -> Preview:
    result = Preview(parsed, duplicate_of=find_duplicate(con, parsed.sha256))
    side.resolve(con, parsed)  # a side kind's rows settled against the database (e.g. which county's unit)
    if parsed.records.empty and not parsed.coverage and not parsed.reports:
        return result
    if (side_kind := side.side_kind(parsed.kind)) is not None:
        result.side_rows = side_kind.preview(con, parsed)
        return result
    con.register("_staged", _staged(parsed))
    try:
        if parsed.kind == "activity":
            _stage_activity(con, parsed)
            _preview_activity(con, result)
        else:
            _preview_roster(con, result)
    finally:
        con.unregister("_staged")
        con.execute("DROP TABLE IF EXISTS _rows")
        con.execute("DROP TABLE IF EXISTS _batch_keys")
    return result


def _stage_activity(con: duckdb.DuckDBPyConnection, parsed: ParsedFile) -> None:
    """``_rows``: the staged rows with their member, match and county resolved; ``_batch_keys``: the
    (county, unit, month, type) keys the file reports on, once its rows have told which county a unit
    name meant — the keys its import replaces, and nothing else."""
    resolve = refresh.RESOLVE_MEMBERS.format(source="_staged")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _rows AS
        SELECT s.month::DATE AS month, s.day::DATE AS day, s.unit, r.county, s.name, s.phone,
               r.member_id, r.match, s.type::activity_type AS type, s.platform::platform AS platform,
               s.count, s.title, s.link, s.note, s.sheet, s.row_no, r.n_name,
               s.adopt_level::VARCHAR AS adopt_level, s.adopt_outlet::VARCHAR AS adopt_outlet,
               s.adopted::INTEGER AS adopted
        FROM _staged AS s JOIN ({resolve}) AS r
          ON s.unit = r.unit AND s.name = r.name AND s.phone IS NOT DISTINCT FROM r.phone
         AND s.county IS NOT DISTINCT FROM r.given_county
    """)
    reports = pd.DataFrame(sorted(k for k in parsed.reports if k[0] is not None),
                           columns=["county", "unit", "month", "type"])
    reporters = pd.DataFrame([(u, m, n, p, list(types)) for u, m, n, p, types in parsed.reporters],
                             columns=["unit", "month", "name", "phone", "types"])
    con.register("_reports", reports)
    con.register("_reporters", reporters)
    resolve = refresh.RESOLVE_MEMBERS.format(
        source="(SELECT DISTINCT NULL::VARCHAR AS county, unit, name, phone FROM _reporters)")
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _batch_keys AS
            SELECT county, unit, month::DATE AS month, type::activity_type AS type FROM _reports
            UNION
            SELECT r.county, w.unit, w.month::DATE, unnest(w.types::VARCHAR[])::activity_type
            FROM _reporters AS w JOIN ({resolve}) AS r
              ON w.unit = r.unit AND w.name = r.name AND w.phone IS NOT DISTINCT FROM r.phone
            UNION
            SELECT DISTINCT county, unit, month, type FROM _rows
        """)
    finally:
        con.unregister("_reporters")
        con.unregister("_reports")


def _preview_activity(con: duckdb.DuckDBPyConnection, result: Preview) -> None:
    flagged = con.execute("""
        SELECT sheet, row_no, unit, name, match::VARCHAR AS match, n_name FROM _rows WHERE match <> 'matched'
    """).df().drop_duplicates(["sheet", "row_no"])
    result.unmatched_rows = flagged
    result.unmatched = int((flagged["match"] == "unmatched").sum())
    result.ambiguous = int((flagged["match"] == "ambiguous").sum())
    result.replaces = con.execute("""
        SELECT a.county, a.unit, a.month, a.type::VARCHAR AS type, a.batch_id, b.file_name,
               count(*) AS records, sum(a.count)::BIGINT AS actions
        FROM _batch_keys AS k
        JOIN activity AS a ON a.county IS NOT DISTINCT FROM k.county AND a.unit = k.unit
         AND a.month = k.month AND a.type = k.type
        JOIN batches AS b ON b.batch_id = a.batch_id
        GROUP BY ALL
        ORDER BY a.county NULLS FIRST, a.unit, a.month, type, a.batch_id
    """).df()


def _preview_roster(con: duckdb.DuckDBPyConnection, result: Preview) -> None:
    result.roster_changes = con.execute("""
        WITH incoming AS (SELECT DISTINCT county, unit, name FROM _staged),
        current AS (
            SELECT DISTINCT m.county, m.unit, m.name FROM members AS m
            WHERE m.status = 'active' AND EXISTS (
                SELECT 1 FROM incoming AS i WHERE i.unit = m.unit AND i.county IS NOT DISTINCT FROM m.county)
        )
        SELECT coalesce(i.county, c.county) AS county, coalesce(i.unit, c.unit) AS unit,
               count(c.name) AS current,
               count(i.name) AS incoming,
               count(i.name) FILTER (WHERE c.name IS NULL) AS new,
               count(c.name) FILTER (WHERE i.name IS NULL) AS gone
        FROM incoming AS i FULL JOIN current AS c
          ON i.unit = c.unit AND i.county IS NOT DISTINCT FROM c.county AND i.name = c.name
        GROUP BY ALL ORDER BY county NULLS FIRST, unit
    """).df()


def check(parsed: ParsedFile, strict: bool = False) -> None:
    """Raise ImportRefused if committing would refuse this file (before anything is written)."""
    if strict and parsed.errors:
        raise ImportRefused(Issue("err.strict", "error", parsed.file_name, params={"n": parsed.rows_rejected}))
    if parsed.records.empty and not (parsed.kind == "activity" and parsed.reports):
        raise ImportRefused(Issue("err.nothing_to_import", "error", parsed.file_name))


def commit(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, user: str | None = None,
           strict: bool = False, on_wait: Callable[[], object] | None = None) -> BatchResult:
    """Write the parsed file as one batch. Raises ImportRefused, leaving every table as it was."""
    return commit_many(con, [parsed], user=user, strict=strict, on_wait=on_wait)[0]


def commit_many(con: duckdb.DuckDBPyConnection, files: list[ParsedFile], user: str | None = None,
                strict: bool = False, on_wait: Callable[[], object] | None = None) -> list[BatchResult]:
    """Write several parsed files, each as its own batch, in ONE transaction: if any is refused or
    any write fails, none of them is imported (the CLI's promise for a command line of files).

    Writes take their turn (store.run_write): a second import waits for the first (``on_wait()`` is
    called when it has to), and a transaction conflict is retried; store.WriteFailed if it still fails."""
    for parsed in files:
        side.resolve(con, parsed)
        check(parsed, strict)
    return store.run_write(con, lambda con: [_write(con, parsed, user) for parsed in files], on_wait=on_wait)


def _write(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, user: str | None) -> BatchResult:
    """One batch inside the caller's transaction; a file already imported (and not undone) is skipped."""
    duplicate = find_duplicate(con, parsed.sha256)
    if duplicate is not None:
        return BatchResult(duplicate["batch_id"], True, Preview(parsed, duplicate_of=duplicate))
    batch_id = store.scalar(con, "SELECT nextval('batch_id_seq')")
    side.resolve(con, parsed)  # again: a roster committed before it in this transaction may name its units
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
    con.execute("""
        UPDATE batches SET rows_flagged = ?, units = (
            SELECT coalesce(list(DISTINCT unit_key(county, unit) ORDER BY unit_key(county, unit)), [])
            FROM batch_coverage WHERE batch_id = ?)
        WHERE batch_id = ?
    """, [result.rows_flagged, batch_id, batch_id])
    if parsed.kind == "activity":  # no roster batch came: only the months the data spans may have moved
        refresh.extend_roster_month(con)
    else:
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
    _stage_activity(con, parsed)
    con.execute("""
        INSERT INTO activity
        SELECT ?, month, day, unit, county, name, phone, member_id, match, type, platform, count, title, link,
               note, sheet, row_no, adopt_level, adopt_outlet, adopted
        FROM _rows ORDER BY month, county, unit
    """, [batch_id])
    con.execute("INSERT INTO batch_coverage (batch_id, kind, county, unit, month, type) "
                "SELECT ?, 'activity', county, unit, month, type FROM _batch_keys",
                [batch_id])
    flagged = con.execute("""
        SELECT sheet, row_no, unit, name, match::VARCHAR AS match FROM _rows WHERE match <> 'matched'
    """).df().drop_duplicates(["sheet", "row_no"])
    result.unmatched_rows = flagged
    result.unmatched = int((flagged["match"] == "unmatched").sum())
    result.ambiguous = int((flagged["match"] == "ambiguous").sum())
    # Replace, don't double: this batch now owns its keys; their earlier rows step aside.
    refresh.new_keys(con)
    con.execute("INSERT INTO _keys SELECT * FROM _batch_keys")
    con.execute("DROP TABLE _rows")
    con.execute("DROP TABLE _batch_keys")
    refresh.reconcile(con)
    refresh.refresh_aggregates(con)


def _load_roster(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, batch_id: int) -> None:
    period = _period_of(parsed)
    con.execute("""
        INSERT INTO roster_rows
        SELECT ?, ?, unit, county, township, name, role::member_role, position, wechat, phone, gender,
               birth_year::SMALLINT, branch, category, joined::DATE, status, sheet, row_no
        FROM _staged
    """, [batch_id, period])
    con.execute("INSERT INTO batch_coverage (batch_id, kind, county, unit, month) "
                "SELECT DISTINCT ?, 'roster', county, unit, ? FROM _staged",
                [batch_id, period])
    refresh.set_unit_names(con, parsed.units)
    _after_roster_change(con)


def _after_roster_change(con: duckdb.DuckDBPyConnection) -> None:
    """Members of the units named in ``_unit_names`` changed: rebuild them, re-match the activity that
    could match differently, and refresh the summaries of what moved."""
    refresh.new_keys(con)
    refresh.rebuild_members_and_rematch(con)
    refresh.reconcile(con)
    refresh.refresh_aggregates(con)


def _record_batch(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, batch_id: int, user: str | None) -> None:
    months = parsed.months or [_period_of(parsed)]
    period_source = parsed.period_source or ("column" if parsed.kind == "activity" else "import_date")
    con.execute("""
        INSERT INTO batches (batch_id, file_name, sha256, size_bytes, kind, period_from, period_to,
            period_source, units, imported_by, imported_at, rows_seen, rows_accepted, rows_rejected,
            rows_duplicate, rows_flagged)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    """, [batch_id, parsed.file_name, parsed.sha256, parsed.size, parsed.kind, min(months), max(months),
          period_source, parsed.units, user, store.now(), parsed.rows_seen, parsed.rows_accepted, parsed.rows_rejected,
          parsed.rows_duplicate, 0])
    issues = [
        [batch_id, i.severity, i.sheet, i.row, i.col, i.header, i.code,
         json.dumps(i.params, ensure_ascii=False, default=str)]
        for i in parsed.issues
    ]
    if issues:
        con.executemany("INSERT INTO batch_issues VALUES (?, ?, ?, ?, ?, ?, ?, ?)", issues)


def undo(con: duckdb.DuckDBPyConnection, batch_id: int, user: str | None = None,
         on_wait: Callable[[], object] | None = None) -> None:
    """Revert a batch as if it had never been imported, whatever came after it. Takes its turn like an
    import (store.run_write); raises ValueError, changing nothing, when the batch is not active."""
    def revert(con: duckdb.DuckDBPyConnection) -> None:
        row = store.first_row(con, "SELECT kind, status FROM batches WHERE batch_id = ?", [batch_id])
        if row is None or row[1] != "active":
            raise ValueError(f"batch {batch_id} is not active")  # rolled back: nothing was changed
        _undo(con, batch_id, row[0], user)

    store.run_write(con, revert, on_wait=on_wait)


def _undo(con: duckdb.DuckDBPyConnection, batch_id: int, kind: str, user: str | None) -> None:
    con.execute("UPDATE batches SET status = 'reverted', reverted_at = ?, reverted_by = ? "
                "WHERE batch_id = ?", [store.now(), user, batch_id])
    if (side_kind := side.side_kind(kind)) is not None:
        side_kind.undo(con, batch_id)
        store.bump_data_version(con)
        return
    if kind == "activity":
        _undo_activity(con, batch_id)
    else:
        names = [r[0] for r in con.execute(
            "SELECT DISTINCT unit FROM batch_coverage WHERE batch_id = ?", [batch_id]).fetchall()]
        refresh.set_unit_names(con, names)
        _after_roster_change(con)
    if kind == "activity":  # no roster batch went: only the months the data spans may have moved
        refresh.extend_roster_month(con)
    else:
        refresh.rebuild_roster_month(con)
    refresh.rebuild_units(con)
    store.bump_data_version(con)


def _undo_activity(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """The batch's rows go; each key it reported shows its newest remaining reporter's rows again. Only
    those keys are touched, so undoing a whole month at scale stays quick (bench: undo_ms)."""
    refresh.new_keys(con)
    refresh.add_keys_of_batch(con, batch_id)
    con.execute("DELETE FROM activity WHERE batch_id = ?", [batch_id])
    con.execute("DELETE FROM activity_superseded WHERE batch_id = ?", [batch_id])
    refresh.reconcile(con)
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
