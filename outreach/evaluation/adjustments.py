"""Manual adjustments (加分/扣分): points added to or taken from a unit's computed score, with a reason.

Every adjustment arrives as an import batch of kind 'adjustment' — one typed into the 考评 page is a
batch of one row, a file is a batch of its rows (outreach.ingest.adjustment_file) — so the import
history shows who entered what and when, and undoing the batch takes the points away again. An
adjustment counts in every evaluation period that contains its own period (a month's bonus in that
month, its quarter and its year).

An adjustment names a unit, and a unit is (county, unit name): one typed in on the page picks a unit by
its key (outreach.units), a file row gives the name and, where two counties have a unit of that name,
its 县区 (outreach.ingest.adjustment_file). The county is stored with the row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import duckdb
import pandas as pd

from outreach import store
from outreach.filters import Filters
from outreach.i18n import t
from outreach.ingest.parsed_file import ParsedFile
from outreach.queries import QueryRunner
from outreach.units import unit_key

KIND = "adjustment"
# county: the unit's county (None while unknown — or, in a file row, while its 县区 is blank and not yet
# settled against the list of units).
RECORD_COLUMNS = ["unit", "county", "period_from", "period_to", "points", "reason", "sheet", "row_no"]
MAX_POINTS = 100.0


class AdjustmentRefused(ValueError):
    """An entry that cannot be recorded; ``code`` and ``params`` make the Chinese message."""

    def __init__(self, code: str, **params: object):
        super().__init__(t(code, "en", **params))
        self.code = code
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return t(self.code, lang, **self.params)


def check_entry(period_from: dt.date, period_to: dt.date, points: float, reason: str) -> None:
    """Raise AdjustmentRefused if one adjustment cannot be recorded as given (its unit: pick_unit)."""
    if period_to < period_from:
        raise AdjustmentRefused("eval.adj_err_period")
    if not points or abs(points) > MAX_POINTS:
        raise AdjustmentRefused("eval.adj_err_points", value=points, most=f"{MAX_POINTS:g}")
    if not reason or not reason.strip():
        raise AdjustmentRefused("eval.adj_err_reason")


def unit_counties(con: duckdb.DuckDBPyConnection) -> dict[str, list[str | None]]:
    """Each unit name on the list of units, with the counties that have a unit of that name (None: a
    unit whose county is unknown), sorted."""
    named: dict[str, list[str | None]] = {}
    for county, unit in con.execute("SELECT county, unit FROM units ORDER BY unit, county NULLS FIRST").fetchall():
        named.setdefault(unit, []).append(county)
    return named


def known_units(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The keys of the units on the list."""
    return {unit_key(county, unit) for unit, counties in unit_counties(con).items() for county in counties}


def counties_text(counties: list[str | None]) -> str:
    return "、".join(c or "—" for c in counties)


def pick_unit(con: duckdb.DuckDBPyConnection, unit: str) -> tuple[str | None, str]:
    """(county, name) of the unit ``unit`` stands for: its key ('福安市/城南镇团委'), or a bare name that
    only one county's unit has. Refused (AdjustmentRefused) when no unit has it, or when units of several
    counties share the name and it does not say which."""
    named = unit_counties(con)
    for name, counties in named.items():
        for county in counties:
            if unit_key(county, name) == unit:
                return county, name
    counties = named.get(unit, [])
    if len(counties) == 1:
        return counties[0], unit
    if counties:
        raise AdjustmentRefused("eval.adj_err_county", unit=unit, counties=counties_text(counties))
    raise AdjustmentRefused("eval.adj_err_unit", unit=unit or "—")


def add(con: duckdb.DuckDBPyConnection, unit: str, period_from: dt.date, period_to: dt.date, points: float,
        reason: str, user: str | None = None) -> int:
    """Record one adjustment typed in on the page as a batch of its own; returns the batch id. ``unit``
    is the unit's key, as the page offers units (a bare name will do where only one county has a unit
    of that name). The same entry twice (unit, period, points and reason all equal, the first not
    undone) is recorded once."""
    from outreach.ingest import load

    county, name = pick_unit(con, unit)
    check_entry(period_from, period_to, points, reason)
    result = load.commit(con, entry_file(name, county, period_from, period_to, points, reason.strip()), user=user)
    if result.already:
        raise AdjustmentRefused("eval.adj_err_twice", batch=result.batch_id)
    return result.batch_id


def entry_file(unit: str, county: str | None, period_from: dt.date, period_to: dt.date, points: float, reason: str):
    """One typed-in adjustment as a parsed 'file' of one row, so it is written like an uploaded one."""
    record = {"unit": unit, "county": county, "period_from": period_from, "period_to": period_to,
              "points": round(points, 2), "reason": reason, "sheet": None, "row_no": None}
    body = json.dumps(record, ensure_ascii=False, default=str, sort_keys=True).encode("utf-8")
    parsed = ParsedFile(t("eval.adj_manual_file"), hashlib.sha256(body).hexdigest(), len(body), KIND,
                        period_from, "given", pd.DataFrame([record], columns=RECORD_COLUMNS))
    parsed.rows_seen = 1
    parsed.coverage = {(unit_key(county, unit), month) for month in months_between(period_from, period_to)}
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
    at = store.now()
    rows = [[batch_id, r.row_no if pd.notna(r.row_no) else None, r.unit,
             r.county if isinstance(r.county, str) and r.county else None, r.period_from, r.period_to,
             float(r.points), r.reason, user, at] for r in records[RECORD_COLUMNS].itertuples(index=False)]
    if rows:
        con.executemany("""
            INSERT INTO adjustments (batch_id, row_no, unit, county, period_from, period_to, points, reason,
                                     entered_by, entered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, rows)


def undo(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Nothing to move: the rows stay for the audit, and only active batches count (eval_adjustments)."""


def listing(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Adjustments counted in ``f``'s period (from batches not undone), in its counties/units:
    unit_key, unit, county, period_from, period_to, points, reason, entered_by, entered_at, batch_id, file_name."""
    return q.df("eval_adjustments", f)


def template_xlsx(lang: str | None = None) -> bytes:
    """A blank adjustment file with the columns the upload reads (in Chinese, whatever the language) and
    two example rows to replace. 县区 may stay blank unless units of two counties share the name."""
    from outreach.export import table_xlsx

    headers = [t(f"eval.adj_col.{c}", "zh") for c in ("unit", "county", "period", "points", "reason")]
    examples = pd.DataFrame([["团市委", None, "2014年8月", 2, t("eval.adj_example_bonus", lang)],
                             ["城南镇团委", "福安市", "2014年第三季度", -1, t("eval.adj_example_penalty", lang)]],
                            columns=headers)
    return table_xlsx(examples, t("eval.adj_template_sheet", lang), t("eval.adj_template_title", lang))
