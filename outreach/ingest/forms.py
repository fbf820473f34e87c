"""Online-form exports (问卷星, 腾讯问卷): recognised by their header, rewritten into a wide activity log.

Each answer row is one member's report for one month. :func:`adapt` runs right after the file is read and
before anything else looks at its cells:

- the layout's own columns (序号/编号, times, 来源, 来源详情, IP, UA, Referrer, 用户标识/openid, 昵称,
  地理位置 …) are blanked in place — they never reach a record, an issue or a log;
- question titles lose their number (`1、您的姓名` → 姓名, `3.本月转发微信（条）` → 本月转发微信（条）) and
  are then mapped by the usual alias lists (outreach.ingest.header);
- −2/−3 (问卷星 "not shown") are read as missing;
- a multi-select option that names an activity type counts 1 when chosen (`本月参加的活动：参加培训┋线上会议`,
  问卷星 按序号 `第6题(参加培训)` = 1, 腾讯问卷 `6.本月参加的活动:参加培训` non-empty); option columns are
  appended to the right of the sheet for ┋-joined answers, so the other columns keep their letters;
- the month comes from a 月份 question, else from the submit time: with OUTREACH_FORM_PREVIOUS_MONTH_DAYS=N
  (0 … 28, default 0) a submission in the first N days of a month reports the previous month;
- a member (姓名, 单位, 县区) who answered twice for one month: the latest answer counts, the earlier row is
  emptied and flagged (warn.form_replaced).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import Any

from outreach.ingest import normalise as norm
from outreach.ingest.header import FIELD_ALIASES, classify_header, normalise_header
from outreach.ingest.issues import Issue
from outreach.ingest.readers import Sheet, Workbook

WJX = "wjx"  # 问卷星
TENCENT = "tencent"  # 腾讯问卷
LAYOUT_NAMES = {WJX: "问卷星", TENCENT: "腾讯问卷"}

_WJX_MARKS = {"序号", "提交答卷时间"}
_WJX_ANY = {"所用时间", "来源", "来源详情", "来自IP"}
_TENCENT_MARKS = {"开始答题时间", "结束答题时间"}
_TENCENT_ANY = {"编号", "答题时长", "用户标识", "昵称", "地理位置省"}
_SUBMIT = {WJX: ("提交答卷时间",), TENCENT: ("结束答题时间", "开始答题时间")}

_WJX_QUESTION = re.compile(r"^\s*(\d+)\s*[、.．]\s*(?P<title>.*?)\s*$", re.S)
_WJX_OPTION = re.compile(r"^\s*第\s*(\d+)\s*题\s*[(（](?P<option>.*)[)）]\s*$", re.S)
_TENCENT_QUESTION = re.compile(r"^\s*(\d+)\s*[.．、]\s*(?P<title>.*?)\s*$", re.S)
_BLANK_SUFFIX = re.compile(r"_填空\d+$")
_OPTION_NOTE = re.compile(r"〖[^〗]*〗|【[^】]*】|[(（]请注明[)）]")
_QUESTION_END = re.compile(r"[?？:：\s]+$")
_POLITE = re.compile(r"^(?:请(?:填写|输入|选择)|填写)?(?:您的|您所在的|您所在|您|本人)?")
_NOT_SHOWN = {"-2", "-3"}
MONTH_HEADER = "月份（提交时间）"  # normalises to 月份: a 月份 column; the file's 提交 time column keeps its letter
PREVIOUS_MONTH_ENV = "OUTREACH_FORM_PREVIOUS_MONTH_DAYS"
QUESTIONS_FILE = "问卷题目清单.txt"


def previous_month_days() -> int:
    """OUTREACH_FORM_PREVIOUS_MONTH_DAYS when it is a whole number 0 … 28, else 0 (a typo must not stop imports)."""
    raw = os.environ.get(PREVIOUS_MONTH_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) <= 28 else 0


def month_of_submission(when: dt.datetime | dt.date, days: int | None = None) -> dt.date:
    """The month a submission reports: its own, or the previous one when it came in the first ``days`` days."""
    days = previous_month_days() if days is None else days
    first = dt.date(when.year, when.month, 1)
    if when.day <= days:
        return (first - dt.timedelta(days=1)).replace(day=1)
    return first


def recognise(rows: list[list[Any]]) -> tuple[str, int] | None:
    """(layout, header row index) when one of the first rows is a form tool's header."""
    for r, row in enumerate(rows[:5]):
        keys = {normalise_header(c) for c in row if norm.text(c)}
        if keys >= _WJX_MARKS and keys & _WJX_ANY:
            return WJX, r
        if keys >= _TENCENT_MARKS and keys & _TENCENT_ANY:
            return TENCENT, r
    return None


_MONTHS = {m: i for i, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                                         "NOV", "DEC"), 1)}
_YMD = re.compile(r"(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_DMY = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def submit_time(value: Any, date1904: bool = False) -> dt.datetime | None:
    """`2014/09/03 12:00:00` (问卷星), `02-Sep-2014 07:44:08` (腾讯问卷), a date cell or an Excel serial."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 60000:
        day = norm.excel_serial_to_date(value, date1904)
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(days=float(value) % 1)
    s = norm.text(value)
    if s is None:
        return None
    try:
        if m := _YMD.fullmatch(s):
            y, mo, d, hh, mm, ss = m.groups()
            return dt.datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
        if (m := _DMY.fullmatch(s)) and m[2].upper() in _MONTHS:
            d, mon, y, hh, mm, ss = m.groups()
            return dt.datetime(int(y), _MONTHS[mon.upper()], int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return None
    return None


def question_header(title: str) -> str | None:
    """The header a question title stands for: an alias (`您的姓名` → 姓名, `您所在的单位` → 所在单位) or the
    title itself when it names a count (`本月转发微信（条）`); None when it means nothing to us."""
    title = _QUESTION_END.sub("", _BLANK_SUFFIX.sub("", title.strip()))
    if not title:
        return None
    stripped = _POLITE.sub("", title)
    for candidate in dict.fromkeys((title, stripped, stripped.replace("的", ""))):
        if candidate and classify_header(candidate).field:
            return candidate
    return None


@dataclass
class _Option:
    header: str  # question + option, as classify_header reads it
    source: int  # the column it comes from


def _option_header(question: str, option: str) -> str | None:
    """The header for one chosen option, when question + option names an activity type."""
    option = _OPTION_NOTE.sub("", option).strip()
    if not option:
        return None
    header = f"{_QUESTION_END.sub('', question)}{option}"
    return header if classify_header(header).field == "activity" else None


def _not_shown(value: Any) -> bool:
    return norm.text(value) in _NOT_SHOWN or (isinstance(value, (int, float)) and value in (-2, -3))


def _chosen(value: Any, layout: str) -> bool:
    if norm.is_blank(value) or _not_shown(value):
        return False
    if layout == WJX:  # 按序号: 1 chosen, 0 not
        return norm.text(value) not in ("0", "0.0")
    return True  # 腾讯问卷: the cell holds the option's text (or 1) when chosen


def adapt(book: Workbook, file_name: str) -> tuple[Workbook, str | None, list[Issue]]:
    """Rewrite a form export's sheets in place; returns (book, layout or None, issues)."""
    layout = None
    issues: list[Issue] = []
    for sheet in book.sheets:
        found = recognise(sheet.rows)
        if found is None:
            continue
        layout = found[0]
        issues += _adapt_sheet(sheet, found[0], found[1], file_name, book.date1904)
    return book, layout, issues


def _adapt_sheet(sheet: Sheet, layout: str, header_row: int, file_name: str, date1904: bool) -> list[Issue]:
    rows = sheet.rows
    for r in range(header_row):  # nothing above the header is ours to keep
        rows[r] = [None] * len(rows[r])
    head = rows[header_row]
    width = max(len(row) for row in rows[header_row:])
    head += [None] * (width - len(head))
    keys = [normalise_header(c) for c in head]
    submit_col = next((keys.index(k) for k in _SUBMIT[layout] if k in keys), None)
    question = _WJX_QUESTION if layout == WJX else _TENCENT_QUESTION
    data = range(header_row + 1, len(rows))
    for r in data:
        rows[r] += [None] * (width - len(rows[r]))
    submitted = {r: submit_time(rows[r][submit_col], date1904) if submit_col is not None else None for r in data}
    raw_submit = {r: rows[r][submit_col] if submit_col is not None else None for r in data}

    new_head: list[Any] = [None] * width
    multi: list[tuple[int, str]] = []  # ┋-joined answers: (column, question)
    options: list[_Option] = []  # one-column-per-option answers
    for c, cell in enumerate(head):
        label = norm.text(cell) or ""
        if layout == WJX and (m := _WJX_OPTION.match(label)):
            if header := _option_header("", m["option"]):
                options.append(_Option(header, c))
            continue
        if not (m := question.match(label)):
            continue  # the layout's own columns: never kept
        title = m["title"]
        if layout == TENCENT and ":" in title and not title.endswith(":"):
            asked, option = title.rsplit(":", 1)
            if header := _option_header(asked, option):
                options.append(_Option(header, c))
            continue
        header = question_header(title)
        # A multi-select (按文本): ┋-joined answers, or answers that name a type without the title doing so.
        joined = layout == WJX and any("┋" in (norm.text(rows[r][c]) or "") for r in data)
        if joined or (header is None and any(_option_header(title, norm.text(rows[r][c]) or "") for r in data)):
            multi.append((c, title))
            continue
        new_head[c] = header
    # Option columns: read 1/blank in place; ┋ answers get appended columns.
    extra: dict[str, int] = {}
    for c, title in multi:
        for r in data:
            for option in (norm.text(rows[r][c]) or "").split("┋"):
                if (header := _option_header(title, option)) and header not in extra:
                    extra[header] = width + len(extra)
    new_head += list(extra)
    for option in options:
        new_head[option.source] = option.header
    for r in data:
        row = rows[r]
        chosen_extra: list[Any] = [None] * len(extra)
        for c, title in multi:
            for option in (norm.text(row[c]) or "").split("┋"):
                if (header := _option_header(title, option)) in extra:
                    chosen_extra[extra[header] - width] = 1
        for option in options:
            row[option.source] = 1 if _chosen(row[option.source], layout) else None
        for c in range(width):
            if new_head[c] is None or _not_shown(row[c]):
                row[c] = None
        row += chosen_extra

    fields: dict[str, int] = {}
    for c, h in enumerate(new_head):
        if h and (f := classify_header(h).field):
            fields.setdefault(f, c)  # the first of repeated questions wins, as in the header search
    issues: list[Issue] = []
    if "period" not in fields and "date" not in fields and submit_col is not None:
        new_head[submit_col] = MONTH_HEADER
        for r in data:
            when = submitted[r]
            rows[r][submit_col] = month_of_submission(when) if when else norm.text(raw_submit[r])
    rows[header_row] = new_head
    issues += _replace_earlier(sheet, header_row, fields, submitted, file_name)
    return issues


def _replace_earlier(sheet: Sheet, header_row: int, fields: dict[str, int], submitted: dict[int, Any],
                     file_name: str) -> list[Issue]:
    """Several answers from one member for one month: the latest counts; the earlier rows are emptied and flagged."""
    name_col = fields.get("name")
    if name_col is None:
        return []
    rows = sheet.rows
    month_col = fields.get("period", fields.get("date"))
    if month_col is None:
        month_col = next((c for c, h in enumerate(rows[header_row]) if h == MONTH_HEADER), None)

    def key(r: int) -> tuple | None:
        name = norm.text(rows[r][name_col])
        if name is None:
            return None
        month = rows[r][month_col] if month_col is not None else None
        month_key = norm.text(month)
        with contextlib.suppress(ValueError):
            month_key = norm.month_text(norm.date_or_month(month)[0].replace(day=1))
        return (name, *(norm.text(rows[r][fields[f]]) if f in fields else None for f in ("unit", "county")), month_key)

    latest: dict[tuple, int] = {}
    replaced: list[tuple[int, int, tuple]] = []
    for r in range(header_row + 1, len(rows)):
        k = key(r)
        if k is None:
            continue
        if (prev := latest.get(k)) is None:
            latest[k] = r
            continue
        a, b = submitted.get(prev), submitted.get(r)
        newer = r if (a is None or b is None or b >= a) else prev
        older = prev if newer == r else r
        latest[k] = newer
        rows[older] = [None] * len(rows[older])
        replaced.append((older, newer, k))
    out = [Issue("warn.form_replaced", "warning", file_name, sheet.name, older + 1, name_col,
                 rows[header_row][name_col], {"later": newer + 1, "name": k[0], "month": k[3] or ""})
           for older, newer, k in replaced]
    return out


def question_list(lang: str | None = None) -> list[tuple[str, str, str]]:
    """The questions to set up in 问卷星/腾讯问卷 so the export imports cleanly: (question, kind, note).

    Built from the alias lists and the activity vocabulary, so it can never disagree with the importer."""
    from outreach import vocab
    from outreach.i18n import t

    out = [
        (FIELD_ALIASES["name"][0], t("form.q_text", lang), t("form.q_required", lang)),
        (FIELD_ALIASES["unit"][1], t("form.q_text", lang), t("form.q_required", lang)),
        (FIELD_ALIASES["county"][0], t("form.q_choice", lang), t("form.q_optional", lang)),
        (FIELD_ALIASES["phone"][2], t("form.q_text", lang), t("form.q_optional", lang)),
        (FIELD_ALIASES["period"][0], t("form.q_text", lang), t("form.q_month", lang)),
    ]
    for platform in ("wechat", "weibo"):
        out.append((f"转发{t(f'platform.{platform}', 'zh')}（条）", t("form.q_number", lang), t("form.q_count", lang)))
    for type_ in vocab.ACTIVITY_TYPES:
        if type_ != "repost":
            out.append((f"{t(f'type.{type_}', 'zh')}（条）", t("form.q_number", lang), t("form.q_count", lang)))
    return out


def question_list_text(lang: str | None = None) -> bytes:
    """The question list as a numbered UTF-8 text file (with BOM, so Windows Notepad reads it)."""
    from outreach.i18n import t

    lines = [t("form.q_intro", lang), ""]
    lines += [f"{i}、{q}    [{kind}] {note}" for i, (q, kind, note) in enumerate(question_list(lang), 1)]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
