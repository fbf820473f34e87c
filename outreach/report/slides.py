"""The meeting deck as data: one topic per slide, the same for the screen, the PPTX and the PDF.

Sizes are in design pixels of a 1600 × 900 stage; the page scales the stage to the screen, the deck
maps it onto a 13.33 × 7.5 inch slide. Names in tables are already masked by the facts. A unit is
named beside its county (a county column), or as :meth:`ReportFacts.unit_name` says where no county
column is: two units of one name in different counties never look alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from outreach import county_map, fmt, map_figure
from outreach.i18n import category_label, label, t
from outreach.report.facts import ReportFacts, band_label
from outreach.report.text import month_text, span_text, weak_units
from outreach.units import unit_label

STAGE_W, STAGE_H = 1600, 900
BODY_H = 620  # the body between title and footer
TABLE_ROWS = 7  # rows per table column; two columns side by side at most
EVENTS_SHOWN = 5


@dataclass
class Kpi:
    label: str
    value: str
    unit: str = ""
    note: str = ""


@dataclass
class Chart:
    name: str  # a figure of outreach.report.charts
    width: int
    height: int
    caption: str = ""


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()  # right-aligned columns


@dataclass
class Slide:
    key: str
    title: str
    layout: str  # grid | split | full | pair | tables | list
    kpis: list[Kpi] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    note: str = ""
    aside: str = ""  # a heading over the bullets


def deck_title(facts: ReportFacts, lang: str) -> str:
    span = span_text(facts.period_from, facts.period_to, lang) if not facts.empty else t("rep.no_period", lang)
    return t("mt.deck_title", lang, span=span)


def stamp(facts: ReportFacts, lang: str) -> str:
    """The active filters and how fresh the data is: printed at the foot of every slide."""
    f = facts.filters
    sep = "、" if lang == "zh" else ", "
    parts = [t("mt.stamp.period", lang, span=span_text(facts.period_from, facts.period_to, lang)
               if not facts.empty else t("rep.no_period", lang))]
    for key, values, show in (("county", f.counties, str), ("unit", f.units, unit_label),
                              ("category", f.categories, str), ("role", f.roles, lambda r: label("role", r, lang))):
        if values or key in ("county", "unit"):
            chosen = sep.join(show(v) for v in values[:3]) + (t("mt.stamp.more", lang, n=len(values))
                                                              if len(values) > 3 else "")
            parts.append(t("mt.stamp.filter", lang, what=t(f"field.{key}", lang),
                           values=chosen or t("filter.all", lang)))
    if facts.data_as_of is not None:
        updated = f"{facts.updated_at:%Y-%m-%d %H:%M}" if facts.updated_at else "—"
        parts.append(t("mt.stamp.as_of", lang, month=month_text(facts.data_as_of, lang), updated=updated))
    return "　".join(parts) if lang == "zh" else " · ".join(parts)


def build(facts: ReportFacts, lang: str = "zh") -> list[Slide]:
    """Every slide of the deck (the exports); the meeting page builds the one on screen (:func:`slide`)."""
    return [slide(kind, facts, lang) for kind, _title in outline(facts, lang)]


def outline(facts: ReportFacts, lang: str = "zh") -> list[tuple[str, str]]:
    """(kind, title) of each slide of the deck, without gathering what the slides show (facts are read on
    first use: titles need the map's city and whether units were scored, nothing more)."""
    if facts.empty:
        return [("overview", t("mt.s.overview", lang))]
    out = []
    for kind in KINDS:
        if kind == "map":
            data = _map_data(facts)
            if data is None:
                continue
            out.append((kind, t("mt.s.map", lang, city=data.city.name)))
        elif kind == "ranking":
            out.append((kind, t("mt.s.ranking" if facts.has_ranking else "mt.s.ranking_activity", lang)))
        else:
            out.append((kind, t(f"mt.s.{kind}", lang)))
    return out


def slide(kind: str, facts: ReportFacts, lang: str = "zh") -> Slide:
    """One slide of the deck, by kind (see :func:`outline`)."""
    if facts.empty:
        return Slide("overview", t("mt.s.overview", lang), "list", note=t("rep.none", lang))
    built = _BUILDERS[kind](facts, lang)
    if built is None:
        raise KeyError(f"the deck has no {kind!r} slide for these facts")
    return built


def _n(value: int, lang: str) -> str:
    return fmt.count(value, lang)


def _overview(facts: ReportFacts, lang: str) -> Slide:
    members = facts.count("members")
    rate = fmt.percent(facts.active_rate)
    kpis = [
        Kpi(t("mt.k.members", lang), _n(members, lang), t("mt.u.people", lang, n=members)),
        Kpi(t("mt.k.units", lang), _n(facts.count("units"), lang), t("mt.u.units", lang, n=facts.count("units"))),
        Kpi(t("mt.k.actions", lang), _n(facts.count("actions"), lang),
            t("rep.unit.item", lang, n=facts.count("actions"))),
        Kpi(t("mt.k.active", lang), _n(facts.count("active_members"), lang),
            t("mt.u.people", lang, n=facts.count("active_members")),
            t("mt.k.of_team", lang, rate=fmt.percent(facts.count("active_members") / members) if members else "—")),
        Kpi(t("mt.k.active_rate", lang, month=month_text(facts.period_to, lang)), rate, "",
            t("mt.k.active_of", lang, n=facts.active_last_month, m=facts.roster_last_month)),
        Kpi(t("mt.k.opinion", lang), _n(facts.by_type("opinion_report"), lang),
            t("rep.unit.item", lang, n=facts.by_type("opinion_report"))),
        Kpi(t("mt.k.trained", lang), _n(facts.count("trained_members"), lang),
            t("mt.u.people", lang, n=facts.count("trained_members"))),
        Kpi(t("mt.k.sessions", lang), _n(facts.count("training_sessions"), lang),
            t("mt.u.sessions", lang, n=facts.count("training_sessions"))),
    ]
    return Slide("overview", t("mt.s.overview", lang), "grid", kpis=kpis)


def _team(facts: ReportFacts, lang: str) -> Slide:
    kpis = [Kpi(label("role", role, lang), _n(facts.roles.get(role, 0), lang),
                t("mt.u.people", lang, n=facts.roles.get(role, 0))) for role in ("core", "liaison", "member")]
    categories = facts.categories[facts.categories["category"] != ""].head(5)
    bullets = [t("rep.team.county", lang, county=category_label(c, lang), n=int(n))
               for c, n in zip(categories["category"], categories["members"], strict=True)]
    return Slide("team", t("mt.s.team", lang), "split", kpis=kpis, bullets=bullets, aside=t("mt.categories", lang),
                 charts=[Chart("county_members", 960, BODY_H)])


def _map(facts: ReportFacts, lang: str) -> Slide | None:
    """The county map in actions per member; 市本级 beside it as its own figure. Left out when the city
    cannot be told from the county names (outreach.geo)."""
    data = _map_data(facts)
    if data is None:
        return None
    kpis = []
    if not data.city_level.empty:
        row = data.city_level.iloc[0]
        kpis.append(Kpi(t("map.city_level", lang), map_figure.value_text("per_member", row["per_member"], lang),
                        "", t("mt.map_city_level_note", lang, n=_n(int(row["members"]), lang))))
    ranked = data.counties.dropna(subset=["per_member"]).sort_values(["per_member", "county"], ascending=[False, True])
    bullets = [f"{c}  {map_figure.value_text('per_member', v, lang)}"
               for c, v in zip(ranked["county"], ranked["per_member"], strict=True)][:TABLE_ROWS]
    return Slide("map", t("mt.s.map", lang, city=data.city.name), "split", kpis=kpis, bullets=bullets,
                 aside=t("map.measure.per_member", lang), charts=[Chart("county_map", 960, BODY_H)])


def _trend(facts: ReportFacts, lang: str) -> Slide:
    note = ""
    if not facts.monthly.empty and facts.months > 1:
        totals = facts.monthly.groupby("period")["actions"].sum()
        peak = pd.Timestamp(totals.idxmax()).date()
        note = t("mt.trend_note", lang, month=month_text(peak, lang), n=_n(int(totals.max()), lang))
    chart = [Chart("monthly_trend", 1500, BODY_H - 60)] if not facts.monthly.empty else []
    note = note or ("" if chart else t("chart.empty", lang))
    return Slide("trend", t("mt.s.trend", lang), "full", charts=chart, note=note)


def _mix(facts: ReportFacts, lang: str) -> Slide:
    if not facts.count("actions"):
        return Slide("mix", t("mt.s.mix", lang), "list", note=t("chart.empty", lang))
    return Slide("mix", t("mt.s.mix", lang), "pair", charts=[
        Chart("by_type", 730, BODY_H - 60, t("mt.by_type", lang)),
        Chart("by_platform", 730, BODY_H - 60, t("mt.by_platform", lang))])


def _training(facts: ReportFacts, lang: str) -> Slide:
    kpis = [
        Kpi(t("mt.k.sessions", lang), _n(facts.count("training_sessions"), lang),
            t("mt.u.sessions", lang, n=facts.count("training_sessions"))),
        Kpi(t("mt.k.trained", lang), _n(facts.count("trained_members"), lang),
            t("mt.u.people", lang, n=facts.count("trained_members"))),
        Kpi(t("mt.k.meetings", lang), _n(facts.count("meeting_sessions"), lang),
            t("mt.u.times", lang, n=facts.count("meeting_sessions"))),
        Kpi(t("mt.k.opinion", lang), _n(facts.by_type("opinion_report"), lang),
            t("rep.unit.item", lang, n=facts.by_type("opinion_report"))),
        Kpi(t("mt.k.rebuttals", lang), _n(facts.by_type("rebuttal"), lang),
            t("rep.unit.item", lang, n=facts.by_type("rebuttal"))),
    ]
    events = facts.events.head(EVENTS_SHOWN)
    tables = []
    if not events.empty:
        tables.append(Table(
            [t("mt.col.date", lang), t("mt.col.event", lang), t("mt.col.kind", lang), t("mt.col.units", lang),
             t("mt.col.attendees", lang)],
            [[_date(d), title or "—", label("type", kind, lang), str(int(u)), _n(int(a), lang)]
             for d, title, kind, u, a in zip(events["held_on"], events["title"], events["type"], events["units"],
                                             events["attendees"], strict=True)], numeric=(3, 4)))
    note = "" if tables else t("rep.training.none", lang)
    return Slide("training", t("mt.s.training", lang), "tables", kpis=kpis, tables=tables, note=note)


def _date(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def _columns(rows: list[list[str]], columns: list[str], numeric: tuple[int, ...]) -> list[Table]:
    """Up to 2 × TABLE_ROWS rows as one or two side-by-side tables (the top ones and, when there are
    more, the bottom ones: leaders ask about both ends)."""
    if len(rows) <= TABLE_ROWS:
        return [Table(columns, rows, numeric)]
    if len(rows) <= 2 * TABLE_ROWS:
        half = -(-len(rows) // 2)
        return [Table(columns, rows[:half], numeric), Table(columns, rows[half:], numeric)]
    return [Table(columns, rows[:TABLE_ROWS], numeric), Table(columns, rows[-TABLE_ROWS:], numeric)]


def _ranking(facts: ReportFacts, lang: str) -> Slide:
    if facts.ranking is not None:
        r = facts.ranking.sort_values("rank")
        rows = [[str(int(k)), u, c or "—", f"{float(s):.1f}", band_label(b, lang)]
                for k, u, c, s, b in zip(r["rank"], r["unit"], r["county"], r["total"], r["band"], strict=True)]
        columns = [t("mt.col.rank", lang), t("field.unit", lang), t("field.county", lang), t("mt.col.score", lang),
                   t("mt.col.band", lang)]
        note = t("mt.rank_note", lang, n=len(rows)) if len(rows) > 2 * TABLE_ROWS else ""
        return Slide("ranking", t("mt.s.ranking", lang), "tables", tables=_columns(rows, columns, (0, 3)), note=note)
    units = facts.units.dropna(subset=["per_member"]).sort_values(["per_member", "unit", "county"],
                                                                  ascending=[False, True, True])
    rows = [[str(i), u, c or "—", f"{float(p):g}", _n(int(a), lang)]
            for i, (u, c, p, a) in enumerate(zip(units["unit"], units["county"], units["per_member"], units["actions"],
                                                 strict=True), start=1)]
    columns = [t("mt.col.rank", lang), t("field.unit", lang), t("field.county", lang), t("mt.col.per_member", lang),
               t("mt.col.actions", lang)]
    weak = [facts.unit_name(k) for k in weak_units(facts)]
    weak_text = t("mt.rank_weak", lang, units=t("fmt.list_sep", lang).join(weak)) if weak else ""
    note = t("mt.rank_fallback", lang) + weak_text
    return Slide("ranking", t("mt.s.ranking_activity", lang), "tables", tables=_columns(rows, columns, (0, 3, 4)),
                 note=note)


def _commendations(facts: ReportFacts, lang: str) -> Slide:
    people = facts.commendations
    if people is None:
        return Slide("commendations", t("mt.s.commendations", lang), "list", note=t("mt.no_evaluation", lang))
    if people.empty:
        return Slide("commendations", t("mt.s.commendations", lang), "list", note=t("mt.no_commendations", lang))
    shown = people.head(2 * TABLE_ROWS)
    rows = [[n, facts.unit_name(u), f"{float(p):g}", str(int(m))]
            for n, u, p, m in zip(shown["name"], shown["unit_key"], shown["points"], shown["months_active"],
                                  strict=True)]
    columns = [t("field.name", lang), t("field.unit", lang), t("mt.col.points", lang), t("mt.col.months", lang)]
    half = -(-len(rows) // 2) if len(rows) > TABLE_ROWS else len(rows)
    tables = [Table(columns, rows[:half], (2, 3))] + ([Table(columns, rows[half:], (2, 3))] if rows[half:] else [])
    note = t("mt.commended_note", lang, n=len(people), shown=len(shown)) + " " + \
        (t("mt.masked_note", lang) if facts.masked else t("mt.unmasked_note", lang))
    return Slide("commendations", t("mt.s.commendations", lang), "tables", tables=tables, note=note)


def _quality(facts: ReportFacts, lang: str) -> Slide:
    units = len(facts.units)
    reported = units - len(set(facts.not_reported) & set(facts.units["unit_key"]))
    kpis = [
        Kpi(t("mt.k.reported", lang, month=month_text(facts.period_to, lang)), f"{reported}/{units}",
            t("mt.u.units", lang, n=units)),
        Kpi(t("mt.k.no_liaison", lang), str(len(facts.quota.no_liaison)),
            t("mt.u.units", lang, n=len(facts.quota.no_liaison))),
        Kpi(t("mt.k.unmatched", lang), _n(facts.count("unmatched_rows"), lang),
            t("mt.u.rows", lang, n=facts.count("unmatched_rows"))),
    ]
    month = month_text(facts.period_to, lang)
    sep = "、" if lang == "zh" else ", "
    bullets = []

    def names(keys: list[str]) -> str:
        return sep.join(facts.unit_name(k) for k in keys)

    if facts.not_reported:
        bullets.append(t("mt.q.not_reported", lang, month=month, units=names(facts.not_reported)))
    else:
        bullets.append(t("mt.q.all_reported", lang, month=month))
    if facts.quota.no_liaison:
        bullets.append(t("mt.q.no_liaison", lang, units=names(facts.quota.no_liaison)))
    if facts.quota.short_core:
        bullets.append(t("mt.q.short_core", lang, units=names(facts.quota.short_core)))
    if facts.count("unmatched_rows"):
        bullets.append(t("mt.q.unmatched", lang, n=facts.count("unmatched_rows")))
    return Slide("quality", t("mt.s.quality", lang), "list", kpis=kpis, bullets=bullets)


def _map_data(facts: ReportFacts) -> county_map.CountyMap | None:
    """The county map's figures, or None when the city cannot be told from the county names."""
    data = county_map.assemble(facts.county_figures) if not facts.county_figures.empty else None
    return data if data is not None and data.city is not None else None


KINDS = ("overview", "team", "map", "trend", "mix", "training", "ranking", "commendations", "quality")
_BUILDERS: dict[str, Callable[[ReportFacts, str], Slide | None]] = {
    "overview": _overview, "team": _team, "map": _map, "trend": _trend, "mix": _mix, "training": _training,
    "ranking": _ranking, "commendations": _commendations, "quality": _quality}
