"""Every figure of a period's 汇报 and meeting slides, gathered once from the named queries.

The slides, the generated text and the PPTX / DOCX / PDF / Markdown exports all read one
:class:`ReportFacts`, so they cannot disagree; ``sources`` names the query behind each figure. Names
of people are masked here, at the source, unless the caller explicitly asks for them unmasked.

A unit is (county, unit name): every per-unit frame here carries ``unit_key`` ('福安市/城南镇团委', see
:mod:`outreach.units`) beside ``unit`` and ``county``, and the unit lists (``not_reported``, ``quota``)
hold keys. ``same_named`` says which names stand for more than one unit here, so that what is shown
to a person can name the county where the name alone would not tell the units apart.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

import pandas as pd

from outreach import activity, county_map, evaluation, overview, summary, team
from outreach.filters import Filters
from outreach.privacy import mask_frame
from outreach.queries import QueryRunner, data_months
from outreach.team import QuotaGaps
from outreach.units import split_unit_key, unit_key, unit_label

# How many units count as "best" and "fell short" in the text; how many commended people it names.
TOP_UNITS = 3
COMMENDED_NAMED = 8

# The query behind each figure, so that any number in a report can be traced back.
SOURCES: dict[str, str] = {
    "figures": "members_by_county, actions_by_platform_type, member_participation, event_counts, "
               "unmatched_rows, active_batches (outreach.summary.headline = summary --json)",
    "active_last_month": "active_members_in_month",
    "by_county": "members_by_county",
    "county_figures": "county_comparison (the county map: outreach.county_map)",
    "roles": "team_mix",
    "categories": "team_mix",
    "monthly": "activity_by_month",
    "by_platform_type": "actions_by_platform_type",
    "events": "events_list",
    "units": "report_units",
    "not_reported": "unit_last_reported",
    "quota": "team_by_unit",
    "data_as_of": "report_data_as_of",
    "ranking": "outreach.evaluation.score_units",
    "commendations": "outreach.evaluation.commendations",
}


# What a period without data (or a caller who sets nothing) holds, per attribute.
_EMPTY: dict[str, Callable[[], object]] = {
    "active_last_month": lambda: 0,
    "roster_last_month": lambda: 0,
    "data_as_of": lambda: None,
    "updated_at": lambda: None,
    "by_county": pd.DataFrame,
    "county_figures": pd.DataFrame,  # outreach.county_map.figures
    "roles": dict,
    "categories": pd.DataFrame,
    "monthly": pd.DataFrame,
    "by_platform_type": pd.DataFrame,
    "events": pd.DataFrame,
    "adoption": pd.DataFrame,  # queries/adoption_items.sql
    "units": pd.DataFrame,  # unit_key, unit, county, … (report_units)
    "not_reported": list,  # unit keys
    "quota": lambda: QuotaGaps([], [], [], []),  # unit keys
    "ranking": lambda: None,  # None: a period without data, nothing was scored
    "commendations": lambda: None,
    "same_named": frozenset,  # unit names held by units of two or more counties here
}

# The sections a deck is built from, each gathered on first use: a meeting opens on its first slide, and
# at province scale scoring every unit and ranking a million members took most of the page's 15 s.
SECTIONS: dict[str, tuple[str, ...]] = {
    "headline": ("active_last_month", "roster_last_month"),
    "stamp": ("data_as_of", "updated_at"),
    "by_county": ("by_county",),
    "county_figures": ("county_figures",),
    "mix": ("roles", "categories"),
    "monthly": ("monthly",),
    "by_platform_type": ("by_platform_type",),
    "events": ("events",),
    "adoption": ("adoption",),
    "units": ("units",),
    "not_reported": ("not_reported",),
    "quota": ("quota",),
    "evaluation": ("ranking", "commendations"),
    "same_named": ("same_named",),
}
_SECTION_OF = {name: section for section, names in SECTIONS.items() for name in names}


class ReportFacts:
    """The facts of one period. ``filters`` as asked for; ``period_from``/``period_to`` the months that have
    data; ``figures`` exactly what `python -m outreach summary --json` prints for these filters. Every other
    attribute (see ``_EMPTY``) is given, or gathered by ``loader(section)`` the first time it is read."""

    def __init__(self, filters: Filters, period_from: dt.date | None, period_to: dt.date | None, masked: bool,
                 figures: dict[str, object], loader: Callable[[str], dict[str, object]] | None = None,
                 sources: dict[str, str] | None = None, **given: object):
        unknown = given.keys() - _EMPTY.keys()
        if unknown:
            raise TypeError(f"ReportFacts has no {sorted(unknown)}")
        self.filters = filters
        self.period_from = period_from
        self.period_to = period_to
        self.masked = masked
        self.figures = figures
        self.sources = dict(SOURCES) if sources is None else sources
        self._loader = loader
        self._values: dict[str, object] = dict(given)

    def __getattr__(self, name: str) -> object:  # only for what is not set yet: the sections
        if name.startswith("_") or name not in _EMPTY:
            raise AttributeError(name)
        values = self._values
        if name not in values:
            section = _SECTION_OF[name]
            if section == "same_named":
                values["same_named"] = same_named(_mentioned(self))
            elif self._loader is not None and not self.empty:
                values.update(self._loader(section))
            else:
                values.update({n: _EMPTY[n]() for n in SECTIONS[section]})
        return values[name]

    @property
    def gathered(self) -> set[str]:
        """The sections read so far (given ones included)."""
        return {section for section, names in SECTIONS.items() if all(n in self._values for n in names)}

    @property
    def has_ranking(self) -> bool:
        """Whether the units were scored (a ranking exists), without scoring them."""
        if "ranking" in self._values:
            return self._values["ranking"] is not None
        return self._loader is not None and not self.empty

    @property
    def empty(self) -> bool:
        return self.period_from is None

    @property
    def months(self) -> int:
        if self.empty:
            return 0
        return (self.period_to.year - self.period_from.year) * 12 + self.period_to.month - self.period_from.month + 1

    @property
    def active_rate(self) -> float | None:
        return self.active_last_month / self.roster_last_month if self.roster_last_month else None

    def count(self, key: str) -> int:
        return int(self.figures.get(key, 0))

    def by_type(self, code: str) -> int:
        return int(self.figures["actions_by_type"].get(code, 0))

    def type_platform(self, code: str) -> dict[str, int]:
        """Actions of one type by platform, largest first (platform ``other`` last)."""
        rows = self.by_platform_type[self.by_platform_type["type"] == code]
        rows = rows.assign(last=rows["platform"] == "other").sort_values(["last", "actions"], ascending=[True, False])
        return {p: int(n) for p, n in zip(rows["platform"], rows["actions"], strict=True) if n}

    def unit_name(self, key: str) -> str:
        """The unit ``key`` for a table cell or a list on a slide: its name, or — when another unit of the
        report has the same name — :func:`outreach.units.unit_label` ('福安市 / 城南镇团委')."""
        county, name = split_unit_key(key)
        return unit_label(key) if county and name in self.same_named else name

    @property
    def resolved(self) -> Filters:
        f = self.filters
        if self.empty:
            return f
        return Filters(self.period_from, self.period_to, f.counties, f.units, f.categories, f.roles)


def build(q: QueryRunner, f: Filters, masked: bool = True, lazy: bool = False) -> ReportFacts:
    """The facts of the period ``f`` asks for, narrowed to the months that have data (an "all months"
    period from 1900 to 2999 would otherwise call every unit late).

    Each section is cached through the runner per (filters, masking, rubric in force, scope, data state), so
    the slide on screen, the report and each export read the same figures, and a meeting pays for a section
    once. The frames are shared: nobody changes them. ``lazy``: a section is gathered when first read (the
    meeting page, which shows one slide), through ``q``, which must stay open while the facts are read;
    else every section is gathered here."""
    inside = data_months(q, f)
    start, end = (inside[0], inside[-1]) if inside else (None, None)
    figures = q.memo("report_facts.figures", (f,), lambda: summary.headline_of(q, f))
    if start is None:
        return ReportFacts(filters=f, period_from=None, period_to=None, masked=masked, figures=figures)
    r = Filters(start, end, f.counties, f.units, f.categories, f.roles)  # what ReportFacts.resolved says
    rubric = evaluation.active_rubric(q.con)  # switching it changes no data version, so it is part of the key
    key = (r, masked, rubric.version_id, rubric.sha256)

    def load(section: str) -> dict[str, object]:
        return q.memo(f"report_facts.{section}", key, lambda: _GATHER[section](q, r, masked))

    facts = ReportFacts(filters=f, period_from=start, period_to=end, masked=masked, figures=figures, loader=load)
    if not lazy:
        for section in SECTIONS:
            getattr(facts, SECTIONS[section][0])
    return facts


def _headline(q: QueryRunner, r: Filters, masked: bool) -> dict[str, object]:
    month = q.df("active_members_in_month", r, month=r.month_to).iloc[0]  # as outreach.overview.headline reads it
    return {"active_last_month": int(month["active_members"] or 0),
            "roster_last_month": int(month["roster_members"]) if pd.notna(month["roster_members"]) else 0}


def _stamp(q: QueryRunner, r: Filters, masked: bool) -> dict[str, object]:
    stamp = q.df("report_data_as_of", r).iloc[0]
    return {"data_as_of": _date(stamp["latest_month"]),
            "updated_at": None if pd.isna(stamp["updated_at"]) else pd.Timestamp(stamp["updated_at"]).to_pydatetime()}


def _mix(q: QueryRunner, r: Filters, masked: bool) -> dict[str, object]:
    roles, categories = team.mix(q, r)
    return {"roles": {role: int(n) for role, n in zip(roles["role"], roles["members"], strict=True)},
            "categories": categories}


def _ranking(q: QueryRunner, r: Filters, masked: bool) -> dict[str, object]:
    ranking, people = _evaluation(q, r, masked)
    return {"ranking": ranking, "commendations": people}


_GATHER: dict[str, Callable[[QueryRunner, Filters, bool], dict[str, object]]] = {
    "headline": _headline,
    "stamp": _stamp,
    "by_county": lambda q, r, masked: {"by_county": team.by_county(q, r)},
    "county_figures": lambda q, r, masked: {"county_figures": county_map.figures(q, r)},
    "mix": _mix,
    "monthly": lambda q, r, masked: {"monthly": overview.monthly_trend(q, r)},
    "by_platform_type": lambda q, r, masked: {"by_platform_type": q.df("actions_by_platform_type", r)},
    "events": lambda q, r, masked: {"events": activity.events(q, r)},
    "adoption": lambda q, r, masked: {"adoption": q.df("adoption_items", r)},
    "units": lambda q, r, masked: {"units": _units(q, r)},
    "not_reported": lambda q, r, masked: {"not_reported": _not_reported(q, r)},
    "quota": lambda q, r, masked: {"quota": _quota_gaps(team.by_unit(q, r))},
    "evaluation": _ranking,
}


def _not_reported(q: QueryRunner, f: Filters) -> list[str]:
    """The keys of the units late for the period's last month, as :func:`outreach.overview.freshness` says
    lateness (that one names the units for the dashboard; the report keeps their keys)."""
    df = q.df("unit_last_reported", f)
    late = df["last_month"].isna() | (pd.to_datetime(df["last_month"]) < pd.Timestamp(f.month_to))
    return df.loc[late, "unit_key"].tolist()


def _quota_gaps(by_unit: pd.DataFrame) -> QuotaGaps:
    """:func:`outreach.team.quota_gaps` as unit keys: it is given each unit's key for its name (keys are
    unique, so they come back as they are)."""
    return team.quota_gaps(by_unit.assign(unit=by_unit["unit_key"], county=""))


def with_unit_key(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (one row per unit, or per member with their unit) with a ``unit_key`` column: kept when
    there (as a column or as the index), else built from ``county`` and ``unit``; the index reset."""
    if "unit_key" in df.columns:
        return df.reset_index(drop=True)
    if df.index.name == "unit_key":
        return df.reset_index()
    keys = [unit_key(None if pd.isna(c) else c, u) for c, u in zip(df["county"], df["unit"], strict=True)]
    return df.reset_index(drop=True).assign(unit_key=keys)


def same_named(keys: Iterable[str]) -> frozenset[str]:
    """The unit names among ``keys`` that belong to more than one county."""
    counties: dict[str, set[str | None]] = defaultdict(set)
    for key in keys:
        county, name = split_unit_key(key)
        counties[name].add(county)
    return frozenset(name for name, seen in counties.items() if len(seen) > 1)


def _mentioned(facts: ReportFacts) -> set[str]:
    """Every unit key the facts hold: the units a text, a slide or a table may name."""
    keys = set(facts.units["unit_key"]) | set(facts.not_reported)
    q = facts.quota
    keys.update(*(q.no_liaison, q.short_core, q.over_core, q.under_quota))
    for df in (facts.ranking, facts.commendations):
        if df is not None and not df.empty:
            keys.update(df["unit_key"])
    return keys


def _date(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _units(q: QueryRunner, f: Filters) -> pd.DataFrame:
    """Per unit, with actions per member (None for a unit with nobody on the roster)."""
    df = with_unit_key(q.df("report_units", f))
    members = df["members"].where(df["members"] > 0)
    df["per_member"] = (df["actions"] / members).round(1)
    return df


def _evaluation(q: QueryRunner, f: Filters, masked: bool) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The unit ranking and the commendation list of the evaluation, names masked unless asked not to."""
    ranking = with_unit_key(evaluation.score_units(q, f))
    # Commended within groups (county, unit or all, as the rubric says); the report lists them by points.
    people = with_unit_key(evaluation.commendations(q, f))
    people = people.sort_values(["points", "unit", "county", "name"], ascending=[False, True, True, True])
    people = mask_frame(people.astype({"name": object}), name_columns=("name",) if masked else ())
    return ranking, people.reset_index(drop=True)


def band_label(code: object, lang: str) -> str:
    """The evaluation's label of a star band."""
    return evaluation.band_label(code, lang)
