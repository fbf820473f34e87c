"""Figures of the 活动 page: trends by type and platform, county comparison, events, calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from outreach.filters import Filters
from outreach.periods import add_months
from outreach.queries import QueryRunner, data_months
from outreach.vocab import ADOPTION_LEVELS


def trend(q: QueryRunner, f: Filters, grain: str = "month", by: str = "type") -> pd.DataFrame:
    """Actions per period (month, or ISO week from dated rows) split by ``type`` or ``platform``."""
    df = q.df("activity_by_week" if grain == "week" else "activity_by_month", f)
    return df.groupby(["period", by], as_index=False)["actions"].sum()


def county_comparison(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Per county: actions, actions per member, and the active rate of the period's last month. A county
    none of whose units reported that month has no rate (NaN, shown as 未报送), not a rate of 0."""
    df = q.df("county_comparison", f)
    members = df["members"].where(df["members"] > 0)
    df["per_member"] = (df["actions"] / members).round(1)
    df["active_rate"] = (df["active_members"] / members).round(3).where(df["reported_units"] > 0)
    return df


def adoption(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Adopted work per month and level (queries/adoption_items.sql): period, adopt_level, adopted_items (an
    item adopted several times in the period counted once, at its highest level), adoptions (as reported)."""
    df = q.df("adoption_items", f)
    columns = ["period", "adopt_level", "adopted_items", "adoptions"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    out = df.groupby(["month", "level"], as_index=False)[["items", "adoptions"]].sum()
    out.columns = columns
    out["rank"] = out["adopt_level"].map({lv: i for i, lv in enumerate(ADOPTION_LEVELS)})
    return out.sort_values(["period", "rank"]).drop(columns="rank").reset_index(drop=True)


def events(q: QueryRunner, f: Filters) -> pd.DataFrame:
    return q.df("events_list", f)


@dataclass(frozen=True)
class CalendarCoverage:
    """Which months of the period the daily calendar can show: only rows with a date reach it, and a
    monthly summary sheet has none (in the demo, May–August are summaries and September a dated log)."""

    dated: list[dt.date]  # months with dated rows
    undated: list[dt.date]  # months of the period with data but no dated row

    @property
    def whole(self) -> bool:
        return not self.undated


def calendar_coverage(q: QueryRunner, f: Filters, days: pd.DataFrame) -> CalendarCoverage:
    """``days``: :func:`calendar`'s rows for ``f``."""
    dated = sorted({dt.date(d.year, d.month, 1) for d in pd.to_datetime(days["day"])})
    return CalendarCoverage(dated, [m for m in data_months(q, f) if m not in set(dated)])


def month_runs(months: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sorted months as runs of consecutive ones: [May, Jun, Jul, Sep] → [(May, Jul), (Sep, Sep)]."""
    runs: list[tuple[dt.date, dt.date]] = []
    for m in months:
        if runs and add_months(runs[-1][1], 1) == m:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def calendar(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Daily totals with the weekday (0 = Monday) and the Monday of their week, for a heatmap."""
    df = q.df("activity_by_day", f)
    days = pd.to_datetime(df["day"])
    df["weekday"] = days.dt.day_of_week
    df["week"] = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.date
    return df
