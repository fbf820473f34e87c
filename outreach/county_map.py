"""The county map (区县地图): each county's figure on the city's own boundaries.

The figures per county are the 活动 page's county comparison (members on the roster of the period's
last month, actions, actions per member, active rate) and, when asked for, the evaluation's mean unit
score. Roster county names are matched to the chosen city's counties by outreach.geo (福安 / 福安市团委
→ 福安市); several spellings of one county are added up. Names of the city itself (市本级) are not a
county: they come back as their own figures, to be shown beside the map, never dropped. Names that fit
no county (or two) are listed for the 数据 page's data-quality tab.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from outreach import activity, geo
from outreach.filters import Filters
from outreach.queries import QueryRunner

MEASURES = ("members", "per_member", "active_rate", "score")
_SUMS = ("members", "actions", "active_members", "reported_units")


@dataclass(frozen=True)
class CountyMap:
    choice: geo.CityChoice
    counties: pd.DataFrame  # every county of the city: adcode, county, members, actions, active_members,
    #                          per_member, active_rate, score (NaN without data), names (the rosters'
    #                          spellings), drill (the spelling with the most members: what a click drills into)
    city_level: pd.DataFrame  # one row, the same figures summed over every 市本级-like name (empty if none)
    unmatched: pd.DataFrame  # county (as written), reason (message key), members, actions

    @property
    def city(self) -> geo.City | None:
        return self.choice.city

    def geojson(self) -> dict | None:
        return geo.load_city(self.city) if self.city else None


def figures(q: QueryRunner, f: Filters, scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per roster county name: members, actions, active members and, given the evaluation's unit scores
    (unit_key, county, total), the unit total's sum and count (for a mean that adds up across spellings)."""
    df = activity.county_comparison(q, f)[["county", *_SUMS]]
    if scores is not None and not scores.empty:
        by = scores.groupby("county")["total"].agg(score_sum="sum", score_units="count").reset_index()
        df = df.merge(by, on="county", how="outer")
    for column in (*_SUMS, "score_sum", "score_units"):
        df[column] = df[column].fillna(0) if column in df else 0
    return df


def build(q: QueryRunner, f: Filters, scores: pd.DataFrame | None = None,
          env: Mapping[str, str] | None = None) -> CountyMap:
    """The map's figures for the viewer's scope and filters. ``scores``: the evaluation's unit scores
    (Evaluation.scores), needed only for the score measure."""
    return assemble(figures(q, f, scores), env)


def assemble(per_name: pd.DataFrame, env: Mapping[str, str] | None = None) -> CountyMap:
    """Match the names of ``per_name`` (see :func:`figures`) to the chosen city and add them up."""
    names = [n for n in per_name["county"] if isinstance(n, str) and n.strip()]
    choice = geo.city_choice(names, env)
    if choice.city is None:
        return CountyMap(choice, _empty_counties(), _empty_like(per_name), _unmatched(per_name, None))
    match = geo.match_counties(per_name["county"], choice.city)
    rows = per_name.assign(adcode=[_adcode(match, n) for n in per_name["county"]])
    level = rows[rows["county"].isin(match.city_level)]
    counted = rows[rows["adcode"].notna()]
    summed = counted.groupby("adcode", as_index=False).agg(
        **{c: (c, "sum") for c in (*_SUMS, "score_sum", "score_units")},
        names=("county", lambda s: "、".join(sorted(s))))
    # The spelling a click drills into (filters and the drill-down hold the rosters' own names): the
    # one with the most members.
    primary = counted.sort_values(["members", "county"], ascending=[False, True]).drop_duplicates("adcode")
    summed = summed.merge(primary[["adcode", "county"]].rename(columns={"county": "drill"}), on="adcode")
    base = pd.DataFrame([(c.adcode, c.name) for c in choice.city.counties if c.adcode], columns=["adcode", "county"])
    counties = _rates(base.merge(summed, on="adcode", how="left"))
    columns = [*_SUMS, "score_sum", "score_units"]
    city_level = _rates(level[columns].sum().to_frame().T) if len(level) else _empty_like(per_name)
    rest = rows[rows["adcode"].isna() & ~rows.index.isin(level.index)]
    return CountyMap(choice, counties, city_level, _unmatched(rest, match))


def _adcode(match: geo.CountyMatch, name: object) -> str | None:
    county = match.matches.get(name) if isinstance(name, str) else None
    return county.adcode if county else None


def _rates(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for column in (*_SUMS, "score_sum", "score_units"):
        df[column] = pd.to_numeric(df[column], errors="coerce")
    members = df["members"].where(df["members"] > 0)
    df["per_member"] = (df["actions"] / members).round(1)
    # No unit of the county reported the period's last month: its active rate is unknown, not 0.
    df["active_rate"] = (df["active_members"] / members).round(3).where(df["reported_units"] > 0)
    df["score"] = (df["score_sum"] / df["score_units"].where(df["score_units"] > 0)).round(1)
    return df


def _empty_counties() -> pd.DataFrame:
    return pd.DataFrame(columns=["adcode", "county", *_SUMS, "per_member", "active_rate", "score", "names",
                                 "drill"])


def _empty_like(per_name: pd.DataFrame) -> pd.DataFrame:
    return per_name.iloc[0:0]


def _unmatched(rows: pd.DataFrame, match: geo.CountyMatch | None) -> pd.DataFrame:
    """Names of no county of the city (or of none chosen): what the data-quality tab lists."""
    reason: Callable[[object], str] = (lambda n: match.reasons.get(n, geo.REASON_UNKNOWN)) if match else \
        (lambda n: geo.PROBLEM_NOT_DETECTED)
    named = rows[rows["county"].astype("string").str.strip().fillna("").ne("")]
    return pd.DataFrame({"county": named["county"], "reason": named["county"].map(reason),
                         "members": named["members"], "actions": named["actions"]}).reset_index(drop=True)
