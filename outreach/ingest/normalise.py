"""Cell values as offices type them → clean Python values. Pure functions, no I/O.

Each parser returns the clean value, or raises ValueError when the cell holds something it cannot
honestly turn into one (the caller turns that into a located issue).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

_SPACES = re.compile(r"\s+")
_EXCEL_1900 = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, allowing for Lotus's 1900-02-29
_EXCEL_1904 = dt.date(1904, 1, 1)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str | None:
    """NFKC (full-width → half-width), trimmed, inner runs of space folded; None when blank."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    s = unicodedata.normalize("NFKC", str(value)).replace("\u3000", " ")
    s = _SPACES.sub(" ", s).strip()
    return s or None


def person_name(value: Any) -> str | None:
    """A member's name: no spaces inside a Chinese name (`张 三` is 张三); Latin names keep theirs."""
    s = text(value)
    if s is None:
        return None
    if re.search(r"[A-Za-z]\s+[A-Za-z]", s):
        return s
    return s.replace(" ", "")


_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")


def phone(value: Any) -> str | None:
    """11-digit mobile (`138 1234 5678`, `+86-138…`, a number cell 13812345678.0) or a landline.

    A number shown in scientific notation (`1.38E+10`) has lost its last digits: refused, not guessed.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        value = str(int(value))
    elif isinstance(value, int):
        value = str(value)
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if re.search(r"[eE][+]?\d", s):
        raise ValueError(value)
    compact = re.sub(r"[\s\-()（）]", "", s)
    compact = re.sub(r"^(\d{11})\.0+$", r"\1", compact)  # a number cell saved as text: `13812345678.0`
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    if _MOBILE.fullmatch(compact):
        return compact
    if _LANDLINE.fullmatch(re.sub(r"\s", "", s)):
        return re.sub(r"\s", "", s)
    raise ValueError(value)


def excel_serial_to_date(serial: float, date1904: bool = False) -> dt.date:
    base = _EXCEL_1904 if date1904 else _EXCEL_1900
    return base + dt.timedelta(days=int(serial))


_TIME = r"(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # `2014/7/1 10:30` as a CSV export writes it
_DATE_PATTERNS = (
    # 2014-07-01, 2014/7/1, 2014.7.1, 2014年7月1日, each optionally with a time of day
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?" + _TIME),
    # 20140701
    re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})"),
)
_MONTH_PATTERNS = (
    # 2014年7月, 2014-07, 2014/7, 2014.07
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?"),
    # 201407
    re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>\d{2})"),
)


def date_or_month(value: Any, date1904: bool = False) -> tuple[dt.date, bool]:
    """A date cell → (date, True); a month-only value (`2014年7月`, `2014.07`) → (first day, False)."""
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Excel serials between 1954 and 2064; anything else in a date column is a typing slip.
        if 20000 <= value <= 60000:
            return excel_serial_to_date(value, date1904), True
        if 190001 <= value <= 209912 and float(value).is_integer():  # 201407 typed as a number
            value = str(int(value))
        else:
            raise ValueError(value)
    s = text(value)
    if s is None:
        raise ValueError(value)
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"])), True
    for pattern in _MONTH_PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            return dt.date(int(m["y"]), int(m["m"]), 1), False
    raise ValueError(value)


_PERIOD_IN_TEXT = (
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-._/](?P<m>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?!\d)"),
)


# `填表日期：2014年9月3日` says when the form was filled in, not which month it reports.
_NOT_PERIOD = re.compile(r"(填表|填报|报送|制表|审核|打印)(日期|时间)\s*[:：]?\s*[^\s]*")


def month_in_text(value: Any) -> dt.date | None:
    """The year-month named inside free text: a title `2014年8月工作量统计表`, `统计月份：2014年8月`,
    a sheet name `2014.08`, a file name `台账_201408.xlsx`. First day of that month, or None."""
    s = text(value)
    if s is None:
        return None
    s = _NOT_PERIOD.sub(" ", s)
    for pattern in _PERIOD_IN_TEXT:
        m = pattern.search(s)
        if m and 1 <= int(m["m"]) <= 12:
            return dt.date(int(m["y"]), int(m["m"]), 1)
    return None


# A month or date anywhere after a filing keyword, read from the start of what follows it:
# `2014年6月10日`, `2014-06-10`, `2014.6`, `20140610`, `201406`.
_DATE_AFTER_KEYWORD = re.compile(
    r"\s*(?:(?P<y>(?:19|20)\d{2})\s*[-/._年]\s*(?P<m>\d{1,2})(?!\d)"
    r"|(?P<y2>(?:19|20)\d{2})(?P<m2>0[1-9]|1[0-2])(?:(?:0[1-9]|[12]\d|3[01]))?(?!\d))"
)
# What dates a roster: when it was filled in or sent, or the day its figures stand at. Longest first,
# so that `统计截至` is not read as `截至` with `统计` left over.
_FILING_KEYWORDS = re.compile(
    r"(?:填报|报送|上报|填表|制表|统计)(?:日期|时间)|(?:统计|数据)?截[至止](?:日期|时间)?"
    r"|(?<![^\s])日期"  # a bare `日期：…` starting a line or a cell, never `出生日期`
)


def filing_month_in_text(value: Any) -> dt.date | None:
    """The month a 填报日期/报送日期/统计截至/截至/截止 line names (`填报日期：2014年6月10日` → June 2014).

    A roster is a snapshot: the day it was filled in dates it. A log's month is another matter
    (:func:`month_in_text` deliberately ignores these lines), so only rosters ask for this."""
    s = text(value)
    if s is None:
        return None
    for keyword in _FILING_KEYWORDS.finditer(s):
        rest = s[keyword.end():].lstrip(":：是为 ")
        m = _DATE_AFTER_KEYWORD.match(rest)
        if m is None:
            continue  # a blank form (`填报日期：    年  月  日`): look for another keyword
        year, month = (m["y"], m["m"]) if m["y"] else (m["y2"], m["m2"])
        if 1 <= int(month) <= 12:
            return dt.date(int(year), int(month), 1)
    return None


# Months outside [EARLIEST_MONTH, the current month] are typing slips (2099 for 2009, 1014 for 2014):
# one such row would move 本月 and fill the month tables with empty months up to it.
EARLIEST_MONTH = dt.date(2000, 1, 1)


def month_in_range(month: dt.date, latest: dt.date) -> bool:
    """Whether ``month`` (any day of it) lies between EARLIEST_MONTH and the month of ``latest``."""
    return EARLIEST_MONTH <= month.replace(day=1) <= latest.replace(day=1)


def month_text(month: dt.date) -> str:
    """`2014-08`: how messages quote a month, the same in every language."""
    return f"{month.year:04d}-{month.month:02d}"


# A lone dash, slash or 无 in a count cell: "none this month", typed instead of 0.
_COUNT_PLACEHOLDER = re.compile(r"[-—–―─]+|/|无")


def is_count_placeholder(value: Any) -> bool:
    """`-`, `—`, `–`, `——`, `/`, `／`, `无` in a count cell: the office's way of writing 0."""
    s = text(value)
    return s is not None and _COUNT_PLACEHOLDER.fullmatch(s) is not None


def count(value: Any) -> int:
    """A non-negative whole number: 3, 3.0, `３`, `3条`, `12 次`. Raises on 2.5, -1, `很多`."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if value < 0 or not float(value).is_integer():
            raise ValueError(value)
        return int(value)
    s = text(value)
    if s is None:
        raise ValueError(value)
    m = re.fullmatch(r"(\d+)(?:\.0+)?\s*(?:条|次|篇|个|场|人次)?", s.replace(",", ""))
    if not m:
        raise ValueError(value)
    return int(m[1])


# What ends up in a name column besides names: the head count of a total row (`200人`, `共200名`,
# `小计：15人`, a bare `200`) and the marks offices leave under the last member (`以下空白`, `同上`).
_COUNT_AS_NAME = re.compile(
    r"(?:共计|合计|总计|小计|总数|人数|共|计)?:?\d[\d,]*(?:人次|人|名|个|位|条|次|篇)?"
)
_LABEL_AS_NAME = re.compile(
    r"以下.*|.*空白.*|(?:共计|合计|总计|小计).*|空|无|略|暂无|待定|待补充?|同上|[-—–―─/\\.…]+|N/?A|NULL|NONE",
    re.IGNORECASE,
)


def is_count_or_label(name: str) -> bool:
    """Whether a name cell holds a count or a label rather than a person (`200人`, `以下空白`, `1`).

    Checked on the cleaned name (:func:`person_name`). Real names are never refused for their
    characters: `阿依古丽·买买提`, `欧阳娜娜`, `Mary Smith` pass; only a whole cell that reads as a
    number of people or a placeholder does not."""
    s = name.replace(" ", "")
    return _COUNT_AS_NAME.fullmatch(s) is not None or _LABEL_AS_NAME.fullmatch(s) is not None


def birth_year(value: Any, reference_year: int, date1904: bool = False) -> int:
    """`1985-03`, `1985年3月`, a date cell, a serial, `1985`, or an age (`38`) → a birth year."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 10 <= value <= 110 and float(value).is_integer():
            return reference_year - int(value)
        if 1900 <= value <= reference_year and float(value).is_integer():
            return int(value)
        if 3000 <= value < 20000:  # a raw serial before 1954 (date_or_month stops there): 离退休干部 were born then
            return excel_serial_to_date(value, date1904).year
    s = text(value)
    if s is not None:
        m = re.fullmatch(r"(\d{2,3})\s*岁?", s)
        if m and 10 <= int(m[1]) <= 110:
            return reference_year - int(m[1])
        m = re.fullmatch(r"((?:19|20)\d{2})\s*年?", s)
        if m:
            return int(m[1])
    return date_or_month(value, date1904)[0].year
