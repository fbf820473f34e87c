"""The 汇报: Chinese paragraphs in the style of a work report, written from :class:`ReportFacts`.

Every number comes from the facts (and so from a named query); activity counts are said the way
reports say them (近1000条, 2000余条, see :mod:`outreach.report.rounding`), people and units exactly.
The text is plain: a title line, a period line, then numbered headings (一、…) each followed by one
paragraph; :func:`parse` reads it back after the presenter has edited it.

Units are (county, unit name) and are handled by their keys; a unit is named by its name alone, or —
when units of two counties share that name in the report — with its county: 福安市城南镇团委
(:func:`unit_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from outreach import fmt
from outreach.i18n import category_label, label, t
from outreach.report.facts import COMMENDED_NAMED, TOP_UNITS, ReportFacts, band_label
from outreach.report.rounding import approx
from outreach.units import split_unit_key

NUMERALS = "一二三四五六七八九十"
HEADING = re.compile(rf"^([{NUMERALS}]+、|\d+\.\s)")
SUBTITLE = re.compile(r"^[（(].*[)）]$")
LIST_MOST = 6  # names in one list before "等N个单位"

# Measure word of each activity type (training and meetings are counted in attendances).
MEASURE = {"original": "rep.unit.piece", "training": "rep.unit.attendance", "meeting": "rep.unit.attendance",
           "like": "rep.unit.times"}
SAID_TYPES = ("repost", "comment", "original", "like")  # in the activity paragraph; the rest get their own


@dataclass
class Section:
    heading: str
    body: str


@dataclass
class Report:
    title: str
    subtitle: str
    sections: list[Section]

    def as_text(self) -> str:
        parts = [self.title, self.subtitle, ""]
        for section in self.sections:
            parts += [section.heading, section.body, ""]
        return "\n".join(parts).rstrip() + "\n"


def parse(text: str) -> Report:
    """The (edited) text back as title, subtitle and sections. Each non-empty line is a paragraph; a
    line like 一、… or "1. …" starts a section; the subtitle is a line in brackets after the title."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    title = lines.pop(0) if lines and not HEADING.match(lines[0]) else ""
    subtitle = lines.pop(0) if lines and SUBTITLE.match(lines[0]) else ""
    sections: list[Section] = []
    for line in lines:
        if HEADING.match(line):
            sections.append(Section(line, ""))
        elif sections:
            sections[-1].body = f"{sections[-1].body}\n{line}" if sections[-1].body else line
        else:
            sections.append(Section("", line))
    return Report(title, subtitle, sections)


def measure(code: str, lang: str, n: int | str = 2) -> str:
    """The measure word of a count of ``code`` (条, 篇; item or items by ``n`` in English)."""
    return t(MEASURE.get(code, "rep.unit.item"), lang, n=n)


def said(n: int, code: str, lang: str) -> str:
    """A count with its measure word, rounded the report way: 近1000条, 2000余篇, 12人次; 1 item, 12 items."""
    shown = approx(n, lang)
    return f"{shown}{measure(code, lang, shown)}" if lang == "zh" else f"{shown} {measure(code, lang, shown)}"


def unit_text(facts: ReportFacts, key: str, lang: str) -> str:
    """The unit ``key`` in a sentence: 城南镇团委, or 福安市城南镇团委 when another unit of the report is
    also called 城南镇团委."""
    county, name = split_unit_key(key)
    if name not in facts.same_named:
        return name
    return t("rep.unit_in_county", lang, county=county or t("county.none", lang), unit=name)


def unit_texts(facts: ReportFacts, keys: list[str], lang: str) -> list[str]:
    return [unit_text(facts, key, lang) for key in keys]


def listing(names: list[str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    if len(names) <= LIST_MOST:
        return sep.join(names)
    return sep.join(names[:LIST_MOST]) + t("rep.units_more", lang, n=len(names))


def write(facts: ReportFacts, lang: str = "zh") -> Report:
    span = _span(facts, lang)
    title = t("rep.title", lang)
    if facts.empty:
        return Report(title, t("rep.subtitle", lang, span=span), [Section(_heading(1, "rep.h.none", lang),
                                                                          t("rep.none", lang))])
    bodies = [("rep.h.team", _team(facts, lang)), ("rep.h.work", _work(facts, lang)),
              ("rep.h.training", _training(facts, lang)), ("rep.h.opinion", _opinion(facts, lang)),
              ("rep.h.best", _best(facts, lang)), ("rep.h.short", _short(facts, lang))]
    sections = [Section(_heading(i, key, lang), body) for i, (key, body) in enumerate(bodies, start=1)]
    return Report(title, t("rep.subtitle", lang, span=span), sections)


def _heading(i: int, key: str, lang: str) -> str:
    return f"{NUMERALS[i - 1]}、{t(key, lang)}" if lang == "zh" else f"{i}. {t(key, lang)}"


def month_text(month: dt.date, lang: str) -> str:
    """2014年9月 (no leading zero in prose), Sep 2014."""
    return f"{month.year}年{month.month}月" if lang == "zh" else f"{month:%b %Y}"


def span_text(start: dt.date, end: dt.date, lang: str) -> str:
    """2014年5月至9月, 2013年11月至2014年2月, 2014年9月; May–Sep 2014 in English."""
    if start == end:
        return month_text(start, lang)
    if lang != "zh":
        return f"{start:%b}–{end:%b %Y}" if start.year == end.year else f"{start:%b %Y}–{end:%b %Y}"
    tail = f"{end.month}月" if start.year == end.year else month_text(end, lang)
    return f"{month_text(start, lang)}至{tail}"


def _span(facts: ReportFacts, lang: str) -> str:
    return t("rep.no_period", lang) if facts.empty else span_text(facts.period_from, facts.period_to, lang)


def _month(facts: ReportFacts, lang: str) -> str:
    return month_text(facts.period_to, lang)


def _county_name(county: str, lang: str) -> str:
    return county or t("county.none", lang)


def _team(facts: ReportFacts, lang: str) -> str:
    by_county = facts.by_county
    counties = by_county[by_county["members"] > 0]
    named_counties = int((counties["county"] != "").sum())
    parts = [t("rep.team.size" if named_counties else "rep.team.size_units", lang, month=_month(facts, lang),
               members=facts.count("members"), counties=named_counties, units=facts.count("units"),
               core=facts.roles.get("core", 0), liaison=facts.roles.get("liaison", 0))]
    if len(counties) > 1:
        sep = "、" if lang == "zh" else ", "
        each = sep.join(t("rep.team.county", lang, county=_county_name(c, lang), n=int(n))
                        for c, n in zip(counties["county"], counties["members"], strict=True))
        parts.append(t("rep.team.by_county", lang, list=each))
    named = facts.categories[facts.categories["category"] != ""] if not facts.categories.empty else facts.categories
    if not named.empty:
        sep = "、" if lang == "zh" else ", "
        each = sep.join(t("rep.team.county", lang, county=category_label(c, lang), n=int(n))
                        for c, n in zip(named["category"], named["members"], strict=True))
        parts.append(t("rep.team.by_category", lang, list=each))
    return "".join(parts) if lang == "zh" else " ".join(parts)


def _split(facts: ReportFacts, code: str, lang: str) -> str:
    """"（其中微信近3000条、微博5000余条）" when the platforms of a type are known."""
    everywhere = facts.type_platform(code)
    platforms = {p: n for p, n in everywhere.items() if p != "other"}
    if not platforms or (len(everywhere) == 1):  # one platform only: the total already says it
        return ""
    sep = "、" if lang == "zh" else ", "
    each = sep.join(f"{label('platform', p, lang)}{said(n, code, lang)}" if lang == "zh"
                    else f"{said(n, code, lang)} on {label('platform', p, lang)}" for p, n in platforms.items())
    partial = sum(platforms.values()) < sum(everywhere.values())  # some rows named no platform
    return t("rep.split_part" if partial else "rep.split", lang, list=each)


def _work(facts: ReportFacts, lang: str) -> str:
    total = facts.count("actions")
    if not total:
        return t("rep.work.none", lang, span=_span(facts, lang))
    members = facts.count("members")
    rate = fmt.percent(facts.count("active_members") / members) if members else "—"
    parts = [t("rep.work.total", lang, span=_span(facts, lang), total=said(total, "item", lang),
               active=facts.count("active_members"), rate=rate)]
    each = []
    for code in SAID_TYPES:
        n = facts.by_type(code)
        if n:
            each.append(t(f"rep.work.{code}", lang, n=said(n, code, lang)) + _split(facts, code, lang))
    if each:
        parts.append(t("rep.work.types", lang, list=("，" if lang == "zh" else "; ").join(each)))
    peak = _peak_month(facts)
    if peak is not None and facts.months > 1:
        month, n = peak
        parts.append(t("rep.work.peak", lang, month=month_text(month, lang), n=said(n, "item", lang)))
    if facts.active_rate is not None and facts.months > 1:  # for one month the total above says it
        parts.append(t("rep.work.active_month", lang, month=_month(facts, lang), n=facts.active_last_month,
                       rate=fmt.percent(facts.active_rate)))
    return "".join(parts) if lang == "zh" else " ".join(parts)


def _peak_month(facts: ReportFacts) -> tuple[object, int] | None:
    if facts.monthly.empty:
        return None
    totals = facts.monthly.groupby("period")["actions"].sum()
    month = totals.idxmax()
    return pd.Timestamp(month).date(), int(totals.max())


def _training(facts: ReportFacts, lang: str) -> str:
    sessions, meetings = facts.count("training_sessions"), facts.count("meeting_sessions")
    if not sessions and not meetings:
        return t("rep.training.none", lang)
    parts = []
    if sessions:
        titles = facts.events.loc[(facts.events["type"] == "training") & (facts.events["title"] != ""), "title"]
        quoted = [f"《{x}》" if lang == "zh" else f"“{x}”" for x in titles.head(3)]
        named = ("、" if lang == "zh" else ", ").join(quoted)
        parts.append(t("rep.training.held" if named else "rep.training.held_untitled", lang, n=sessions, titles=named,
                       trained=facts.count("trained_members"),
                       attendances=said(facts.by_type("training"), "training", lang)))
    if meetings:
        parts.append(t("rep.training.meetings", lang, n=meetings,
                       attendances=said(facts.by_type("meeting"), "meeting", lang)))
    return "".join(parts) if lang == "zh" else " ".join(parts)


def _opinion(facts: ReportFacts, lang: str) -> str:
    reports, rebuttals = facts.by_type("opinion_report"), facts.by_type("rebuttal")
    if not reports and not rebuttals:
        return t("rep.opinion.none", lang)
    parts = []
    if reports:
        parts.append(t("rep.opinion.reports", lang, n=said(reports, "opinion_report", lang))
                     + _split(facts, "opinion_report", lang))
    if rebuttals:
        parts.append(t("rep.opinion.rebuttals", lang, n=said(rebuttals, "rebuttal", lang)))
    return ("，" if lang == "zh" else "; ").join(parts) + _adopted(facts, lang) + ("。" if lang == "zh" else ".")


def _adopted(facts: ReportFacts, lang: str) -> str:
    """"，作品被各级采用N条，其中被省级以上采用M条" (an item adopted several times counted once, at its highest
    level); "" when nothing was adopted."""
    items = facts.adoption
    if items.empty or not int(items["items"].sum()):
        return ""
    high = int(items.loc[items["level"].isin(("central", "province")), "items"].sum())
    return t("rep.adopted", lang, n=int(items["items"].sum()), high=high)


def best_units(facts: ReportFacts) -> list[str]:
    """The keys of the top units: by the evaluation's rank when it is there, else by actions per member."""
    if facts.ranking is not None and not facts.ranking.empty:
        return facts.ranking.sort_values("rank", kind="stable")["unit_key"].head(TOP_UNITS).tolist()
    units = facts.units.dropna(subset=["per_member"])
    units = units[units["actions"] > 0]
    ranked = units.sort_values(["per_member", "unit", "county"], ascending=[False, True, True])
    return ranked["unit_key"].head(TOP_UNITS).tolist()


def weak_units(facts: ReportFacts) -> list[str]:
    """The keys of the bottom units (never one of the best): last by rank, else lowest actions per member."""
    best = set(best_units(facts))
    if facts.ranking is not None and not facts.ranking.empty:
        ranked = facts.ranking.sort_values("rank", ascending=False, kind="stable")["unit_key"]
    else:
        units = facts.units.dropna(subset=["per_member"])
        ranked = units.sort_values(["per_member", "unit", "county"], ascending=[True, True, True])["unit_key"]
    return [u for u in ranked if u not in best][:TOP_UNITS]


def _best(facts: ReportFacts, lang: str) -> str:
    best = best_units(facts)
    if not best:
        return t("rep.best.none", lang)
    parts = []
    if facts.ranking is not None and not facts.ranking.empty:
        top = facts.ranking.sort_values("rank", kind="stable").head(TOP_UNITS)
        each = [t("rep.best.ranked_one", lang, unit=unit_text(facts, u, lang), score=f"{float(s):.1f}",
                  band=band_label(b, lang))
                for u, s, b in zip(top["unit_key"], top["total"], top["band"], strict=True)]
        parts.append(t("rep.best.ranked", lang, list="、".join(each) if lang == "zh" else ", ".join(each)))
    else:
        rows = facts.units.set_index("unit_key").loc[best]
        each = [t("rep.best.per_member_one", lang, unit=unit_text(facts, u, lang), n=f"{float(n):g}")
                for u, n in zip(rows.index, rows["per_member"], strict=True)]
        parts.append(t("rep.best.per_member", lang, list="、".join(each) if lang == "zh" else ", ".join(each)))
    people = facts.commendations
    if people is not None and not people.empty:
        named = people.head(COMMENDED_NAMED)
        each = [t("rep.best.person", lang, name=n, unit=unit_text(facts, u, lang))
                for n, u in zip(named["name"], named["unit_key"], strict=True)]
        parts.append(t("rep.best.people", lang, list=("、" if lang == "zh" else ", ").join(each), n=len(people)))
    return "".join(parts) if lang == "zh" else " ".join(parts)


def _short(facts: ReportFacts, lang: str) -> str:
    parts = []
    weak = weak_units(facts)
    if weak and len(facts.units) > TOP_UNITS:
        parts.append(t("rep.short.weak", lang, units=listing(unit_texts(facts, weak, lang), lang), n=len(weak)))
    if facts.not_reported:
        parts.append(t("rep.short.not_reported", lang, units=listing(unit_texts(facts, facts.not_reported, lang), lang),
                       month=_month(facts, lang), n=len(facts.not_reported)))
    if facts.quota.no_liaison:
        units = facts.quota.no_liaison
        parts.append(t("rep.short.no_liaison", lang, units=listing(unit_texts(facts, units, lang), lang), n=len(units)))
    if facts.quota.short_core:
        units = facts.quota.short_core
        parts.append(t("rep.short.short_core", lang, units=listing(unit_texts(facts, units, lang), lang), n=len(units)))
    unmatched = facts.count("unmatched_rows")
    if unmatched:
        parts.append(t("rep.short.unmatched", lang, n=unmatched))
    if not parts:
        return t("rep.short.none", lang)
    return "".join(parts) if lang == "zh" else " ".join(parts)
