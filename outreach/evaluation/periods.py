"""Evaluation periods: a month, a quarter, a year or a range of months, written as offices write them.

``2014``, ``2014年``, ``2014年度`` → the year; ``2014-Q3``, ``2014年第三季度``, ``2014年3季度`` → the quarter;
``2014-08``, ``2014年8月``, ``2014.08`` → the month; ``2014-05:2014-09``, ``2014年5月至9月`` → the range.
"""

from __future__ import annotations

import datetime as dt
import re

from outreach.filters import add_months, parse_period
from outreach.i18n import t

GRAINS = ("month", "quarter", "year")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(r"(\d{4})\s*(?:-|年)?\s*(?:Q|第)?\s*([1-4一二三四])\s*(?:季度|季)?", re.IGNORECASE)
_YEAR = re.compile(r"(\d{4})\s*年?度?")
_MONTH = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?")
_RANGE = re.compile(r"(.+?)\s*(?::|至|到|～|~|—|–)\s*(.+)")


def quarter_of(month: dt.date) -> tuple[dt.date, dt.date]:
    start = dt.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
    return start, add_months(start, 2)


def parse_eval_period(text: str) -> tuple[dt.date, dt.date]:
    """(first month, last month) of ``text``; raises ValueError when it names no period."""
    value = re.sub(r"\s+", "", str(text)).upper()
    if not value:
        raise ValueError(text)
    if (m := _QUARTER.fullmatch(value)) and ("Q" in value or "季" in value):
        return quarter_of(dt.date(int(m[1]), (_CN_DIGITS[m[2]] - 1) * 3 + 1, 1))
    if m := _YEAR.fullmatch(value):
        return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 1)
    if m := _MONTH.fullmatch(value):
        return _month(int(m[1]), int(m[2]), text)
    if m := _RANGE.fullmatch(value):
        start = parse_eval_period(m[1])[0]
        end_text = m[2] if re.match(r"\d{4}", m[2]) else f"{start.year}年{m[2]}"
        end = parse_eval_period(end_text)[1]
        if end < start:
            raise ValueError(text)
        return start, end
    try:
        return parse_period(value)
    except Exception as exc:  # the CLI's own parser refuses with an import issue; here it is a ValueError
        raise ValueError(text) from exc


def _month(year: int, month: int, text: str) -> tuple[dt.date, dt.date]:
    if not 1 <= month <= 12:
        raise ValueError(text)
    return dt.date(year, month, 1), dt.date(year, month, 1)


def period_label(start: dt.date, end: dt.date, lang: str | None = None) -> str:
    """2014年8月, 2014年第3季度, 2014年度, or 2014年5月—2014年9月."""
    if start == end:
        return t("eval.period_month", lang, year=start.year, month=start.month)
    if (start.month, end.month) == (1, 12) and start.year == end.year:
        return t("eval.period_year", lang, year=start.year)
    if quarter_of(start) == (start, end):
        return t("eval.period_quarter", lang, year=start.year, quarter=(start.month - 1) // 3 + 1)
    return t("eval.period_range", lang, start=t("eval.period_month", lang, year=start.year, month=start.month),
             end=t("eval.period_month", lang, year=end.year, month=end.month))


def choices(months: list[dt.date], grain: str) -> list[tuple[dt.date, dt.date]]:
    """The months, quarters or years that hold data, newest first."""
    if grain == "month":
        spans = {(m, m) for m in months}
    elif grain == "quarter":
        spans = {quarter_of(m) for m in months}
    else:
        spans = {(dt.date(m.year, 1, 1), dt.date(m.year, 12, 1)) for m in months}
    return sorted(spans, reverse=True)


def previous(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before (a quarter's previous quarter, a year's last year)."""
    length = (end.year - start.year) * 12 + end.month - start.month + 1
    return add_months(start, -length), add_months(start, -1)
