"""Figures of the 总览 page: this period against the one before, by county, by month, freshness."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from outreach import activity
from outreach.filters import Filters
from outreach.queries import QueryRunner, data_months
from outreach.units import display_names


@dataclass
class Headline:
    members: int
    units: int
    actions: int
    opinion_reports: int
    active_members: int  # in the last month of the period
    roster_members: int  # the roster of that month: the active rate's denominator
    trained_members: int

    @property
    def active_rate(self) -> float | None:
        return self.active_members / self.roster_members if self.roster_members else None


def headline(q: QueryRunner, f: Filters) -> Headline:
    by_county = q.df("members_by_county", f)
    actions = q.df("actions_by_platform_type", f)
    trained = q.value("trained_members", f)
    month = q.df("active_members_in_month", f, month=f.month_to).iloc[0]
    return Headline(
        members=int(by_county["members"].sum()),
        units=int(by_county["units"].sum()),
        actions=int(actions["actions"].sum()),
        opinion_reports=int(actions.loc[actions["type"] == "opinion_report", "actions"].sum()),
        active_members=int(month["active_members"] or 0),
        roster_members=int(month["roster_members"] or 0) if pd.notna(month["roster_members"]) else 0,
        trained_members=int(trained or 0),
    )


def previous_headline(q: QueryRunner, f: Filters) -> Headline | None:
    """The period before, or None when no data reaches back that far (a change from nothing says nothing)."""
    months = data_months(q)
    before = f.previous()
    if not months or before.month_to < months[0]:
        return None
    return headline(q, before)


@dataclass(frozen=True)
class Coverage:
    """How many months hold data in this period and in the previous one of equal length."""

    now: int
    before: int

    @property
    def partial(self) -> bool:
        """The previous period holds fewer months of data than this one (本季度 against a quarter whose
        data starts in its second month): its totals cover less time, so changes in them would mislead."""
        return self.before < self.now


def coverage(q: QueryRunner, f: Filters) -> Coverage:
    months = data_months(q)
    before = f.previous()
    return Coverage(now=sum(f.month_from <= m <= f.month_to for m in months),
                    before=sum(before.month_from <= m <= before.month_to for m in months))


def members_by_county(q: QueryRunner, f: Filters) -> pd.DataFrame:
    return q.df("members_by_county", f)


def monthly_trend(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Actions per month by type (columns period, type, actions): the 活动 page's trend, monthly."""
    return activity.trend(q, f, "month", "type")


def freshness(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Units with the latest month they reported; ``late`` when that is before the period's last month."""
    df = q.df("unit_last_reported", f)
    df["unit"] = display_names(df["county"], df["unit"])
    df = df.drop(columns="unit_key")
    df["late"] = df["last_month"].isna() | (pd.to_datetime(df["last_month"]) < pd.Timestamp(f.month_to))
    return df


@dataclass
class UnitRanking:
    """Units ranked by actions per member: the first ``n`` and the last ``n`` (never the same unit
    twice), and the units that had actions but nobody on the roster to divide by."""

    top: pd.DataFrame  # rank, county, unit, members, actions, per_capita
    bottom: pd.DataFrame
    unranked: list[str]
    ranked_count: int


def unit_ranking(q: QueryRunner, f: Filters, n: int = 5) -> UnitRanking:
    df = q.df("unit_per_capita", f)
    df = df.assign(unit=display_names(df["county"].replace("", None), df["unit"]))
    ranked = df[df["rank"].notna()].astype({"rank": int})
    ranked = ranked.assign(per_capita=ranked["per_capita"].round(2))[
        ["rank", "county", "unit", "members", "actions", "per_capita"]]
    return UnitRanking(
        top=ranked.head(n).reset_index(drop=True),
        bottom=ranked.iloc[n:].tail(n).reset_index(drop=True),
        unranked=df.loc[df["rank"].isna(), "unit"].tolist(),
        ranked_count=len(ranked),
    )
