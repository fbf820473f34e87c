"""What the viewer asked to see: a month range and optional county/unit/category/role lists."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from outreach.ingest.issues import ImportRefused, Issue

FAR_PAST = dt.date(1900, 1, 1)
FAR_FUTURE = dt.date(2999, 12, 1)


def month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, 1)


@dataclass(frozen=True)
class Filters:
    month_from: dt.date = FAR_PAST
    month_to: dt.date = FAR_FUTURE
    counties: tuple[str, ...] = field(default_factory=tuple)
    units: tuple[str, ...] = field(default_factory=tuple)
    categories: tuple[str, ...] = field(default_factory=tuple)
    roles: tuple[str, ...] = field(default_factory=tuple)

    def params(self) -> dict[str, object]:
        """Bound parameters shared by the named queries; an empty list means "all"."""
        return {
            "month_from": self.month_from,
            "month_to": self.month_to,
            "counties": list(self.counties) or None,
            "units": list(self.units) or None,
            "categories": list(self.categories) or None,
            "roles": list(self.roles) or None,
        }

    def previous(self) -> Filters:
        """The same filters over the period of equal length just before this one."""
        months = (self.month_to.year - self.month_from.year) * 12 + self.month_to.month - self.month_from.month + 1
        return Filters(add_months(self.month_from, -months), add_months(self.month_from, -1),
                       self.counties, self.units, self.categories, self.roles)


def parse_period(text: str | None) -> tuple[dt.date, dt.date]:
    """`2014-08` → Aug 2014; `2014` → Jan–Dec 2014; `2014-05:2014-09` → May–Sep; None → all time."""
    if not text:
        return FAR_PAST, FAR_FUTURE
    value = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?::(\d{4})-(\d{1,2}))?", value)
    if m and 1 <= int(m[2]) <= 12 and (m[3] is None or 1 <= int(m[4]) <= 12):
        start = dt.date(int(m[1]), int(m[2]), 1)
        end = dt.date(int(m[3]), int(m[4]), 1) if m[3] else start
        if end >= start:
            return start, end
    m = re.fullmatch(r"(\d{4})", value)
    if m:
        return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 1)
    raise ImportRefused(Issue("err.bad_period_arg", "error", "--period", params={"value": text}))


def parse_month(text: str) -> dt.date:
    start, end = parse_period(text)
    if start != end:
        raise ImportRefused(Issue("err.bad_period_arg", "error", "--period", params={"value": text}))
    return start
