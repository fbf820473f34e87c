"""Figures of the 活动 page: trends by type and platform, county comparison, events, calendar."""

from __future__ import annotations

import pandas as pd

from outreach.filters import Filters
from outreach.queries import QueryRunner


def trend(q: QueryRunner, f: Filters, grain: str = "month", by: str = "type") -> pd.DataFrame:
    """Actions per period (month, or ISO week from dated rows) split by ``type`` or ``platform``."""
    df = q.df("activity_by_week" if grain == "week" else "activity_by_month", f)
    return df.groupby(["period", by], as_index=False)["actions"].sum()


def county_comparison(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Per county: actions, actions per member, and the active rate of the period's last month."""
    df = q.df("county_comparison", f)
    members = df["members"].where(df["members"] > 0)
    df["per_member"] = (df["actions"] / members).round(1)
    df["active_rate"] = (df["active_members"] / members).round(3)
    return df


def events(q: QueryRunner, f: Filters) -> pd.DataFrame:
    return q.df("events_list", f)


def calendar(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Daily totals with the weekday (0 = Monday) and the Monday of their week, for a heatmap."""
    df = q.df("activity_by_day", f)
    days = pd.to_datetime(df["day"])
    df["weekday"] = days.dt.day_of_week
    df["week"] = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.date
    return df
