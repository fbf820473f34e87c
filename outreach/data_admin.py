"""What the 数据 page shows, as data: parse outcomes, previews, issue tables, error reports, import
history and data-quality lists (the blank templates are in outreach.templates). No Streamlit here.

Every frame returned for display has translated column headers and phone numbers masked
(outreach.privacy): the page shows them as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from outreach import export, store
from outreach.filters import Filters, add_months
from outreach.fmt import period_span
from outreach.i18n import label, t
from outreach.ingest import load
from outreach.ingest import normalise as norm
from outreach.ingest.issues import ImportRefused, Issue
from outreach.ingest.parsed_file import ParsedFile
from outreach.ingest.sandbox import ParserBug, parse_in_child
from outreach.privacy import mask_frame, mask_phone, mask_text
from outreach.queries import QueryRunner
from outreach.units import unit_key, unit_label
from outreach.xlsx import reproducible_xlsx

KINDS = ("auto", "roster", "activity")
UPLOAD_TYPES = ("xlsx", "xlsm", "xls", "csv")
PREVIEW_ROWS = 20
# Refusals the user can fix on the page by choosing the kind or the month: keep those controls visible.
FIXABLE_REFUSALS = frozenset({"err.missing_period", "err.missing_activity", "err.kind_unknown",
                              "err.period_out_of_range", "err.given_period_out_of_range"})


# --- parsing -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """One uploaded file after parsing: either parsed records or the reason the file is refused."""

    parsed: ParsedFile | None
    refused: Issue | None = None


def parse_upload(data: bytes, file_name: str, kind: str = "auto", period: dt.date | None = None) -> Outcome:
    """Parse one upload; a refused file is a value, not an exception (so a cache can keep it).

    The parse runs in a child process under a memory cap and a time limit (outreach.ingest.sandbox):
    whatever the file makes the parser do, this server process stays up."""
    try:
        return Outcome(parse_in_child(data, file_name, kind=kind, period=period))
    except ImportRefused as exc:
        return Outcome(None, exc.issue)
    except Exception as exc:  # a reader bug must not take the page down: refuse the file, say why
        detail = (exc.summary if isinstance(exc, ParserBug) else f"{type(exc).__name__}: {exc}")[:200]
        return Outcome(None, Issue("err.unreadable", "error", file_name, params={"detail": detail}))


def safe_issue(issue: Issue) -> Issue:
    """The issue with phone-like values in its parameters masked."""
    params = {}
    for key, value in issue.params.items():
        if isinstance(value, str):
            value = mask_phone(value) if issue.code == "warn.bad_phone" else mask_text(value)
        params[key] = value
    return replace(issue, file=mask_text(issue.file), params=params)


def refusal_message(issue: Issue, lang: str) -> str:
    """The full Chinese (or English) message of a refused file: file, sheet, row, column, what to do."""
    return safe_issue(issue).message(lang)


def month_label(month: dt.date | None, lang: str) -> str:
    if month is None:
        return "—"
    return f"{month.year}年{month.month:02d}月" if lang == "zh" else month.strftime("%b %Y")


def month_options(today: dt.date | None = None, years_back: int = 12) -> list[dt.date]:
    """Months offered by the period picker, newest first: from January ``years_back`` years ago to
    December next year."""
    today = today or dt.date.today()
    first, last = dt.date(today.year - years_back, 1, 1), dt.date(today.year + 1, 12, 1)
    months, m = [], last
    while m >= first:
        months.append(m)
        m = add_months(m, -1)
    return months


def picker_months(today: dt.date | None = None) -> list[dt.date]:
    """The months the preview's month picker offers, newest first: those an import accepts (2000-01 to
    this month; the parser refuses any other), so a month picked for a log or a roster never fails."""
    today = today or dt.date.today()
    return [m for m in month_options(today, years_back=today.year - norm.EARLIEST_MONTH.year)
            if norm.month_in_range(m, today)]


def detected_period(outcome: Outcome, lang: str, today: dt.date | None = None) -> str:
    """What month the file is for and where that was found, e.g. `2014年08月（来自标题）`."""
    parsed = outcome.parsed
    if parsed is None:
        return t("dp.period_none", lang)
    if parsed.kind == "activity" and not parsed.records.empty:
        months = parsed.months
        # One month that is the sheet's own: it came from the title, sheet name, file name or the user;
        # otherwise the rows' own dates or 月份 column gave the months.
        from_sheet = parsed.period_source is not None and months == [parsed.period]
        source = parsed.period_source if from_sheet else "column"
        return t("dp.period_found", lang, months=_month_span(months, lang), source=t(f"dp.source.{source}", lang))
    if parsed.period is not None:
        return t("dp.period_found", lang, months=month_label(parsed.period, lang),
                 source=t(f"dp.source.{parsed.period_source}", lang))
    if parsed.kind == "roster":
        this_month = (today or dt.date.today()).replace(day=1)
        return t("dp.period_import_date", lang, month=month_label(this_month, lang))
    return t("dp.period_none", lang)


def _month_span(months: list[dt.date], lang: str) -> str:
    if not months:
        return "—"
    if len(months) <= 3:
        return t("fmt.list_sep", lang).join(month_label(m, lang) for m in months)
    return t("dp.month_range", lang, first=month_label(months[0], lang), last=month_label(months[-1], lang),
             n=len(months))


# --- preview -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Counts:
    accepted: int
    refused: int
    flagged: int
    duplicate: int


def counts(preview: load.Preview) -> Counts:
    p = preview.parsed
    return Counts(p.rows_accepted, p.rows_rejected, preview.rows_flagged, p.rows_duplicate)


def can_commit(preview: load.Preview) -> bool:
    return preview.duplicate_of is None and preview.parsed.rows_accepted > 0 and not preview.parsed.records.empty


_ROSTER_SHOWN = ("name", "unit", "county", "township", "role", "position", "wechat", "phone", "gender",
                 "birth_year", "category", "status", "sheet", "row_no")
_ACTIVITY_SHOWN = ("month", "day", "unit", "county", "name", "phone", "type", "platform", "count", "title",
                   "link", "note", "sheet", "row_no")


def column_label(column: str, lang: str) -> str:
    keys = {"birth_year": "field.birth", "month": "field.period", "day": "field.date", "row_no": "dp.col.row",
            "sheet": "dp.col.sheet"}
    return t(keys.get(column, f"field.{column}"), lang)


def records_preview(parsed: ParsedFile, lang: str, n: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first ``n`` records as the import will store them, in readable words, phones masked.
    Columns the file left empty are dropped."""
    shown = _ROSTER_SHOWN if parsed.kind == "roster" else _ACTIVITY_SHOWN
    df = parsed.records.head(n).reindex(columns=list(shown)).copy()
    if df.empty:
        return pd.DataFrame(columns=[column_label(c, lang) for c in shown])
    for column, prefix in (("type", "type"), ("platform", "platform"), ("role", "role"), ("status", "status")):
        if column in df:
            df[column] = df[column].map(lambda v, p=prefix: label(p, v, lang) if isinstance(v, str) else v)
    for column in ("month", "day", "joined"):
        if column in df:
            df[column] = df[column].map(lambda v, c=column: _date_text(v, c == "month"))
    if "birth_year" in df:
        df["birth_year"] = df["birth_year"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    keep = [c for c in df.columns if c in ("name", "unit") or df[c].map(_filled).any()]
    df = mask_frame(df[keep].astype(object), phone_columns=("phone",))
    df = df.map(lambda v: "" if not _filled(v) else v)  # an empty cell reads empty, not "None"
    return df.rename(columns={c: column_label(c, lang) for c in df.columns})


def _filled(value: object) -> bool:
    return not (value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == "")


def _date_text(value: object, month_only: bool) -> str:
    if not _filled(value):
        return ""
    stamp = pd.Timestamp(value)
    return stamp.strftime("%Y-%m") if month_only else stamp.strftime("%Y-%m-%d")


def issues_frame(issues: list[Issue], lang: str) -> pd.DataFrame:
    """One line per problem: severity, sheet, row, column, message — masked, in the viewer's language."""
    columns = ["severity", "sheet", "row", "column", "message"]
    rows = [safe_issue(i).as_row(lang) for i in issues]
    df = pd.DataFrame(rows, columns=[*columns, "file"])[columns]
    df["row"] = df["row"].astype("Int64")
    return df.rename(columns={c: t(f"dp.col.{c}", lang) for c in columns})


def error_report_xlsx(issues: list[Issue], file_name: str, lang: str) -> bytes:
    """The issues of one file as a workbook to hand back to whoever filled the sheet in."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("dp.report_sheet", lang)
    ws.append([export.neutralise(t("dp.report_title", lang, file=mask_text(file_name)))])
    ws["A1"].font = Font(bold=True, size=13)
    columns = ["severity", "sheet", "row", "column", "message"]
    ws.append([t(f"dp.col.{c}", lang) for c in columns])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F3F4")
    for issue in issues:
        row = safe_issue(issue).as_row(lang)
        ws.append([export.neutralise(row[c]) for c in columns])
    for index, width in enumerate((8, 18, 8, 22, 80), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for cells in ws.iter_rows(min_row=3, min_col=5, max_col=5):
        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    if issues:
        ws.auto_filter.ref = f"A2:E{len(issues) + 2}"
    return reproducible_xlsx(wb)


def report_file_name(file_name: str, lang: str) -> str:
    stem = Path(file_name).stem
    return t("dp.report_file", lang, stem=stem)


def replaces_frame(preview: load.Preview, lang: str) -> pd.DataFrame:
    """What confirming replaces: one line per (unit, month, activity type) and earlier file, said in
    words (将替换 蕉城团区委 2014年5月 的「参加培训」记录 12 条) — only the types this file carries."""
    df = preview.replaces
    if df.empty:
        return pd.DataFrame()
    months = pd.to_datetime(df["month"])
    labels = [unit_label(unit_key(c, u)) for c, u in zip(df["county"], df["unit"], strict=True)]
    lines = [t("dp.replace_line", lang, unit=unit, month=period_span(m.date(), m.date(), lang),
               type=t(f"type.{kind}", lang), n=int(n))
             for unit, m, kind, n in zip(labels, months, df["type"], df["records"], strict=True)]
    out = pd.DataFrame({
        t("dp.col.replaced", lang): lines,
        t("dp.col.earlier_file", lang): df["file_name"].map(mask_text).to_numpy(),
        t("dp.col.batch", lang): df["batch_id"].to_numpy(),
    })
    return out


def replaced_groups(preview: load.Preview) -> int:
    """How many (unit, month, type) groups confirming would replace."""
    df = preview.replaces
    return 0 if df.empty else len(df[["county", "unit", "month", "type"]].drop_duplicates())


def roster_changes_frame(preview: load.Preview, lang: str) -> pd.DataFrame:
    df = preview.roster_changes
    if df.empty:
        return pd.DataFrame()
    df = df[["county", "unit", "current", "incoming", "new", "gone"]].copy()
    df["county"] = df["county"].fillna("")
    return df.rename(columns={"county": t("field.county", lang), "unit": t("field.unit", lang),
                              **{c: t(f"dp.col.{c}", lang) for c in
                                                                 ("current", "incoming", "new", "gone")}})


def unmatched_rows_frame(preview: load.Preview, lang: str) -> pd.DataFrame:
    df = preview.unmatched_rows
    if df.empty:
        return pd.DataFrame()
    df = df[["sheet", "row_no", "unit", "name", "match"]].sort_values(["sheet", "row_no"]).copy()
    df["match"] = df["match"].map(lambda m: t(f"dp.match.{m}", lang))
    df = mask_frame(df)
    return df.rename(columns={c: column_label(c, lang) if c != "match" else t("dp.col.match", lang)
                              for c in df.columns})


def import_order(parsed: list[ParsedFile]) -> list[ParsedFile]:
    """Rosters before logs (so activity matches the new members), logs by month, then by name."""
    def key(p: ParsedFile) -> tuple:
        months = p.months
        return (p.kind != "roster", months[0] if months else dt.date.min, p.file_name)
    return sorted(parsed, key=key)


def turn(on_wait: Callable[[], object] | None = None) -> AbstractContextManager[None]:
    """This server process's turn to write (store.write_lock): while another user's import or undo is
    running, ``on_wait()`` is called once (the page says it is queued) and the caller waits. A confirm of
    several files holds it for all of them; the writes inside take it again at once. Raises
    store.WriteFailed when the turn does not come within store.WRITE_WAIT seconds."""
    return store.write_lock(on_wait)


def commit(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, user: str | None,
           on_wait: Callable[[], object] | None = None) -> load.BatchResult:
    """The page's confirm: one file as one batch, in its turn (a concurrent confirm waits; a transaction
    conflict is retried). Raises ImportRefused, or store.WriteFailed (a message key) after the retries."""
    return load.commit(con, parsed, user=(user or "").strip() or None, on_wait=on_wait)


def preview(con: duckdb.DuckDBPyConnection, parsed: ParsedFile,
            after: list[ParsedFile] | tuple[ParsedFile, ...] = ()) -> load.Preview:
    """What confirming would do; ``after``: rosters uploaded with this log, which are confirmed first."""
    return load.preview(con, parsed, after=after if parsed.kind == "activity" else ())


def when_text(stamp: object) -> str:
    if not _filled(stamp):
        return ""
    return pd.Timestamp(stamp).strftime("%Y-%m-%d %H:%M")


# --- import history ------------------------------------------------------------------------------

@dataclass(frozen=True)
class History:
    """Every batch, newest first, ready to show. Shared between sessions: read-only."""

    raw: pd.DataFrame  # load.batches' columns
    rows: dict[int, dict[str, Any]]  # batch id → its raw row
    labels: dict[int, str]  # batch id → its label in the picker (:func:`batch_label`)
    table: pd.DataFrame  # the history table as shown (:func:`history_frame`)


def history(q: QueryRunner, lang: str) -> History:
    """Kept per data state: at province scale thousands of batches were read, formatted and labelled
    again on every run of the Data page (three quarters of its time at l)."""
    return q.memo("history", (lang,), lambda: _history(load.batches(q.con), lang))


def _history(raw: pd.DataFrame, lang: str) -> History:
    rows = {int(row["batch_id"]): row for row in raw.to_dict("records")}  # plain dicts: pandas rows cost more
    labels = {batch: batch_label(row, lang) for batch, row in rows.items()}
    return History(raw, rows, labels, history_frame(raw, lang))


def history_frame(batches: pd.DataFrame, lang: str) -> pd.DataFrame:
    if batches.empty:
        return pd.DataFrame()
    # Status second: at 1400 px the last columns sit behind the table's scroll, and an undone batch
    # is what a reader scans this table for.
    df = pd.DataFrame({
        "batch": batches["batch_id"].astype(int),
        "status": batches["status"].map(lambda s: t(f"dp.batch_status.{s}", lang)),
        "file": batches["file_name"].map(mask_text),
        "kind": batches["kind"].map(lambda k: label("kind", k, lang)),
        "period": [_period_text(a, b, lang) for a, b in zip(batches["period_from"], batches["period_to"],
                                                             strict=True)],
        "units": batches["units"].map(lambda u: 0 if u is None else len(u)).astype(int),
        "accepted": batches["rows_accepted"].astype(int),
        "refused": batches["rows_rejected"].astype(int),
        "flagged": batches["rows_flagged"].astype(int),
        "who": batches["imported_by"].map(lambda w: mask_text(w) if _filled(w) else ""),
        "when": batches["imported_at"].map(when_text),
    })
    return df.rename(columns={c: t(f"dp.col.{c}", lang) for c in df.columns})


def _period_text(start: object, end: object, lang: str) -> str:
    if not _filled(start):
        return ""
    a, b = pd.Timestamp(start).date(), pd.Timestamp(end).date() if _filled(end) else None
    if b is None or a == b:
        return month_label(a, lang)
    return f"{month_label(a, lang)}—{month_label(b, lang)}"


def batch_label(row: Mapping[str, Any], lang: str) -> str:
    """`#12 2014年8月工作量统计表.xlsx · 工作台账 · 2014年08月`."""
    parts = [f"#{int(row['batch_id'])} {mask_text(row['file_name'])}", label("kind", row["kind"], lang),
             _period_text(row["period_from"], row["period_to"], lang)]
    return " · ".join(p for p in parts if p)


def batch_issues(con: duckdb.DuckDBPyConnection, batch_id: int) -> list[Issue]:
    return load.batch_issues(con, batch_id)


def undo(con: duckdb.DuckDBPyConnection, batch_id: int, user: str | None,
         on_wait: Callable[[], object] | None = None) -> None:
    """Undo a batch in its turn, like a confirm. Raises ValueError (not active) or store.WriteFailed."""
    load.undo(con, batch_id, user=(user or "").strip() or None, on_wait=on_wait)


# --- data quality --------------------------------------------------------------------------------

UNMATCHED_LIMIT = 1000  # the LIMIT in queries/dq_unmatched_activity.sql
OTHER_UNITS_SHOWN = 5  # namesakes' units named per row there (list_slice 1..5)


def unmatched_activity(q: QueryRunner, f: Filters, lang: str) -> pd.DataFrame:
    """Activity rows matching no member (or several), by unit, name and month: what to fix where."""
    df = q.df("dq_unmatched_activity", f)
    if df.empty:
        return pd.DataFrame()
    df["month"] = pd.to_datetime(df["month"]).dt.strftime("%Y-%m")
    df["match"] = df["match"].map(lambda m: t(f"dp.match.{m}", lang))
    more = df["other_unit_count"] > OTHER_UNITS_SHOWN
    df["other_units"] = df["other_units"].fillna("")
    df.loc[more, "other_units"] = [t("dp.other_units_more", lang, units=u, n=int(n)) for u, n in
                                   zip(df.loc[more, "other_units"], df.loc[more, "other_unit_count"], strict=True)]
    df = mask_frame(df[["unit", "name", "month", "match", "records", "actions", "file_name", "other_units"]])
    names = {"unit": t("field.unit", lang), "name": t("field.name", lang), "month": t("field.period", lang)}
    return df.rename(columns={c: names.get(c, t(f"dp.col.{c}", lang)) for c in df.columns})


def member_gaps(q: QueryRunner, f: Filters, lang: str) -> pd.DataFrame:
    """Per unit: members on the roster, how many lack a phone number, how many lack a 微信名."""
    df = q.df("roster_completeness", f).rename(columns={"missing_phone": "no_phone", "missing_wechat": "no_wechat"})
    df = df[(df["no_phone"] > 0) | (df["no_wechat"] > 0)]  # only units with a gap
    if df.empty:
        return pd.DataFrame()
    df = df[["unit", "county", "members", "no_phone", "no_wechat"]]
    names = {"unit": t("field.unit", lang), "county": t("field.county", lang)}
    return df.rename(columns={c: names.get(c, t(f"dp.col.{c}", lang)) for c in df.columns})


def duplicate_members(q: QueryRunner, f: Filters, lang: str) -> pd.DataFrame:
    """The same name and phone number on the rosters of two or more units (phone masked)."""
    df = q.df("dq_duplicate_members", f)
    if df.empty:
        return pd.DataFrame()
    df = mask_frame(df[["name", "phone", "units", "unit_list"]], phone_columns=("phone",))
    names = {"name": t("field.name", lang), "phone": t("field.phone", lang)}
    return df.rename(columns={c: names.get(c, t(f"dp.col.{c}", lang)) for c in df.columns})


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV that Excel opens with Chinese intact (UTF-8 with BOM), formulas neutralised."""
    return export.csv_bytes(df)
