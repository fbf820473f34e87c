"""The report's data tables (附表), with exact figures: the DOCX, the PDF, the Markdown and the deck's
appendix print them, so every rounded number of the text can be checked against its source. Every
table that lists units has a county column beside the unit's name: two units of one name in different
counties are two rows, told apart by their county."""

from __future__ import annotations

from dataclasses import dataclass

from outreach import vocab
from outreach.i18n import label, t
from outreach.report.facts import ReportFacts, band_label
from outreach.report.slides import Table


@dataclass
class Titled:
    title: str
    table: Table
    source: str  # the named queries behind it


def exact(n: object) -> str:
    return f"{int(n):,}"


def key_figures(facts: ReportFacts, lang: str) -> Table:
    """The figures of `summary --json` (members, units, actions, by type, participation, events, unmatched)."""
    rows = [
        (t("mt.k.members", lang), facts.count("members")),
        (t("ov.units", lang), facts.count("units")),
        (t("ov.actions", lang), facts.count("actions")),
        *[(label("type", code, lang), n) for code in vocab.ACTIVITY_TYPES
          if (n := facts.figures["actions_by_type"].get(code))],
        (t("mt.t.active", lang), facts.count("active_members")),
        (t("mt.t.trained", lang), facts.count("trained_members")),
        (t("mt.t.training_sessions", lang), facts.count("training_sessions")),
        (t("mt.t.meeting_sessions", lang), facts.count("meeting_sessions")),
        (t("mt.t.unmatched", lang), facts.count("unmatched_rows")),
    ]
    return Table([t("mt.t.figure", lang), t("mt.t.value", lang)], [[name, exact(n)] for name, n in rows], (1,))


def by_county(facts: ReportFacts, lang: str) -> Table:
    rows = [[c or t("county.none", lang), exact(m), exact(u)]
            for c, m, u in zip(facts.by_county["county"], facts.by_county["members"], facts.by_county["units"],
                               strict=True)]
    return Table([t("field.county", lang), t("ov.members", lang), t("ov.units", lang)], rows, (1, 2))


def platform_by_type(facts: ReportFacts, lang: str) -> Table:
    """Actions by platform (rows) and type (columns), with totals: every actions_by_platform_type figure."""
    df = facts.by_platform_type
    types = [c for c in vocab.ACTIVITY_TYPES if c in set(df["type"])]
    platforms = [p for p in vocab.PLATFORMS if p in set(df["platform"])]
    cell = {(p, ty): int(n) for p, ty, n in zip(df["platform"], df["type"], df["actions"], strict=True)}
    rows = []
    for p in platforms:
        values = [cell.get((p, ty), 0) for ty in types]
        rows.append([label("platform", p, lang), *[exact(v) if v else "" for v in values], exact(sum(values))])
    totals = [sum(cell.get((p, ty), 0) for p in platforms) for ty in types]
    rows.append([t("mt.t.total", lang), *[exact(v) for v in totals], exact(sum(totals))])
    columns = [t("mt.t.platform", lang), *[label("type", ty, lang) for ty in types], t("mt.t.total", lang)]
    return Table(columns, rows, tuple(range(1, len(columns))))


def ranking(facts: ReportFacts, lang: str) -> Table | None:
    if facts.ranking is None or facts.ranking.empty:
        return None
    r = facts.ranking.sort_values("rank")
    rows = [[str(int(k)), u, c or "—", exact(m), exact(a), f"{float(s):.2f}", band_label(b, lang)]
            for k, u, c, m, a, s, b in zip(r["rank"], r["unit"], r["county"], r["members"], r["active_members"],
                                           r["total"], r["band"], strict=True)]
    columns = [t("mt.col.rank", lang), t("field.unit", lang), t("field.county", lang), t("ov.members", lang),
               t("mt.k.active", lang), t("mt.col.score", lang), t("mt.col.band", lang)]
    return Table(columns, rows, (0, 3, 4, 5))


def unit_activity(facts: ReportFacts, lang: str) -> Table:
    u = facts.units.sort_values(["actions", "unit", "county"], ascending=[False, True, True])
    rows = [[name, c or "—", exact(m), exact(a), exact(act), "—" if p != p else f"{float(p):g}"]
            for name, c, m, a, act, p in zip(u["unit"], u["county"], u["members"], u["active_members"], u["actions"],
                                             u["per_member"], strict=True)]
    columns = [t("field.unit", lang), t("field.county", lang), t("ov.members", lang), t("mt.k.active", lang),
               t("mt.col.actions", lang), t("mt.col.per_member", lang)]
    return Table(columns, rows, (2, 3, 4, 5))


def commendations(facts: ReportFacts, lang: str) -> Table | None:
    people = facts.commendations
    if people is None or people.empty:
        return None
    rows = [[str(i), n, u, c or "—", f"{float(p):g}", str(int(m))]
            for i, (n, u, c, p, m) in enumerate(zip(people["name"], people["unit"], people["county"], people["points"],
                                                    people["months_active"], strict=True), start=1)]
    columns = [t("mt.t.no", lang), t("field.name", lang), t("field.unit", lang), t("field.county", lang),
               t("mt.col.points", lang), t("mt.col.months", lang)]
    return Table(columns, rows, (0, 4, 5))


def appendix(facts: ReportFacts, lang: str) -> list[Titled]:
    """Every table of the report, titled, with the queries behind it."""
    if facts.empty:
        return []
    s = facts.sources
    out = [Titled(t("mt.t.key_figures", lang), key_figures(facts, lang), s["figures"]),
           Titled(t("mt.t.by_county", lang), by_county(facts, lang), s["by_county"]),
           Titled(t("mt.t.platform_by_type", lang), platform_by_type(facts, lang), s["by_platform_type"]),
           Titled(t("mt.t.units", lang), unit_activity(facts, lang), s["units"])]
    if (ranked := ranking(facts, lang)) is not None:
        out.append(Titled(t("mt.s.ranking", lang), ranked, s["ranking"]))
    if (people := commendations(facts, lang)) is not None:
        out.append(Titled(t("mt.s.commendations", lang), people, s["commendations"]))
    return out
