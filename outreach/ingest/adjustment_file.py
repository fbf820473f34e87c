"""Adjustment files (加减分表): one row per adjustment — 单位, 县区 (optional), 期间, 分值 (or 加分 / 扣分),
原因 — uploaded like any other file and written as a batch of kind 'adjustment' (see outreach.ingest.side
and outreach.evaluation.adjustments): previewed first, all or nothing, the same file twice changes
nothing, undone from the import history.

A unit is (county, unit name). A row whose 县区 is blank means the one unit of that name on the list of
units; where units of several counties share the name (two 城南镇团委) the row is refused, at its 县区
cell (or its 单位 cell when the sheet has no 县区 column), until the 县区 says which (:func:`resolve`,
run against the database before the preview and the write). A name on no list is kept and previewed as
counting nowhere.

分值 is signed (−2 deducts two points); 加分 is taken as written; 扣分 always deducts (2 or −2 both take
two points away). A row whose unit, period, points or reason cannot be read is refused with its sheet,
row and column; the other rows go in.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import duckdb
import pandas as pd

from outreach.evaluation import adjustments
from outreach.evaluation.periods import parse_eval_period, period_label
from outreach.i18n import t
from outreach.ingest import normalise as norm
from outreach.ingest.header import FIELD_ALIASES, HEADER_SCAN_ROWS
from outreach.ingest.issues import ImportRefused, Issue
from outreach.ingest.parsed_file import ParsedFile
from outreach.ingest.readers import Workbook
from outreach.ingest.side import SideHeader, SideKind, SideRows, find_header, parse_sheets
from outreach.units import unit_key

KIND = adjustments.KIND
HEADERS = ("单位", "期间", "分值", "原因")  # the columns a file must have (the template adds 县区)
ALIASES: dict[str, tuple[str, ...]] = {
    "unit": FIELD_ALIASES["unit"],
    "county": FIELD_ALIASES["county"],
    "period": ("期间", "考评期间", "所属期间", "月份", "年月", "时间", "日期", "年度"),
    "points": ("分值", "加减分", "加减分值", "调整分值", "分数", "得分调整"),
    "bonus": ("加分",),
    "penalty": ("扣分", "减分"),
    "reason": ("原因", "事由", "理由", "加减分原因", "依据", "说明"),
}
_NUMBER = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*分?")
# Years an adjustment's period may fall in: scores start with the data (2000 on); `9999年` is a typo, and
# the months after it would not even be dates.
YEARS = range(2000, 2100)
# Beside RECORD_COLUMNS, each record keeps the cell where its 县区 goes (the 县区 cell, else the 单位
# cell), so that a row resolve() refuses is located like any other row fault.
FIX_COLUMNS = ["fix_col", "fix_header"]


def _find_header(rows: list[list[Any]]) -> SideHeader | None:
    """The first row naming a unit, some points and a reason, and no person."""
    return find_header(rows, ALIASES,
                       lambda found: {"unit", "reason"} <= found and bool(found & {"points", "bonus", "penalty"}))


def recognises(book: Workbook) -> bool:
    return any(_find_header(sheet.rows) is not None for sheet in book.sheets)


def parse(book: Workbook, parsed: ParsedFile) -> None:
    records = parse_sheets(book, parsed, _find_header, _AdjustmentRows,
                           lambda sheet, header: _require_period(parsed.file_name, sheet, header))
    if not parsed.sheets:
        raise ImportRefused(Issue("err.adj_no_header", "error", parsed.file_name,
                                  params={"scan": HEADER_SCAN_ROWS, "columns": "、".join(HEADERS)}))
    parsed.records = pd.DataFrame.from_records(records, columns=adjustments.RECORD_COLUMNS + FIX_COLUMNS)


def _require_period(file_name: str, sheet: str, header: SideHeader) -> None:
    if "period" not in header.columns:
        raise ImportRefused(Issue("err.adj_missing_period", "error", file_name, sheet, header.row + 1,
                                  params={"aliases": "、".join(ALIASES["period"])}))


class _AdjustmentRows(SideRows):
    """An adjustment a row: 单位, 县区 (may be blank), 期间, 分值 (or 加分 / 扣分), 原因."""

    key = "unit"

    def parse_row(self, row: list[Any], row_no: int) -> dict[str, Any] | None:
        self.parsed.rows_seen += 1
        errors_before = len(self.parsed.errors)
        unit = norm.text(self.cell(row, "unit"))
        county = norm.text(self.cell(row, "county"))
        if unit is None:
            self.issue("row.missing_unit", row_no, "unit")
        span = self.period(row, row_no)
        points = self.points(row, row_no)
        reason = _free_text(self.cell(row, "reason"))
        if reason is None:
            self.issue("row.adj_no_reason", row_no, "reason")
        if len(self.parsed.errors) > errors_before:
            self.parsed.rows_rejected += 1
            return None
        key = (county, unit, span, points, reason)
        if key in self.seen:  # the same adjustment twice in one file: kept once, and said so
            self.parsed.rows_duplicate += 1
            self.parsed.issues.append(Issue("warn.duplicate_row", "warning", self.parsed.file_name, self.sheet.name,
                                            row_no, params={"first": self.seen[key]}))
            return None
        self.seen[key] = row_no
        for month in adjustments.months_between(*span):  # the names as written until resolve() settles them
            self.parsed.coverage.add((unit_key(county, unit) if county else unit, month))
        fix_col, fix_header = self.header.columns.get("county", self.header.columns["unit"])
        return {"unit": unit, "county": county, "period_from": span[0], "period_to": span[1], "points": points,
                "reason": reason, "sheet": self.sheet.name, "row_no": row_no, "fix_col": fix_col,
                "fix_header": fix_header}

    def period(self, row: list[Any], row_no: int) -> tuple[dt.date, dt.date] | None:
        raw = self.cell(row, "period")
        try:
            if isinstance(raw, (dt.date, int, float)) and not isinstance(raw, bool):
                month = norm.date_or_month(raw, self.book.date1904)[0].replace(day=1)
                span = month, month
            else:
                span = parse_eval_period(norm.text(raw) or "")
        except (ValueError, OverflowError):
            self.issue("row.adj_bad_period", row_no, "period", value=norm.text(raw) or "")
            return None
        if span[0].year not in YEARS or span[1].year not in YEARS:  # `9999年` would run into year 10000
            year = span[0].year if span[0].year not in YEARS else span[1].year
            self.issue("row.year_out_of_range", row_no, "period", value=norm.text(raw) or "", year=year,
                       first=YEARS.start, last=YEARS.stop - 1)
            return None
        return span

    def points(self, row: list[Any], row_no: int) -> float | None:
        total, field = 0.0, None
        for field_name, sign in (("points", 0), ("bonus", 0), ("penalty", -1)):
            raw = self.cell(row, field_name)
            if raw is None:
                continue
            field = field_name
            value = _number(raw)
            if value is None:
                self.issue("row.adj_bad_points", row_no, field_name, value=norm.text(raw) or "",
                           most=f"{adjustments.MAX_POINTS:g}")
                return None
            total += -abs(value) if sign else value
        total = round(total, 2)
        if field is None or total == 0 or abs(total) > adjustments.MAX_POINTS:
            where = field or next(f for f in ("points", "bonus", "penalty") if f in self.header.columns)
            self.issue("row.adj_bad_points", row_no, where, value=f"{total:g}", most=f"{adjustments.MAX_POINTS:g}")
            return None
        return total


def _free_text(raw: Any) -> str | None:
    """A reason as typed — Chinese punctuation kept (NFKC would turn ，and ： half-width) — trimmed."""
    text = re.sub(r"\s+", " ", str(raw)).strip() if raw is not None else ""
    return text or None


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    m = _NUMBER.fullmatch((norm.text(raw) or "").replace("＋", "+").replace("－", "-"))
    return float(m[1]) if m else None


def _county(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def resolve(con: duckdb.DuckDBPyConnection, parsed: ParsedFile) -> None:
    """Settle which unit each file row means against the list of units: a row whose 县区 is blank takes
    the county of the one unit of that name; a name units of several counties share refuses the row
    (row.adj_which_county, at the cell its 县区 goes in). A row that gives its 县区, a name on no list
    and an entry typed in on the page (it names its unit by key, and has no sheet) stay as they are.
    The coverage then names units by key. Idempotent: load.preview and load.commit both run it."""
    records = parsed.records
    if records.empty:
        return
    named = adjustments.unit_counties(con)
    counties, keep = [], []
    for r in records.itertuples(index=False):
        county = _county(r.county)
        choices = named.get(r.unit, [])
        if county is None and isinstance(r.sheet, str) and len(choices) > 1:
            parsed.issues.append(Issue("row.adj_which_county", "error", parsed.file_name, r.sheet, int(r.row_no),
                                       int(r.fix_col), r.fix_header,
                                       {"unit": r.unit, "counties": adjustments.counties_text(choices)}))
            parsed.rows_rejected += 1
            keep.append(False)
        else:
            keep.append(True)
        counties.append(choices[0] if county is None and isinstance(r.sheet, str) and len(choices) == 1 else county)
    records = records.assign(county=pd.Series(counties, index=records.index, dtype="object"))[keep]
    records = records.reset_index(drop=True)
    parsed.records = records
    parsed.coverage = {(unit_key(_county(c), u), month) for u, c, start, end in
                       zip(records["unit"], records["county"], records["period_from"], records["period_to"],
                           strict=True)
                       for month in adjustments.months_between(start, end)}


def preview(con: duckdb.DuckDBPyConnection, parsed: ParsedFile) -> pd.DataFrame:
    """The adjustments as they would be written (after :func:`resolve`), each marked whether its unit is
    on the list of units (one that is not counts in no score: most likely a typing slip in the unit's
    name or 县区)."""
    rows = parsed.records.copy()
    known = adjustments.known_units(con)
    rows["known"] = [unit_key(_county(c), u) in known for c, u in zip(rows["county"], rows["unit"], strict=True)]
    return rows


def write(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, batch_id: int, user: str | None) -> None:
    adjustments.write(con, parsed.records, batch_id, user)


def undo(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    adjustments.undo(con, batch_id)


def shown(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The preview table of the upload card, in the viewer's language."""
    columns = ("unit", "county", "period", "points", "reason", "status", "sheet", "row_no")
    if rows.empty:
        return pd.DataFrame(columns=[t(f"eval.adj_col.{c}", lang) for c in columns])
    df = pd.DataFrame({
        "unit": rows["unit"],
        "county": [_county(c) or "" for c in rows["county"]],
        "period": [period_label(s, e, lang) for s, e in zip(rows["period_from"], rows["period_to"], strict=True)],
        "points": [f"{p:+g}" for p in rows["points"]],
        "reason": rows["reason"],
        "status": [t("eval.adj_status_ok" if k else "eval.adj_status_unknown", lang) for k in rows["known"]],
        "sheet": rows["sheet"],
        "row_no": rows["row_no"].astype(int),
    })
    return df.rename(columns={c: t(f"eval.adj_col.{c}", lang) for c in df.columns})


def describe(rows: pd.DataFrame, lang: str) -> str:
    plus = rows.loc[rows["points"] > 0, "points"].sum() if not rows.empty else 0
    minus = -rows.loc[rows["points"] < 0, "points"].sum() if not rows.empty else 0
    text = t("eval.adj_preview", lang, n=len(rows), plus=f"{plus:g}", minus=f"{minus:g}")
    unknown = int((~rows["known"]).sum()) if not rows.empty else 0
    return text + (t("eval.adj_preview_unknown", lang, n=unknown) if unknown else "")


SIDE_KIND = SideKind(KIND, recognises, parse, preview, write, undo, shown, describe, resolve)
