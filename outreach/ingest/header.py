"""Finding the header row of an office sheet and mapping its columns to our fields.

Real sheets have a merged title row, a subtitle (`填报单位：蕉城团区委  统计月份：2014年8月`), sometimes
a two-row header (`转发` merged over `微信 | 微博`), then data, then 合计 and 填表人 lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from outreach import vocab
from outreach.ingest.normalise import text

HEADER_SCAN_ROWS = 20

# Aliases from SPEC.md, plus those of the long activity log. Compared after normalise_header().
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "网宣员姓名", "宣传员姓名", "成员姓名", "人员姓名"),
    "unit": ("单位", "所在单位", "工作单位", "填报单位", "所属单位", "单位名称", "报送单位"),
    "county": ("县区", "县（市、区）", "县市区", "所属县区", "地区", "区域", "区县", "县（市区）"),
    "township": ("乡镇", "乡镇（街道）", "街道", "镇街"),
    "role": ("角色", "身份", "队伍角色"),
    "position": ("职务", "职务（职称）", "原职务", "原任职务", "现任职务"),
    "wechat": ("微信名", "微信号", "微信昵称"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "电话", "联系方式"),
    "gender": ("性别",),
    "birth": ("出生年月", "出生日期", "年龄"),
    "branch": ("支部", "所在支部", "党支部"),
    "category": ("类别", "人员类别", "群体"),
    "joined": ("加入时间", "入队时间"),
    "status": ("状态",),
    "serial": ("序号", "编号", "No.", "No"),
    # long activity log
    "date": ("日期", "时间", "发布日期", "发布时间", "报送日期", "报送时间", "活动日期"),
    "period": ("月份", "统计月份", "年月", "所属月份"),
    "type": ("类型", "工作类型", "活动类型"),
    "platform": ("平台", "发布平台", "渠道"),
    "count": ("数量", "条数", "次数", "篇数"),
    "title": ("标题", "内容", "课程", "课程名称", "培训内容", "主题", "会议名称"),
    "link": ("链接", "网址", "URL"),
    "note": ("备注", "说明"),
    # adoption (采用级别, issue 14): a long log's item adopted at a level, by an outlet
    "adopt_level": ("采用级别", "采用层级", "被采用级别", "采用情况"),
    "adopt_outlet": ("采用单位", "采用平台", "采用单位/平台", "采用媒体", "采用网站", "采用单位平台"),
}

ROSTER_FIELDS = (
    "name", "unit", "county", "township", "role", "position", "wechat", "phone", "gender",
    "birth", "branch", "category", "joined", "status",
)
LONG_ACTIVITY_FIELDS = ("date", "period", "type", "platform", "count", "title", "link", "note", "adopt_level",
                        "adopt_outlet")
# Column fields that are counts of a wide summary (one column per type, or per type and adoption level).
_COUNT_FIELDS = ("activity", "adoption")

# Columns that add other columns up: never read as activity, or everything would count twice.
_TOTAL_WORDS = ("合计", "小计", "总计", "总数", "累计", "得分", "积分", "排名", "总量", "TOTAL")
# Words that open a total row (`合计 | 200人 | …`). Latin ones only as a whole word: `SUMMER` is a
# WeChat name, not a sum.
_TOTAL_ROW = re.compile(r"^(?:合计|小计|总计|共计)|^(?:TOTAL|SUM)(?![A-Z])")
# Compared with NFKC text (full-width `：` has become `:`), so written half-width here.
_FOOTER_WORDS = ("填表人", "审核人", "制表人", "负责人", "填报人", "填表日期", "审核", "注:", "说明:")


def normalise_header(value: Any) -> str:
    """`县（市、区）` → `县`, `姓 名` → `姓名`, `手机号码*` → `手机号码`: compare headers by this form."""
    s = unicodedata.normalize("NFKC", "" if value is None else str(value))
    s = re.sub(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】", "", s)
    s = re.sub(r"[\s*:：_\-]", "", s)
    return s.upper()


_ALIAS_TO_FIELD: dict[str, str] = {
    normalise_header(alias): field for field, aliases in FIELD_ALIASES.items() for alias in aliases
}


@dataclass
class Column:
    index: int
    header: str  # as written (two-row headers joined)
    field: str | None = None  # roster/long field, "activity" for a wide count column, "adoption" for a wide
    type: str | None = None   # adoption count column (`舆情信息被省级采用（条）`: opinion_report at province)
    platform: str | None = None
    adopt_level: str | None = None


@dataclass
class HeaderMatch:
    row: int  # 0-based index of the (last) header row
    columns: list[Column]
    data_start: int
    fields: dict[str, Column] = field(default_factory=dict)

    @property
    def wide_columns(self) -> list[Column]:
        return [c for c in self.columns if c.field == "activity"]

    @property
    def adoption_columns(self) -> list[Column]:
        return [c for c in self.columns if c.field == "adoption"]


def _as_written(value: Any) -> str:
    """Header text as the file shows it (`转发微信（条）` keeps its full-width brackets), trimmed."""
    if isinstance(value, str):
        return " ".join(value.split())
    return text(value) or ""


def classify_header(value: Any) -> Column:
    header = _as_written(value)
    key = normalise_header(value)
    col = Column(-1, header)
    if not key:
        return col
    if key in _ALIAS_TO_FIELD:
        col.field = _ALIAS_TO_FIELD[key]
        return col
    if any(w in key for w in _TOTAL_WORDS):
        return col
    level = vocab.adoption_header(header)
    if level is not None:  # `舆情信息被省级采用（条）`, `被市级以上采用（篇）` (no type named: 篇 are original pieces)
        col.field = "adoption"
        col.type = vocab.type_of(header.replace("采用", "")) or "original"
        col.platform = "other"
        col.adopt_level = level
        return col
    activity_type = vocab.type_of(header)
    if activity_type is not None:
        col.field = "activity"
        col.type = activity_type
        col.platform = vocab.platform_of(header) or "other"
    return col


def _score(columns: list[Column]) -> int:
    fields = {c.field for c in columns if c.field}
    score = len(fields - set(_COUNT_FIELDS)) + min(3, sum(c.field == "activity" for c in columns))
    return score + (3 if "name" in fields else 0)


def _merged_parent(merged: list, row: int, col: int) -> int | None:
    """Column where the merged range covering (row, col) starts, if (row, col) is inside one."""
    for (r0, c0), (r1, c1) in merged:
        if r0 <= row <= r1 and c0 <= col <= c1:
            return c0
    return None


def _build_columns(rows: list[list[Any]], r: int, merged: list) -> tuple[list[Column], int]:
    """Columns of header row ``r``, joined with a sub-header row below it when there is one."""
    width = max((len(x) for x in rows[r : r + 2]), default=0)
    top = [rows[r][i] if i < len(rows[r]) else None for i in range(width)]
    # Forward-fill a parent header across the cells its merged range covers.
    filled = list(top)
    for i in range(width):
        if text(filled[i]) is None:
            parent = _merged_parent(merged, r, i)
            if parent is not None and parent != i:
                filled[i] = filled[parent]
    columns = []
    for i, value in enumerate(filled):
        col = classify_header(value)
        col.index = i
        columns.append(col)
    if r + 1 < len(rows):
        below = rows[r + 1]
        sub = [text(below[i]) if i < len(below) else None for i in range(width)]
        sub_cells = [s for s in sub if s]
        # A first data row of a long log (`张三 | 团市委 | 转发 | 微信`) also names types and platforms:
        # a sub-header never has text under a column the top row already names (姓名, 类型, 平台 …).
        under_named = any(
            sub[i] and columns[i].field and columns[i].field not in _COUNT_FIELDS for i in range(width)
        )
        is_sub_header = (
            len(sub_cells) >= 2
            and not under_named
            and all(not re.fullmatch(r"[\d.]+", s) for s in sub_cells)
            and any(vocab.platform_of(s) or vocab.type_of(s) for s in sub_cells)
        )
        if is_sub_header:
            joined = []
            for i in range(width):
                head = text(filled[i]) or ""
                combined = _as_written(filled[i]) + _as_written(below[i]) if sub[i] and sub[i] != head \
                    else _as_written(filled[i])
                col = classify_header(combined)
                col.index = i
                if not col.field and columns[i].field and columns[i].field not in _COUNT_FIELDS:
                    col = columns[i]  # 姓名 merged down over two rows keeps its meaning
                joined.append(col)
            return joined, r + 2
    return columns, r + 1


def detect_header_row(rows: list[list[Any]], merged: list | None = None) -> HeaderMatch | None:
    """The header among the first rows: the one that names most known columns, and a name column."""
    merged = merged or []
    best: HeaderMatch | None = None
    best_score = 0
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        cells = [c for c in rows[r] if text(c)]
        if len(cells) < 2:
            continue
        columns, data_start = _build_columns(rows, r, merged)
        if not any(c.field == "name" for c in columns):
            continue
        score = _score(columns)
        if score > best_score:
            best_score = score
            best = HeaderMatch(r, columns, data_start)
    if best is not None:
        for col in best.columns:
            if col.field and col.field not in _COUNT_FIELDS:
                best.fields.setdefault(col.field, col)  # first of repeated headers wins
    return best


# `填报单位：蕉城团区委`, `填报单位（盖章）：蕉城团区委`
_SUBTITLE_UNIT = re.compile(
    r"(?:填报单位|报送单位|所属单位|单位名称|单位)\s*(?:[(（][^)）]*[)）])?\s*[:：]\s*([^\s:：,，;；]+)"
)
# The next label on a subtitle typed without a space (`填报单位：福安团市委填报日期：2014年6月10日`):
# where the unit's name ends.
_NEXT_LABEL = re.compile(
    r"(?:填报|报送|上报|填表|制表|统计)(?:日期|时间|月份)|(?:统计|数据)?截[至止]|日期|联系人|联系电话|"
    r"填表人|填报人|负责人|审核人"
)
# `单位：条（篇）` under a title names the unit of measure, not an organisation.
_MEASURE = re.compile(r"[条篇次人个场元份件项天%‰][(（]?[条篇次人个场元份件项天]?[)）]?")
_SUBTITLE_COUNTY = re.compile(r"(?:县区|县（市、区）|县\(市、区\)|县市区|区县)\s*[:：]\s*([^\s:：,，;；]+)")


@dataclass
class SheetContext:
    """What the lines above the header (and the sheet name) say about the whole sheet."""

    unit: str | None = None
    county: str | None = None
    title_lines: list[str] = field(default_factory=list)


def read_context(rows: list[list[Any]], header_row: int) -> SheetContext:
    ctx = SheetContext()
    for r in range(header_row):
        line = " ".join(t for t in (text(c) for c in rows[r]) if t)
        if not line:
            continue
        ctx.title_lines.append(line)
        if ctx.unit is None and (m := _SUBTITLE_UNIT.search(line)) and not _MEASURE.fullmatch(m[1]):
            ctx.unit = _before_next_label(m[1])
        if ctx.county is None and (m := _SUBTITLE_COUNTY.search(line)):
            ctx.county = _before_next_label(m[1])
    return ctx


def _before_next_label(value: str) -> str:
    cut = _NEXT_LABEL.search(value, 1)  # from 1: a value is never empty
    return value[: cut.start()] if cut else value


_GENERIC_SHEET = re.compile(
    r"^(SHEET\d*(\s*\(\d+\))?|工作表\d*|表\d*|花名册.*|.*台账.*|.*统计.*|.*汇总.*|.*名单.*|.*明细.*|数据\d*|\d{4}.*|.*月.*)$",
    re.IGNORECASE,
)
_COUNTY_SUFFIX = re.compile(r"^.{1,6}(区|县|市|旗)$|^(市本级|市直|市直属)$")


def sheet_name_meaning(name: str) -> tuple[str | None, str | None]:
    """(county, unit) that a sheet name stands for: `蕉城区` is a county, `团市委` a unit,
    `Sheet1` or `2014年8月` nothing."""
    s = text(name) or ""
    if not s or _GENERIC_SHEET.match(s):
        return None, None
    if _COUNTY_SUFFIX.match(s):
        return s, None
    return None, s


def looks_like_county(name: str) -> bool:
    """`蕉城区`, `福安市`, `屏南县`, `市直`: a county-level name (a 社区 or 小区 is a neighbourhood)."""
    s = text(name) or ""
    return bool(_COUNTY_SUFFIX.match(s)) and not s.endswith(("社区", "小区", "校区", "景区"))


# `二、蕉城区`, `一、市直单位`, `（三）城南镇`: a section heading over the rows below it.
_ORDINAL = "[一二三四五六七八九十百零〇]+"
_SECTION = re.compile(rf"^(?:{_ORDINAL}[、.．]|[(（]{_ORDINAL}[)）]、?)\s*(?P<name>\S.*)$")
# `一、市直单位（12人）`: what is in brackets at the end counts or comments, it names nothing.
_TRAILING_NOTE = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def section_line(row: list[Any]) -> str | None:
    """The name a section line gives, `二、蕉城区` → `蕉城区`; None for any other row.

    The heading must be alone on its row (one value, however many cells a merge spreads it over):
    a row with other values is a record, whatever its first cell says."""
    # Cheap first: a data row's first value (a serial number, a name) fails here, before the rest is read.
    first = next((c for c in row if c is not None and c != ""), None)
    if not isinstance(first, str) or (heading := text(first)) is None or (m := _SECTION.match(heading)) is None:
        return None
    if any(v is not None and v != heading for v in (text(c) for c in row)):
        return None
    name = _TRAILING_NOTE.sub("", m["name"]).strip()
    return name or None


def opens_section(first: str) -> bool:
    """Whether a row whose first value is the text ``first`` may be a section line: the cheap first test
    of :func:`section_line`, which the sheet parser makes once per distinct first value."""
    heading = text(first)
    return heading is not None and _SECTION.match(heading) is not None


def is_total_row(row: list[Any], name_col: int | None) -> bool:
    """合计/小计/总计/共计 in a leading cell: every cell left of and including the name column, and
    the first three filled cells (a total row may write 合计 in 序号 and the head count in 姓名:
    `合计 | 200人`, or leave 姓名 blank and write 合计 under 单位)."""
    return _is_total([text(c) for c in row], name_col)


def _is_total(cells: list[str | None], name_col: int | None,
              total_cell: Callable[[str], bool] | None = None) -> bool:
    leading = list(filter(None, cells[: name_col + 1])) if name_col is not None else []
    leading += islice(filter(None, cells), 3)  # the first three filled cells
    return any(map(total_cell or is_total_cell, leading))


def is_total_cell(cell: str) -> bool:
    """Whether a filled cell's text (:func:`text`) opens a total row: 合计, 小计 …, `TOTAL`."""
    return _TOTAL_ROW.match(cell.upper().replace(" ", "")) is not None


def is_footer_cell(cell: str) -> bool:
    """Whether a filled cell's text (:func:`text`) opens a 填表人/审核人 footer line."""
    key = cell.upper().replace(" ", "")
    return any(key.startswith(w) for w in _FOOTER_WORDS)


def row_is_skippable(row: list[Any], name_col: int | None) -> bool:
    """Blank rows, 合计/小计 rows (see :func:`is_total_row`) and 填表人/审核人 footers: not members,
    not errors."""
    return texts_are_skippable([text(c) for c in row], name_col)


def texts_are_skippable(cells: list[str | None], name_col: int | None,
                        total_cell: Callable[[str], bool] | None = None,
                        footer_cell: Callable[[str], bool] | None = None) -> bool:
    """:func:`row_is_skippable` of a row whose cells are already :func:`text`; ``total_cell`` and
    ``footer_cell`` stand for :func:`is_total_cell` and :func:`is_footer_cell` (the sheet parser passes
    versions that look each distinct cell up once)."""
    first = next(filter(None, cells), None)
    if first is None:
        return True
    if _is_total(cells, name_col, total_cell):
        return True
    name = cells[name_col] if name_col is not None and name_col < len(cells) else None
    # `填表人：王某` typed in the name column is a footer line, not a member called so.
    return (footer_cell or is_footer_cell)(name or first)
