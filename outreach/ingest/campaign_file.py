"""Campaign files (专项活动表): one row per campaign — 名称, 开始日期, 结束日期, optional 备注 — uploaded
like any other file and written as a batch of kind 'campaign' (see outreach.ingest.side): previewed
first, all or nothing, the same file twice changes nothing, undone from the import history.

A missing column refuses the file; a row without a name, with a date that cannot be read or an end
before its start is refused with its sheet, row and column, the other rows go in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pandas as pd

from outreach import campaigns, store
from outreach.i18n import t
from outreach.ingest import normalise as norm
from outreach.ingest.header import HEADER_SCAN_ROWS
from outreach.ingest.issues import ImportRefused, Issue
from outreach.ingest.parsed_file import ParsedFile
from outreach.ingest.readers import Workbook
from outreach.ingest.side import SideHeader, SideKind, SideRows, find_header, parse_sheets
from outreach.privacy import mask_text

KIND = "campaign"
FIELDS = ("name", "starts", "ends", "note")
REQUIRED = ("name", "starts", "ends")
HEADERS = ("名称", "开始日期", "结束日期", "备注")  # as the template writes them, in the order of FIELDS
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("名称", "活动名称", "专项活动", "专项活动名称", "宣传节点", "节点名称", "活动主题", "主题"),
    "starts": ("开始日期", "开始时间", "起始日期", "起始时间", "开始", "起始"),
    "ends": ("结束日期", "结束时间", "截止日期", "截止时间", "结束", "截止"),
    "note": ("备注", "说明"),
}
COLUMNS = ["name", "starts", "ends", "note", "sheet", "row_no"]
# Years a campaign's dates may fall in. A date cell can hold any year up to 9999, and a typo (2104 for
# 2014, 9999 for "open-ended") would draw a band a century wide; past 9999 no date exists at all.
YEARS = range(2000, 2100)


def _find_header(rows: list[list[Any]]) -> SideHeader | None:
    """The first row that names a start or end date and one more campaign column, and no person."""
    return find_header(rows, ALIASES,
                       lambda found: bool({"starts", "ends"} & found) and len(found & set(REQUIRED)) >= 2)


def recognises(book: Workbook) -> bool:
    return any(_find_header(sheet.rows) is not None for sheet in book.sheets)


def parse(book: Workbook, parsed: ParsedFile) -> None:
    records = parse_sheets(book, parsed, _find_header, _CampaignRows,
                           lambda sheet, header: _require_columns(parsed.file_name, sheet, header))
    if not parsed.sheets:
        first = book.sheets[0].name if book.sheets else None
        raise ImportRefused(Issue("err.campaign_no_header", "error", parsed.file_name, first,
                                  params={"scan": HEADER_SCAN_ROWS, "columns": "、".join(HEADERS[:3])}))
    parsed.records = pd.DataFrame.from_records(records, columns=COLUMNS)


def _require_columns(file_name: str, sheet: str, header: SideHeader) -> None:
    for field in REQUIRED:
        if field not in header.columns:
            raise ImportRefused(Issue(
                "err.campaign_missing_column", "error", file_name, sheet, header.row + 1,
                params={"column": HEADERS[FIELDS.index(field)], "aliases": "、".join(ALIASES[field]),
                        "columns": "、".join(HEADERS[:3])}))


class _CampaignRows(SideRows):
    """A campaign a row: 名称, 开始日期, 结束日期, 备注."""

    key = "name"

    def parse_row(self, row: list[Any], row_no: int) -> dict[str, Any] | None:
        self.parsed.rows_seen += 1
        errors_before = len(self.parsed.errors)
        name = campaigns.clean_name(self.cell(row, "name"))
        if name is None:
            self.issue("row.campaign_no_name", row_no, "name")
        elif len(name) > campaigns.NAME_MAX:
            self.issue("row.campaign_name_long", row_no, "name", n=campaigns.NAME_MAX, length=len(name))
        starts, ends = self.date(row, row_no, "starts"), self.date(row, row_no, "ends")
        if starts is not None and ends is not None and ends < starts:
            self.issue("row.campaign_end_before_start", row_no, "ends",
                       starts=f"{starts:%Y-%m-%d}", ends=f"{ends:%Y-%m-%d}")
        if len(self.parsed.errors) > errors_before:
            self.parsed.rows_rejected += 1
            return None
        key = (name, starts, ends)
        if key in self.seen:  # the same campaign twice in one file: kept once, and said so
            self.parsed.rows_duplicate += 1
            self.parsed.issues.append(Issue("warn.duplicate_row", "warning", self.parsed.file_name, self.sheet.name,
                                            row_no, params={"first": self.seen[key]}))
            return None
        self.seen[key] = row_no
        month = starts.replace(day=1)
        while month <= ends:  # the months it spans set the batch's period in the import history
            self.parsed.coverage.add(("", month))
            month = campaigns.last_day(month) + dt.timedelta(days=1)
        return {"name": name, "starts": starts, "ends": ends, "note": norm.text(self.cell(row, "note")),
                "sheet": self.sheet.name, "row_no": row_no}

    def date(self, row: list[Any], row_no: int, field: str) -> dt.date | None:
        """A date cell, `2014-09-20`, `2014年9月20日`…; a month alone (`2014年9月`) starts on its first
        day and ends on its last."""
        raw = self.cell(row, field)
        if raw is None:
            self.issue("row.campaign_no_date", row_no, field, column=HEADERS[FIELDS.index(field)])
            return None
        try:
            value, has_day = norm.date_or_month(raw, self.book.date1904)
        except ValueError:
            self.issue("row.bad_date", row_no, field, value=norm.text(raw) or "")
            return None
        if value.year not in YEARS:  # a date cell of 9999-12-31: its month's end, or the next, is no date
            self.issue("row.year_out_of_range", row_no, field, value=norm.text(raw) or "", year=value.year,
                       first=YEARS.start, last=YEARS.stop - 1)
            return None
        return campaigns.last_day(value) if field == "ends" and not has_day else value


def preview(con: duckdb.DuckDBPyConnection, parsed: ParsedFile) -> pd.DataFrame:
    """The campaigns as they would be written, each marked whether the database has it already."""
    rows = parsed.records.copy()
    known = campaigns.existing_keys(con)
    rows["exists"] = [(n, s, e) in known for n, s, e in zip(rows["name"], rows["starts"], rows["ends"], strict=True)]
    return rows


def write(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, batch_id: int, user: str | None) -> None:
    """Every accepted row, tagged with the batch: one already known from another source is stored too,
    so undoing that other source leaves it in place (it is shown once either way)."""
    at = store.now()
    rows = [[r.name, r.starts, r.ends, r.note if isinstance(r.note, str) else None, user, batch_id, r.sheet,
             int(r.row_no), at]
            for r in parsed.records.itertuples(index=False)]
    if rows:
        con.executemany("INSERT INTO campaigns (name, starts, ends, note, created_by, batch_id, sheet, row_no, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def undo(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    con.execute("DELETE FROM campaigns WHERE batch_id = ?", [batch_id])


def shown(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The preview table of the upload card: one line per campaign, in the viewer's language."""
    if rows.empty:
        return pd.DataFrame(columns=[t(f"camp.col.{c}", lang) for c in ("name", "starts", "ends", "status")])
    df = pd.DataFrame({
        "name": rows["name"].map(mask_text),
        "starts": [f"{d:%Y-%m-%d}" for d in rows["starts"]],
        "ends": [f"{d:%Y-%m-%d}" for d in rows["ends"]],
        "days": [(e - s).days + 1 for s, e in zip(rows["starts"], rows["ends"], strict=True)],
        "note": rows["note"].map(mask_text),
        "status": [t("camp.status_known" if known else "camp.status_new", lang) for known in rows["exists"]],
        "sheet": rows["sheet"],
        "row_no": rows["row_no"].astype(int),
    })
    return df.rename(columns={c: t(f"camp.col.{c}", lang) for c in df.columns})


def describe(rows: pd.DataFrame, lang: str) -> str:
    known = int(rows["exists"].sum()) if not rows.empty else 0
    text = t("camp.preview_new", lang, n=len(rows) - known)
    return text + (t("camp.preview_known", lang, n=known) if known else "")


SIDE_KIND = SideKind(KIND, recognises, parse, preview, write, undo, shown, describe)
