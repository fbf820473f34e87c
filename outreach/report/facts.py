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
from collections.abc import Iterable
from dataclasses import dataclass, field

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


@dataclass
class ReportFacts:
    filters: Filters  # as asked for; ``period_from``/``period_to`` are the months that have data
    period_from: dt.date | None
    period_to: dt.date | None
    masked: bool
    figures: dict[str, object]  # exactly what `python -m outreach summary --json` prints for these filters
    active_last_month: int = 0
    roster_last_month: int = 0
    data_as_of: dt.date | None = None
    updated_at: dt.datetime | None = None
    by_county: pd.DataFrame = field(default_factory=pd.DataFrame)
    county_figures: pd.DataFrame = field(default_factory=pd.DataFrame)  # outreach.county_map.figures
    roles: dict[str, int] = field(default_factory=dict)
    categories: pd.DataFrame = field(default_factory=pd.DataFrame)
    monthly: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_platform_type: pd.DataFrame = field(default_factory=pd.DataFrame)
    events: pd.DataFrame = field(default_factory=pd.DataFrame)
    adoption: pd.DataFrame = field(default_factory=pd.DataFrame)  # queries/adoption_items.sql
    units: pd.DataFrame = field(default_factory=pd.DataFrame)  # unit_key, unit, county, … (report_units)
    not_reported: list[str] = field(default_factory=list)  # unit keys
    quota: QuotaGaps = field(default_factory=lambda: QuotaGaps([], [], [], []))  # unit keys
    ranking: pd.DataFrame | None = None  # None: a period without data, nothing was scored
    commendations: pd.DataFrame | None = None
    same_named: frozenset[str] = frozenset()  # unit names held by units of two or more counties here
    sources: dict[str, str] = field(default_factory=lambda: dict(SOURCES))

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


def build(q: QueryRunner, f: Filters, masked: bool = True) -> ReportFacts:
    """The facts of the period ``f`` asks for, narrowed to the months that have data (an "all months"
    period from 1900 to 2999 would otherwise call every unit late).

    Cached through the runner per (filters, masking, rubric in force, scope, data state): every slide, the
    report and each export of a meeting read one build. The facts are shared, so nobody changes them."""
    rubric = evaluation.active_rubric(q.con)  # switching it changes no data version, so it is part of the key
    return q.memo("report_facts", (f, masked, rubric.version_id, rubric.sha256), lambda: _build(q, f, masked))


def _build(q: QueryRunner, f: Filters, masked: bool) -> ReportFacts:
    inside = data_months(q, f)
    start, end = (inside[0], inside[-1]) if inside else (None, None)
    figures = summary.headline(q.con, f, q.scope)
    facts = ReportFacts(filters=f, period_from=start, period_to=end, masked=masked, figures=figures)
    if facts.empty:
        return facts
    r = facts.resolved
    head = overview.headline(q, r)
    facts.active_last_month, facts.roster_last_month = head.active_members, head.roster_members
    stamp = q.df("report_data_as_of", r).iloc[0]
    facts.data_as_of = _date(stamp["latest_month"])
    facts.updated_at = None if pd.isna(stamp["updated_at"]) else pd.Timestamp(stamp["updated_at"]).to_pydatetime()
    facts.by_county = team.by_county(q, r)
    facts.county_figures = county_map.figures(q, r)
    roles, facts.categories = team.mix(q, r)
    facts.roles = {role: int(n) for role, n in zip(roles["role"], roles["members"], strict=True)}
    facts.monthly = overview.monthly_trend(q, r)
    facts.by_platform_type = q.df("actions_by_platform_type", r)
    facts.events = activity.events(q, r)
    facts.adoption = q.df("adoption_items", r)
    facts.units = _units(q, r)
    facts.not_reported = _not_reported(q, r)
    facts.quota = _quota_gaps(team.by_unit(q, r))
    facts.ranking, facts.commendations = _evaluation(q, r, masked)
    facts.same_named = same_named(_mentioned(facts))
    return facts


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
