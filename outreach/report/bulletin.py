"""The monthly 通报 pack as data: one bulletin per county (or per unit) and the city-wide 通报.

Everything is read through the viewer's QueryRunner (its scope), for one month. A county's (unit's)
figures stand beside the city average: for counts (members, active members, actions) the mean over the
counties (units) in scope, for rates (active rate, actions per member) the whole city's ratio. Names of
people are masked (张*明) unless ``masked=False`` (the caller checks the unmask grant). Rendering is in
outreach/report/bulletin_docx.py; nothing here imports Streamlit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from outreach import team
from outreach.evaluation import active_rubric
from outreach.evaluation import members as eval_members
from outreach.evaluation.bands import competition_rank
from outreach.evaluation.scoring import evaluate
from outreach.evaluation.views import most_improved, previous_evaluation
from outreach.filters import Filters
from outreach.periods import add_months
from outreach.privacy import mask_frame
from outreach.queries import QueryRunner
from outreach.report import facts as report_facts
from outreach.units import split_unit_key

PER = ("county", "unit")
TOP_N = 5  # units and members on the 红榜 and the 黑榜
FIGURES = ("members", "active_members", "active_rate", "actions", "per_member")
UNIT_COLUMNS = ["unit_key", "unit", "county", "members", "active_members", "actions", "total", "rank", "band",
                "county_rank"]


@dataclass
class Figure:
    key: str  # one of FIGURES (label: i18n "bul.fig.<key>")
    value: float | None
    average: float | None  # the city average (see the module's docstring)


@dataclass
class Bulletin:
    """One county's (or one unit's) 通报 for ``month``."""

    per: str  # county | unit
    name: str  # the county, or the unit key
    month: dt.date
    figures: list[Figure]
    rank: int | None  # county: among counties by mean unit score; unit: its city-wide rank
    of: int  # how many counties (units) were ranked
    band: str | None  # unit: its band code ("" none); county: None
    total: float | None  # unit: its score; county: the mean score of its units
    units: pd.DataFrame  # UNIT_COLUMNS, by rank
    inactive: pd.DataFrame  # unit, name, role: on the roster, no action this month (names masked)
    not_reported: list[str] = field(default_factory=list)  # unit keys without a log for the month
    no_liaison: list[str] = field(default_factory=list)  # unit keys
    short_core: list[str] = field(default_factory=list)  # unit keys

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


@dataclass
class CityBulletin:
    month: dt.date
    red_units: pd.DataFrame  # top N units: unit_key, unit, county, total, rank, band
    red_members: pd.DataFrame  # top N members (ties kept): name, unit_key, unit, county, points, rank
    black_units: pd.DataFrame  # bottom N units, lowest last
    not_reported: list[str]  # unit keys
    improved: pd.DataFrame  # unit_key, unit, county, total_before, total, change, rank_change


@dataclass
class Pack:
    month: dt.date
    per: str
    masked: bool
    bulletins: list[Bulletin]
    city: CityBulletin


def last_month(today: dt.date | None = None) -> dt.date:
    """The calendar month before ``today`` (the cron line's ``--period last-month``)."""
    return add_months((today or dt.date.today()).replace(day=1), -1)


def build(q: QueryRunner, month: dt.date, per: str = "county", masked: bool = True, top: int = TOP_N) -> Pack:
    """The pack for ``month`` in the runner's scope."""
    if per not in PER:
        raise ValueError(f"per must be one of {PER}")
    month = month.replace(day=1)
    f = Filters(month, month)
    rubric = active_rubric(q.con)
    ev = evaluate(q, f, rubric)
    scores = report_facts.with_unit_key(ev.scores)
    units = report_facts.with_unit_key(q.df("report_units", f))
    table = units[["unit_key", "unit", "county", "members", "active_members", "actions"]].merge(
        scores[["unit_key", "total", "rank", "band", "county_rank"]], on="unit_key", how="left")
    table["county"] = table["county"].fillna("")
    table = table.sort_values(["rank", "unit", "unit_key"], na_position="last", kind="stable")[UNIT_COLUMNS]
    not_reported = report_facts._not_reported(q, f)
    gaps = report_facts._quota_gaps(team.by_unit(q, f))
    inactive = q.df("silent_members", f, months=1)
    inactive = mask_frame(inactive.astype({"name": object}), name_columns=("name",) if masked else ())

    groups = sorted(set(table["county"])) if per == "county" else list(table["unit_key"])
    sums = [_sums(table[table["county"] == g] if per == "county" else table[table["unit_key"] == g]) for g in groups]
    city = _sums(table)
    n = len(groups) or 1
    averages = {"members": sum(s["members"] for s in sums) / n,
                "active_members": sum(s["active_members"] for s in sums) / n,
                "actions": sum(s["actions"] for s in sums) / n,
                "active_rate": city["active_rate"], "per_member": city["per_member"]}
    county_means = pd.Series({g: table.loc[table["county"] == g, "total"].mean() for g in groups}) \
        if per == "county" else pd.Series(dtype="float64")
    county_rank = competition_rank(county_means.fillna(0.0)) if per == "county" and len(county_means) else None

    bulletins = []
    for g, s in zip(groups, sums, strict=True):
        mine = table[table["county"] == g] if per == "county" else table[table["unit_key"] == g]
        keys = set(mine["unit_key"])
        figs = [Figure(k, s[k], averages[k]) for k in FIGURES]
        if per == "county":
            rank, band = int(county_rank[g]), None
            total = None if pd.isna(county_means[g]) else round(float(county_means[g]), 2)
        else:
            row = mine.iloc[0]
            rank = None if pd.isna(row["rank"]) else int(row["rank"])
            band = None if pd.isna(row["band"]) else str(row["band"])
            total = None if pd.isna(row["total"]) else float(row["total"])
        people = inactive[inactive["unit_key"].isin(keys)]
        bulletins.append(Bulletin(
            per=per, name=g, month=month, figures=figs, rank=rank, of=len(groups), band=band, total=total,
            units=mine.reset_index(drop=True), inactive=people[["unit", "name", "role"]].reset_index(drop=True),
            not_reported=[k for k in not_reported if k in keys], no_liaison=[k for k in gaps.no_liaison if k in keys],
            short_core=[k for k in gaps.short_core if k in keys]))

    ranked = scores[["unit_key", "unit", "county", "total", "rank", "band"]]
    members = eval_members.leaderboard(q, f, rubric, top=top)
    members = mask_frame(members.astype({"name": object}), name_columns=("name",) if masked else ())
    improved = most_improved(ev, previous_evaluation(q, ev), n=top)
    city_bulletin = CityBulletin(
        month=month, red_units=ranked.head(top).reset_index(drop=True),
        red_members=members[["name", "unit_key", "unit", "county", "points", "rank"]].reset_index(drop=True),
        black_units=ranked.tail(top).reset_index(drop=True) if len(ranked) else ranked,
        not_reported=not_reported,
        improved=improved.reindex(columns=["unit_key", "unit", "county", "total_before", "total", "change",
                                           "rank_change"]).reset_index(drop=True))
    return Pack(month, per, masked, bulletins, city_bulletin)


def _sums(df: pd.DataFrame) -> dict[str, float | None]:
    members = int(df["members"].fillna(0).sum())
    active = int(df["active_members"].fillna(0).sum())
    actions = int(df["actions"].fillna(0).sum())
    return {"members": members, "active_members": active, "actions": actions,
            "active_rate": round(active / members, 4) if members else None,
            "per_member": round(actions / members, 2) if members else None}


def file_stem(month: dt.date, name: str) -> str:
    """`2014年9月通报_福安市` (a unit key's slash becomes an underscore)."""
    county, unit = split_unit_key(name) if "/" in name else (None, name)
    label = (f"{county}_{unit}" if county else unit) or "未填县区"  # units whose roster named no county
    return f"{month.year}年{month.month}月通报_{label}"
