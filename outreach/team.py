"""Figures of the 队伍 page: size by county and unit, mix, age, quota coverage, silent members."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from outreach.filters import Filters
from outreach.privacy import mask_frame
from outreach.queries import QueryRunner
from outreach.units import display_names


def by_county(q: QueryRunner, f: Filters) -> pd.DataFrame:
    return q.df("members_by_county", f)


def by_unit(q: QueryRunner, f: Filters, county: str | None = None) -> pd.DataFrame:
    """Units with members, 骨干, 联络员 and quota; only those of ``county`` when one is picked."""
    return units_of(q.df("team_by_unit", f), county)


def units_of(units: pd.DataFrame, county: str | None) -> pd.DataFrame:
    """The rows of :func:`by_unit` in ``county`` ("" for no county), or all of them for None."""
    return units if county is None else units[units["county"] == county].reset_index(drop=True)


# A unit key no unit has ('/' + an empty name): narrows the filters to nothing.
_NO_UNIT = "/"


def drill_filters(f: Filters, county: str | None, units: pd.DataFrame) -> Filters:
    """``f`` narrowed to the county drilled into (None: all of them), for the sections below the unit
    table. "" (units whose roster named no county) cannot be a county filter: it is their unit keys,
    from ``units`` (:func:`by_unit`'s rows)."""
    if county is None:
        return f
    if county:
        return replace(f, counties=(county,))
    keys = tuple(units.loc[units["county"] == "", "unit_key"])
    return replace(f, units=keys or (_NO_UNIT,))


def mix(q: QueryRunner, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(members by role, members by category)."""
    df = q.df("team_mix", f)
    roles = df.groupby("role", as_index=False)["members"].sum()
    categories = df.groupby("category", as_index=False)["members"].sum().sort_values("members", ascending=False)
    return roles, categories


def age_structure(q: QueryRunner, f: Filters) -> pd.DataFrame:
    return q.df("team_age", f)


@dataclass
class QuotaGaps:
    no_liaison: list[str]
    short_core: list[str]
    over_core: list[str]
    under_quota: list[str]

    @property
    def any(self) -> bool:
        return bool(self.no_liaison or self.short_core or self.over_core or self.under_quota)


def quota_gaps(units: pd.DataFrame) -> QuotaGaps:
    """Units that break the rule "1–3 骨干 and 1 联络员" (or their uploaded quota)."""
    expected = units["expected_members"]
    names = pd.Series(display_names(units["county"].replace("", None), units["unit"]), index=units.index)
    return QuotaGaps(
        no_liaison=names[units["liaison"] < units["liaison_expected"]].tolist(),
        short_core=names[units["core"] < units["core_min"]].tolist(),
        over_core=names[units["core"] > units["core_max"]].tolist(),
        under_quota=names[expected.notna() & (units["members"] < expected)].tolist(),
    )


def silent_members(q: QueryRunner, f: Filters, months: int) -> pd.DataFrame:
    """queries/silent_members.sql with county, unit and name masked as free text (a phone typed into a name),
    kept per data state: 280,000 rows at province scale, masked once rather than on every run."""
    return q.memo("silent_members", (f, months), lambda: mask_frame(
        q.df("silent_members", f, months=months), text_columns=("county", "unit", "name")))


def completeness(q: QueryRunner, f: Filters) -> pd.DataFrame:
    return q.df("roster_completeness", f)


TREEMAP_ROOT = "all"
# Units drawn per county: at a thousand units a cell each is unreadable and slow to send to the browser.
TREEMAP_UNITS_PER_COUNTY = 30


def treemap_nodes(units: pd.DataFrame, all_label: str, none_label: str, other_label: str = "+{n}",
                  most: int = TREEMAP_UNITS_PER_COUNTY) -> pd.DataFrame:
    """The cells of a county → unit treemap: id, parent, label, county, members, level (0 root, 1 county,
    2 unit). One root holds every county, so the treemap's path bar leads back to all of them; a county
    with no name shows ``none_label`` (its ``county`` stays "", as by_unit has it). A county's ``most``
    largest units get a cell each, the rest share one labelled ``other_label`` (``{n}``: how many)."""
    counties = units.groupby("county", as_index=False, sort=False)["members"].sum()
    root = pd.DataFrame({"id": [TREEMAP_ROOT], "parent": [""], "label": [all_label], "county": [None],
                         "members": [units["members"].sum()], "level": [0]})
    county_cells = pd.DataFrame({
        "id": "county:" + counties["county"], "parent": TREEMAP_ROOT,
        "label": counties["county"].replace("", none_label), "county": counties["county"],
        "members": counties["members"], "level": 1})
    ordered = units.sort_values(["county", "members", "unit"], ascending=[True, False, True])
    place = ordered.groupby("county", sort=False).cumcount()
    shown, rest = ordered[place < most], ordered[place >= most]
    unit_cells = pd.DataFrame({
        "id": "unit:" + shown["county"] + "/" + shown["unit"], "parent": "county:" + shown["county"],
        "label": shown["unit"], "county": shown["county"], "members": shown["members"], "level": 2})
    others = rest.groupby("county", as_index=False, sort=False).agg(members=("members", "sum"), n=("unit", "size"))
    other_cells = pd.DataFrame({
        "id": "other:" + others["county"], "parent": "county:" + others["county"],
        "label": [other_label.format(n=n) for n in others["n"]], "county": others["county"],
        "members": others["members"], "level": 2})
    return pd.concat([root, county_cells, unit_cells, other_cells], ignore_index=True)
