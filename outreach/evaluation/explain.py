"""Words for the scores: what each indicator counts, how its points are given, and — for one unit —
the figures behind each of its points, so a unit can see why it got them and an office can defend them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from outreach import fmt
from outreach.evaluation import measures
from outreach.evaluation.rubric import Indicator, Rubric
from outreach.evaluation.scoring import Evaluation
from outreach.i18n import label, t
from outreach.units import unit_label

_SEP = {"zh": "；", "en": "; "}
_LIST = {"zh": "、", "en": ", "}


def _join(items: list[str], lang: str, sep: dict[str, str] = _LIST) -> str:
    return sep["en" if lang == "en" else "zh"].join(items)


def _n(x: float) -> str:
    """2, 0.5, 1.75: numbers as a person writes them (no trailing zeros)."""
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x)}"


def basis_text(rubric: Rubric, lang: str | None = None) -> str:
    return t(f"eval.basis.{rubric.per_capita}", lang)


def definition(ind: Indicator, rubric: Rubric, lang: str = "zh") -> str:
    """What the indicator counts, in one paragraph."""
    if ind.measure == "team_building":
        parts = [t(f"eval.def.part.{p}", lang, w=_n(w), n=ind.default_expected_members or "—")
                 for p, w in ind.parts.items() if w]
        return t("eval.def.team_building", lang, parts=_join(parts, lang))
    if ind.measure == "action_points":
        pieces = [_join([t("eval.def.points_item", lang, type=label("type", c, lang), pts=_n(p))
                         for c, p in ind.points.items()], lang)]
        if ind.caps:
            pieces.append(t("eval.def.caps", lang, caps=_join([t("eval.def.cap_item", lang, type=label("type", c, lang),
                                                                  n=n) for c, n in ind.caps.items()], lang)))
        if ind.platform_bonus:
            pieces.append(t("eval.def.bonus", lang, bonus=_join([
                t("eval.def.bonus_item", lang, platform=label("platform", p, lang), pts=_n(b))
                for p, b in ind.platform_bonus.items()], lang)))
        if ind.adoption:
            items = _join([t("eval.def.adoption_item", lang, type=label("type", c, lang),
                             level=label("adopt_level", lv, lang), pts=_n(p))
                           for c, levels in ind.adoption.items() for lv, p in levels.items()], lang)
            once = t("eval.def.adoption_once", lang) if ind.adoption_once else ""
            pieces.append(t("eval.def.adoption", lang, items=items, once=once))
        pieces.append(t(f"eval.def.per.{rubric.per_capita if ind.per_capita else 'total'}", lang))
        return _join(pieces, lang, _SEP)
    if ind.measure == "active_rate":
        return t("eval.def.active_rate", lang)
    types = _join([label("type", c, lang) for c in ind.types], lang)
    return t("eval.def.event_attendance", lang, types=types) + (t("eval.def.mean", lang) if len(ind.types) > 1 else "")


def method_text(ind: Indicator, lang: str = "zh") -> str:
    target = format_value(ind, ind.target, lang) if ind.target is not None else ""
    return t(f"eval.method.{ind.method}", lang, w=_n(ind.weight), target=target)


def format_value(ind: Indicator, value: float | None, lang: str = "zh") -> str:
    """A raw value as its unit: 90.0% for shares, 1.75 for points per member."""
    if value is None or pd.isna(value):
        return "—"
    if ind.measure == "action_points":
        return f"{value:,.2f}"
    return fmt.percent(value)


def rubric_table(rubric: Rubric, lang: str = "zh") -> pd.DataFrame:
    """indicator, weight, method, definition: the rubric as people read it."""
    return pd.DataFrame([{"key": i.key, "indicator": i.title(lang), "weight": i.weight, "method": method_text(i, lang),
                          "definition": definition(i, rubric, lang)
                          + (t("eval.note", lang, note=i.note) if i.note else "")}
                         for i in rubric.indicators])


@dataclass
class IndicatorCard:
    key: str
    name: str
    weight: float
    value: str  # formatted raw value
    points: float
    figures: list[str]  # the figures behind the value, one sentence each
    method: str  # how the value became points, with this period's numbers


def unit_cards(ev: Evaluation, unit: str, lang: str = "zh") -> list[IndicatorCard]:
    """One card per indicator explaining the points of the unit whose key is ``unit``."""
    fig = ev.figures.loc[unit]
    row = ev.all_scores.set_index("unit_key").loc[unit]
    cards = []
    for ind in ev.rubric.indicators:
        figures = _FIGURES[ind.measure](ev, ind, unit, fig, lang)
        cards.append(IndicatorCard(ind.key, ind.title(lang), ind.weight, format_value(ind, row[f"val_{ind.key}"], lang),
                                   float(row[f"pts_{ind.key}"]), figures, _method_line(ev, ind, unit, lang)))
    return cards


def _team(ev: Evaluation, ind: Indicator, unit: str, fig: pd.Series, lang: str) -> list[str]:
    parts = measures.team_parts(ev.figures.loc[[unit]], ind).iloc[0]
    expected = measures.expected_members(ev.figures.loc[[unit]], ind).iloc[0]
    ok = {True: t("eval.ok", lang), False: t("eval.not_ok", lang)}
    lines = {
        "headcount": t("eval.fig.headcount", lang, members=int(fig["members"]),
                       expected=_n(expected) if pd.notna(expected) else "—", share=fmt.percent(parts["headcount"])),
        "core": t("eval.fig.core", lang, core=int(fig["core"]), low=int(fig["core_min"]), high=int(fig["core_max"]),
                  ok=ok[bool(parts["core"])]),
        "liaison": t("eval.fig.liaison", lang, liaison=int(fig["liaison"]), expected=int(fig["liaison_expected"]),
                     ok=ok[bool(parts["liaison"])]),
        "completeness": t("eval.fig.completeness", lang, complete=int(fig["complete"]), members=int(fig["members"]),
                          share=fmt.percent(parts["completeness"])),
    }
    return [lines[p] + t("eval.fig.part_weight", lang, w=_n(w)) for p, w in ind.parts.items() if w]


def _actions(ev: Evaluation, ind: Indicator, unit: str, fig: pd.Series, lang: str) -> list[str]:
    lines = []
    for code, pts in ind.points.items():
        raw, capped = int(fig.get(code, 0)), int(fig.get(f"capped_{code}", 0))
        key = "eval.fig.type_capped" if capped != raw else "eval.fig.type"
        lines.append(t(key, lang, type=label("type", code, lang), raw=raw, capped=capped, pts=_n(pts),
                       total=_n(capped * pts)))
    base, bonus = measures.action_totals(ev.figures.loc[[unit]], ind)
    for platform, extra in ind.platform_bonus.items():
        n = sum(int(fig.get(f"plat_{platform}_{code}", 0)) for code in ind.points)
        lines.append(t("eval.fig.bonus", lang, platform=label("platform", platform, lang), n=n, pts=_n(extra),
                       total=_n(n * extra)))
    total = float(base.iloc[0] + bonus.iloc[0])
    prefix = "adopt_once" if ind.adoption_once else "adopt_all"
    for code, levels in ind.adoption.items():
        for level, pts in levels.items():
            n = int(fig.get(f"{prefix}_{code}_{level}", 0))
            if n:
                lines.append(t("eval.fig.adopted", lang, type=label("type", code, lang),
                               level=label("adopt_level", level, lang), n=n, pts=_n(pts), total=_n(n * pts)))
                total += n * pts
    if ind.per_capita:
        column = "active_members" if ev.rubric.per_capita == "active_members" else "members"
        lines.append(t(f"eval.fig.per_{column}", lang, total=_n(total), n=int(fig[column]),
                       value=format_value(ind, measures.value(ev.figures.loc[[unit]], ind, ev.rubric.per_capita)
                                          .iloc[0], lang)))
    else:
        lines.append(t("eval.fig.total", lang, total=_n(total)))
    if int(fig.get("unmatched_actions", 0)):
        lines.append(t("eval.fig.unmatched", lang, n=int(fig["unmatched_actions"])))
    return lines


def _active(ev: Evaluation, ind: Indicator, unit: str, fig: pd.Series, lang: str) -> list[str]:
    months = ev.monthly[(ev.monthly["unit_key"] == unit) & (ev.monthly["members"] > 0)]
    if months.empty:
        return [t("eval.fig.no_roster", lang)]
    each = [t("eval.fig.month_rate", lang, month=pd.Timestamp(m).month, active=int(a), members=int(n))
            for m, a, n in zip(months["month"], months["active_members"], months["members"], strict=True)]
    return [_join(each, lang), t("eval.fig.mean_rate", lang, n=len(months), rate=fmt.percent(fig["active_rate"]))]


def _events(ev: Evaluation, ind: Indicator, unit: str, fig: pd.Series, lang: str) -> list[str]:
    sessions = ev.events[ev.events["unit_key"] == unit].set_index("type")["sessions"]
    members = int(fig["members"])
    return [t("eval.fig.attended", lang, type=label("type", code, lang), did=int(fig.get(f"did_{code}", 0)),
              members=members, share=fmt.percent(int(fig.get(f"did_{code}", 0)) / members if members else 0.0),
              sessions=int(sessions.get(code, 0)))
            for code in ind.types]


_FIGURES = {"team_building": _team, "action_points": _actions, "active_rate": _active,
            "event_attendance": _events}


def _method_line(ev: Evaluation, ind: Indicator, unit: str, lang: str) -> str:
    scores = ev.all_scores.set_index("unit_key")
    values = scores[f"val_{ind.key}"].astype("float64")
    value, points = values[unit], scores.loc[unit, f"pts_{ind.key}"]
    shown = {"v": format_value(ind, value, lang), "w": _n(ind.weight), "points": f"{points:.2f}"}
    if ind.method == "best":
        best = values.max()
        leader = t("fmt.list_sep", lang).join(unit_label(key) for key in values.index[values == best][:3])
        return t("eval.calc.best" if best > 0 else "eval.calc.none", lang, best=format_value(ind, best, lang),
                 leader=leader, **shown)
    if ind.method == "minmax":
        low, high = values.min(), values.max()
        key = "eval.calc.minmax" if high > low else ("eval.calc.all_equal" if high > 0 else "eval.calc.none")
        return t(key, lang, low=format_value(ind, low, lang), high=format_value(ind, high, lang), **shown)
    return t("eval.calc.target", lang, target=format_value(ind, ind.target, lang), **shown)
