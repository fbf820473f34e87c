"""Month arithmetic and the period presets of the filters, anchored on the latest month that has data
(not today's date: offices upload history, and "this month" of a 2014 archive is its last month)."""

from __future__ import annotations

import datetime as dt

PRESETS: tuple[str, ...] = ("all", "this_month", "last_month", "this_quarter", "this_year", "last_12", "custom")


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, 1)


def preset_range(preset: str, first: dt.date, latest: dt.date) -> tuple[dt.date, dt.date]:
    """(from, to) months of a preset; never before ``first`` (empty months would only dilute rates)."""
    if preset == "this_month":
        start, end = latest, latest
    elif preset == "last_month":
        start = end = add_months(latest, -1)
    elif preset == "this_quarter":
        start, end = dt.date(latest.year, (latest.month - 1) // 3 * 3 + 1, 1), latest
    elif preset == "this_year":
        start, end = dt.date(latest.year, 1, 1), latest
    elif preset == "last_12":
        start, end = add_months(latest, -11), latest
    else:
        start, end = first, latest
    if end >= first:
        start = max(start, first)
    return start, end
