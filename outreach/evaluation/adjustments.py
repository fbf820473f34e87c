"""Manual adjustments (加分/扣分): points added to or taken from a unit's computed score, with a reason.

Every adjustment arrives as an import batch of kind 'adjustment' — one typed into the 考评 page is a
batch of one row, a file is a batch of its rows (outreach.ingest.adjustment_file) — so the import
history shows who entered what and when, and undoing the batch takes the points away again. An
adjustment counts in every evaluation period that contains its own period (a month's bonus in that
month, its quarter and its year).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import duckdb
import pandas as pd

from outreach.filters import Filters
from outreach.i18n import t
from outreach.queries import QueryRunner

KIND = "adjustment"
RECORD_COLUMNS = ["unit", "period_from", "period_to", "points", "reason", "sheet", "row_no"]
MAX_POINTS = 100.0


class AdjustmentRefused(ValueError):
    """An entry that cannot be recorded; ``code`` and ``params`` make the Chinese message."""

    def __init__(self, code: str, **params: object):
        super().__init__(t(code, "en", **params))
        self.code = code
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return t(self.code, lang, **self.params)


def check_entry(unit: str, period_from: dt.date, period_to: dt.date, points: float, reason: str,
                known_units: set[str]) -> None:
    """Raise AdjustmentRefused if one adjustment cannot be recorded as given."""
    if not unit or unit not in known_units:
        raise AdjustmentRefused("eval.adj_err_unit", unit=unit or "—")
    if period_to < period_from:
        raise AdjustmentRefused("eval.adj_err_period")
    if not points or abs(points) > MAX_POINTS:
        raise AdjustmentRefused("eval.adj_err_points", value=points, most=f"{MAX_POINTS:g}")
    if not reason or not reason.strip():
        raise AdjustmentRefused("eval.adj_err_reason")


def known_units(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("SELECT unit FROM units").fetchall()}


def add(con: duckdb.DuckDBPyConnection, unit: str, period_from: dt.date, period_to: dt.date, points: float,
        reason: str, user: str | None = None) -> int:
    """Record one adjustment typed in on the page as a batch of its own; returns the batch id. The same
    entry twice (unit, period, points and reason all equal, the first not undone) is recorded once."""
    from outreach.ingest import load

    check_entry(unit, period_from, period_to, points, reason, known_units(con))
    result = load.commit(con, entry_file(unit, period_from, period_to, points, reason.strip()), user=user)
    if result.already:
        raise AdjustmentRefused("eval.adj_err_twice", batch=result.batch_id)
    return result.batch_id


def entry_file(unit: str, period_from: dt.date, period_to: dt.date, points: float, reason: str):
    """One typed-in adjustment as a parsed 'file' of one row, so it is written like an uploaded one."""
    from outreach.ingest.parse import ParsedFile

    record = {"unit": unit, "period_from": period_from, "period_to": period_to, "points": round(points, 2),
              "reason": reason, "sheet": None, "row_no": None}
    body = json.dumps(record, ensure_ascii=False, default=str, sort_keys=True).encode("utf-8")
    parsed = ParsedFile(t("eval.adj_manual_file"), hashlib.sha256(body).hexdigest(), len(body), KIND,
                        period_from, "given", pd.DataFrame([record], columns=RECORD_COLUMNS))
    parsed.rows_seen = 1
    parsed.coverage = {(unit, month) for month in months_between(period_from, period_to)}
    return parsed


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every month from ``start`` to ``end``, both included."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def write(con: duckdb.DuckDBPyConnection, records: pd.DataFrame, batch_id: int, user: str | None) -> None:
    """Insert ``records`` (RECORD_COLUMNS) as batch ``batch_id``, inside the caller's transaction."""
    rows = [[batch_id, r.row_no if pd.notna(r.row_no) else None, r.unit, r.period_from, r.period_to,
             float(r.points), r.reason, user] for r in records[RECORD_COLUMNS].itertuples(index=False)]
    if rows:
        con.executemany("""
            INSERT INTO adjustments (batch_id, row_no, unit, period_from, period_to, points, reason,
                                     entered_by, entered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, current_timestamp)
        """, rows)


def undo(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Nothing to move: the rows stay for the audit, and only active batches count (eval_adjustments)."""


def listing(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Adjustments counted in ``f``'s period (from batches not undone), in its counties/units:
    unit, county, period_from, period_to, points, reason, entered_by, entered_at, batch_id, file_name."""
    return q.df("eval_adjustments", f)


def template_xlsx(lang: str | None = None) -> bytes:
    """A blank adjustment file with the columns the upload reads (in Chinese, whatever the language) and
    two example rows to replace."""
    from outreach.export import table_xlsx

    headers = [t(f"eval.adj_col.{c}", "zh") for c in ("unit", "period", "points", "reason")]
    examples = pd.DataFrame([["团市委", "2014年8月", 2, t("eval.adj_example_bonus", lang)],
                             ["市直机关团工委", "2014年第三季度", -1, t("eval.adj_example_penalty", lang)]],
                            columns=headers)
    return table_xlsx(examples, t("eval.adj_template_sheet", lang), t("eval.adj_template_title", lang))
