"""Reporting deadline (报送截止日) and the 催报 list: which units sent a month's log late, or not at all.

A month's log is due by day ``OUTREACH_REPORT_DUE_DAY`` (default 5) of the following month. A unit is
*late* for a month when the first live activity log covering that unit and month was imported after the
end of the due day, and *missing* when no live log covers it yet — from the month of its first roster on
(queries/unit_first_roster_month.sql): a unit that joined in August owed no log for July. Months are those of
the period that hold data; units are those in the viewer's scope and the filters (queries/unit_last_reported.sql), the
imports come from queries/report_first_imports.sql — both through the scoped macros.
"""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd

from outreach.filters import Filters
from outreach.i18n import t
from outreach.periods import add_months
from outreach.queries import QueryRunner, data_months

DEFAULT_DUE_DAY = 5
COLUMNS = ["month", "county", "unit", "unit_key", "status", "due", "first_imported", "days_late"]


def due_day() -> int:
    """$OUTREACH_REPORT_DUE_DAY (1–28), else 5."""
    raw = os.environ.get("OUTREACH_REPORT_DUE_DAY", "").strip()
    try:
        day = int(raw) if raw else DEFAULT_DUE_DAY
    except ValueError:
        return DEFAULT_DUE_DAY
    return day if 1 <= day <= 28 else DEFAULT_DUE_DAY


def due_date(month: dt.date, day: int | None = None) -> dt.date:
    """The day by which ``month``'s log is due: ``day`` of the following month."""
    return add_months(month, 1).replace(day=day or due_day())


def late_and_missing(q: QueryRunner, f: Filters, day: int | None = None) -> pd.DataFrame:
    """COLUMNS, one row per late or missing (unit, month), by month then county and unit. ``status`` is
    'late' or 'missing'; ``days_late`` counts whole days after the due day (missing: None)."""
    day = day or due_day()
    # 5,000 units × 24 months at province scale: kept per data state like a query result.
    return q.memo("late_and_missing", (f, day), lambda: _late_and_missing(q, f, day))


def _late_and_missing(q: QueryRunner, f: Filters, day: int) -> pd.DataFrame:
    months = data_months(q, f)
    if not months:
        return pd.DataFrame(columns=COLUMNS)
    r = Filters(months[0], months[-1], f.counties, f.units)
    units = q.df("unit_last_reported", r)[["unit_key", "unit", "county"]]
    first = q.df("report_first_imports", r)
    # Whole columns converted at once (a Timestamp built per cell took a second at 120,000 unit-months).
    seen = dict(zip(zip(first["unit_key"], _dates(first["month"]), strict=True),
                    pd.to_datetime(first["first_imported"]), strict=True))
    joined = q.df("unit_first_roster_month", r)
    since = dict(zip(joined["unit_key"], _dates(joined["first_month"]), strict=True))
    rows = []
    for month in months:
        due = due_date(month, day)
        for key, unit, county in zip(units["unit_key"], units["unit"], units["county"], strict=True):
            at = seen.get((key, month))
            if at is None and month < since.get(key, month):
                continue  # before the unit's first roster: it owed no log yet
            if at is None:
                rows.append([month, county, unit, key, "missing", due, None, None])
            elif at.date() > due:
                rows.append([month, county, unit, key, "late", due, at.to_pydatetime(), (at.date() - due).days])
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["month", "county", "unit"], kind="stable").reset_index(drop=True)


def _dates(values: pd.Series) -> list[dt.date]:
    return list(pd.to_datetime(values).dt.date)


def reminder_frame(df: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The 催报 list to show and download: Chinese (or English) headers, months as YYYY-MM."""
    return pd.DataFrame({
        t("dl.c.month", lang): [f"{m:%Y-%m}" for m in df["month"]],
        t("dl.c.county", lang): df["county"],
        t("dl.c.unit", lang): df["unit"],
        t("dl.c.status", lang): [t(f"dl.status.{s}", lang) for s in df["status"]],
        t("dl.c.due", lang): [f"{d:%Y-%m-%d}" for d in df["due"]],
        t("dl.c.imported", lang): ["" if v is None or pd.isna(v) else f"{pd.Timestamp(v):%Y-%m-%d %H:%M}"
                                   for v in df["first_imported"]],
        # Whole days or nothing (missing): one integer column, so tables and files keep its type.
        t("dl.c.days_late", lang): pd.array([None if v is None or pd.isna(v) else int(v) for v in df["days_late"]],
                                            dtype="Int64"),
    })
