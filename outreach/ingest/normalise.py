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
