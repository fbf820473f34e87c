"""What each indicator measures (its raw value per unit) and how a value becomes points.

``figures`` is the frame scoring.py builds: one row per unit, indexed by unit, with the team
(members, core, liaison, quota, complete), the period's actions per type as reported and after caps
(``<type>``, ``capped_<type>``), members who did each type (``did_<type>``), members active in the period,
matched actions per platform and type (``plat_<platform>_<type>``) and the mean monthly active rate.
A figure that has no denominator (a unit with no members, nobody active) counts as 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from outreach.evaluation.rubric import Indicator

_TEAM_PARTS = ("headcount", "core", "liaison", "completeness")


def round2(values: pd.Series) -> pd.Series:
    """Rounded to two decimals half up (四舍五入, as an office rounds by hand: 2.675 → 2.68), from the
    shortest decimal form of each float rather than its binary value."""
    return values.astype("float64").map(_half_up).astype("float64")


def _half_up(x: float) -> float:
    if x != x:  # NaN stays NaN
        return x
    return float(Decimal(repr(x)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator ÷ denominator, 0 where the denominator is 0."""
    denominator = denominator.astype("float64")
    return (numerator.astype("float64") / denominator.where(denominator > 0)).fillna(0.0)


def expected_members(figures: pd.DataFrame, ind: Indicator) -> pd.Series:
    """The headcount each unit should have: its uploaded quota, else the rubric's default (may be NaN)."""
    quota = figures["expected_members"].astype("float64")
    if ind.default_expected_members is not None:
        quota = quota.fillna(float(ind.default_expected_members))
    return quota


def team_parts(figures: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    """Each part of team building between 0 and 1: headcount against the quota (capped at 1; a unit
    with no quota at all gets 1 for having anyone), 骨干 within the range, 联络员 in place, and the share
    of roster members with both a phone number and a WeChat name."""
    members = figures["members"].astype("float64")
    expected = expected_members(figures, ind)
    headcount = _ratio(members, expected.fillna(0)).clip(upper=1.0)
    headcount = headcount.where(expected.notna(), (members > 0).astype("float64"))
    core = ((figures["core"] >= figures["core_min"]) & (figures["core"] <= figures["core_max"]) & (members > 0))
    liaison = (figures["liaison"] >= figures["liaison_expected"]) & (members > 0)
    return pd.DataFrame({
        "headcount": headcount,
        "core": core.astype("float64"),
        "liaison": liaison.astype("float64"),
        "completeness": _ratio(figures["complete"], members).clip(upper=1.0),
    }, index=figures.index)


def action_totals(figures: pd.DataFrame, ind: Indicator) -> tuple[pd.Series, pd.Series]:
    """(points from capped actions, platform bonus points) per unit, before any per-capita division."""
    base = sum((figures[f"capped_{code}"].astype("float64") * pts for code, pts in ind.points.items()),
               start=pd.Series(0.0, index=figures.index))
    bonus = pd.Series(0.0, index=figures.index)
    for platform, extra in ind.platform_bonus.items():
        for code in ind.points:
            column = f"plat_{platform}_{code}"
            if column in figures:
                bonus = bonus + figures[column].astype("float64") * extra
    return base, bonus


def adoption_total(figures: pd.DataFrame, ind: Indicator) -> pd.Series:
    """Points for adopted items (采用级别) per unit: items of each (type, level) × the rubric's points, an
    item adopted several times counted once at its highest level unless ``adoption_once = false``."""
    prefix = "adopt_once" if ind.adoption_once else "adopt_all"
    total = pd.Series(0.0, index=figures.index)
    for code, levels in ind.adoption.items():
        for level, pts in levels.items():
            column = f"{prefix}_{code}_{level}"
            if column in figures:
                total = total + figures[column].astype("float64") * pts
    return total


def per_capita_base(figures: pd.DataFrame, basis: str) -> pd.Series:
    return figures["active_members" if basis == "active_members" else "members"]


def value(figures: pd.DataFrame, ind: Indicator, basis: str) -> pd.Series:
    """The indicator's raw value per unit."""
    if ind.measure == "team_building":
        parts = team_parts(figures, ind)
        weights = {p: ind.parts.get(p, 0.0) for p in _TEAM_PARTS}
        return sum(parts[p] * w for p, w in weights.items()) / sum(weights.values())
    if ind.measure == "action_points":
        base, bonus = action_totals(figures, ind)
        total = base + bonus
        if ind.adoption:
            total = total + adoption_total(figures, ind)
        return _ratio(total, per_capita_base(figures, basis)) if ind.per_capita else total
    if ind.measure == "active_rate":
        return figures["active_rate"].astype("float64").fillna(0.0)
    if ind.measure == "event_attendance":
        shares = [_ratio(figures[f"did_{code}"], figures["members"]) for code in ind.types]
        return sum(shares) / len(shares)
    raise ValueError(f"unknown measure {ind.measure!r}")


def points(values: pd.Series, ind: Indicator) -> pd.Series:
    """Points between 0 and the weight, rounded to two decimals (the total is the sum of these).

    best: weight × value ÷ the best unit's value. minmax: the lowest unit 0, the highest the weight,
    in proportion between; when every unit has the same value, all get the weight (or all 0 if that
    value is 0). target: weight × value ÷ target, at most the weight. No unit ever gets points for 0.
    """
    v = values.astype("float64").fillna(0.0).clip(lower=0.0)
    w = ind.weight
    if ind.method == "best":
        top = v.max() if len(v) else 0.0
        raw = v / top * w if top > 0 else v * 0.0
    elif ind.method == "minmax":
        low, high = (v.min(), v.max()) if len(v) else (0.0, 0.0)
        raw = (v - low) / (high - low) * w if high > low else v * 0.0 + (w if high > 0 else 0.0)
    elif ind.method == "target":
        raw = (v / ind.target).clip(upper=1.0) * w
    else:
        raise ValueError(f"unknown method {ind.method!r}")
    return round2(raw)
