"""Unit scores for a period: figures from the summary tables (queries/eval_*.sql), the rubric's
indicators turned into points, manual adjustments, ranks and star bands.

Nothing is stored: every call scores from the data as it is, so a new rubric re-scores every period.
A unit is (county, unit name): every frame here is keyed by ``unit_key`` ('福安市/城南镇团委', see
outreach.units), and ``unit`` (the name) and ``county`` are kept beside it for display.
Units are always scored and ranked among every unit the viewer may see — a relative method compares a
unit with the best of them all — and the county/unit filters then pick the rows to show (a county's
units keep their city-wide rank; ``county_rank`` is their rank within the county). The category and
role filters do not apply to unit scores, which are about the whole team.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from outreach.evaluation import bands as banding
from outreach.evaluation import measures
from outreach.evaluation.rubric import Rubric
from outreach.filters import Filters
from outreach.queries import QueryRunner, data_months
from outreach.vocab import ACTIVITY_TYPES

BASE_COLUMNS = ["unit_key", "unit", "county", "members", "active_members", "computed", "adjustment", "total", "rank",
                "band", "county_rank"]


@dataclass
class Evaluation:
    """Everything behind one period's scores, for the table and for explaining them."""

    rubric: Rubric
    filters: Filters
    months: list[dt.date]  # months of the period that have data
    figures: pd.DataFrame  # one row per unit (index unit_key; unit, county): the figures the indicators read
    monthly: pd.DataFrame  # unit_key, month, members, active_members
    events: pd.DataFrame  # unit_key, type, sessions, attendances
    adjustments: pd.DataFrame  # one row per adjustment counted in the period
    all_scores: pd.DataFrame  # every unit in scope, sorted by rank

    @property
    def scores(self) -> pd.DataFrame:
        """The units the county/unit filters select, still sorted by (city-wide) rank."""
        df = self.all_scores
        if self.filters.counties:
            df = df[df["county"].isin(self.filters.counties)]
        if self.filters.units:  # unit keys
            df = df[df["unit_key"].isin(self.filters.units)]
        return df.reset_index(drop=True)


def cap_params(rubric: Rubric) -> dict[str, int | None]:
    caps = rubric.type_caps()
    return {f"cap_{code}": caps.get(code) for code in ACTIVITY_TYPES}


def bonus_platforms(rubric: Rubric) -> list[str]:
    """The platforms any indicator gives extra points for: the only ones whose matched actions are read."""
    return sorted({p for ind in rubric.indicators for p in ind.platform_bonus})


def point_params(rubric: Rubric) -> dict[str, float]:
    pts = rubric.type_points()
    return {f"pts_{code}": float(pts.get(code, 0.0)) for code in ACTIVITY_TYPES}


def evaluate(q: QueryRunner, f: Filters, rubric: Rubric) -> Evaluation:
    """Score every unit in scope over ``f``'s months with ``rubric``.

    Scoring depends on the period, the rubric, the scope and the data, not on the county/unit filters (they
    only pick rows of ``scores``): it is cached on those through the runner, so a page that asks for this
    period and the one before, a new filter, or the meeting after the evaluation page, scores once."""
    everywhere = replace(f, counties=(), units=(), categories=(), roles=())
    scored = q.memo("evaluation", (everywhere, rubric.version_id, rubric.sha256),
                    lambda: _evaluate_everywhere(q, everywhere, rubric))
    return replace(scored, filters=f)


def _evaluate_everywhere(q: QueryRunner, everywhere: Filters, rubric: Rubric) -> Evaluation:
    months = data_months(q, everywhere)
    monthly = q.df("eval_active_months", everywhere)
    events = q.df("eval_unit_events", everywhere)
    adjustments = q.df("eval_adjustments", everywhere)
    figures = _figures(q, everywhere, rubric, monthly) if months else _figures_empty()
    scores = score_frame(figures, adjustments, rubric)
    return Evaluation(rubric, everywhere, months, figures, monthly, events, adjustments, scores)


def _figures_empty() -> pd.DataFrame:
    return pd.DataFrame(columns=["unit_key", "unit", "county", "members", "active_members"]).set_index("unit_key")


def _figures(q: QueryRunner, f: Filters, rubric: Rubric, monthly: pd.DataFrame) -> pd.DataFrame:
    """One row per unit in scope: team, actions per type (reported and capped), members per type,
    matched actions per platform and type (plat_<platform>_<type>), unmatched actions, active rate.
    A unit with no activity has zeros, not gaps."""
    units = q.df("eval_units", f).set_index("unit_key")
    actions = q.df("eval_unit_actions", f, **cap_params(rubric)).set_index("unit_key")
    platforms = q.df("eval_unit_platforms", f, platforms=bonus_platforms(rubric))
    matched = platforms.pivot_table(index="unit_key", columns=["platform", "type"], values="matched_actions",
                                    aggfunc="sum", fill_value=0)
    matched.columns = [f"plat_{p}_{t}" for p, t in matched.columns]
    unmatched = platforms.groupby("unit_key")["unmatched_actions"].sum().rename("unmatched_actions")
    counts = actions.join(matched, how="outer").join(unmatched, how="outer")
    figures = units.join(counts, how="left")
    figures[list(counts.columns)] = figures[list(counts.columns)].fillna(0).astype("int64")
    figures["active_rate"] = _mean_active_rate(monthly).reindex(figures.index).fillna(0.0)
    if rubric.adoption_points():  # a rubric without adoption points reads nothing more and scores as before
        adoption = adoption_figures(q.df("adoption_items", f))
        figures = figures.join(adoption, how="left")
        figures[list(adoption.columns)] = figures[list(adoption.columns)].fillna(0).astype("int64")
    return figures


def adoption_figures(items: pd.DataFrame) -> pd.DataFrame:
    """Matched adopted items per unit key (queries/adoption_items.sql): ``adopt_once_<type>_<level>`` (an item
    adopted several times counted once, at its highest level) and ``adopt_all_<type>_<level>`` (every adoption)."""
    matched = items[items["matched"].astype(bool)] if not items.empty else items
    if matched.empty:
        return pd.DataFrame(index=pd.Index([], name="unit_key"))
    frames = []
    for prefix, column in (("adopt_once", "items"), ("adopt_all", "adoptions")):
        wide = matched.pivot_table(index="unit_key", columns=["type", "level"], values=column, aggfunc="sum",
                                   fill_value=0)
        wide.columns = [f"{prefix}_{t}_{lv}" for t, lv in wide.columns]
        frames.append(wide)
    return pd.concat(frames, axis=1)


def _mean_active_rate(monthly: pd.DataFrame) -> pd.Series:
    """Each unit's active members ÷ roster members, month by month, averaged over the months in which
    it had a roster (a month it did not report counts as 0 active)."""
    rostered = monthly[monthly["members"] > 0]
    if rostered.empty:
        return pd.Series(dtype="float64")
    rate = rostered["active_members"].astype("float64") / rostered["members"].astype("float64")
    return rate.groupby(rostered["unit_key"]).mean()


def adjustment_sums(adjustments: pd.DataFrame, rubric: Rubric) -> tuple[pd.Series, pd.Series]:
    """(entered sum, sum counted after the rubric's max_bonus / max_penalty) per unit key."""
    entered = adjustments.groupby("unit_key")["points"].sum().astype("float64") if not adjustments.empty \
        else pd.Series(dtype="float64")
    counted = entered.clip(lower=-rubric.max_penalty if rubric.max_penalty is not None else None,
                           upper=rubric.max_bonus)
    return measures.round2(entered), measures.round2(counted)


def score_frame(figures: pd.DataFrame, adjustments: pd.DataFrame, rubric: Rubric) -> pd.DataFrame:
    """One row per unit: BASE_COLUMNS, then pts_<key> and val_<key> per indicator; sorted by rank, unit
    name and unit key (two counties' 城南镇团委 with equal totals: 福安市's before 寿宁县's)."""
    keys = [i.key for i in rubric.indicators]
    columns = BASE_COLUMNS + [f"pts_{k}" for k in keys] + [f"val_{k}" for k in keys]
    if figures.empty:
        return pd.DataFrame(columns=columns)
    df = pd.DataFrame(index=figures.index)
    df["unit"] = figures["unit"]
    df["county"] = figures["county"]
    df["members"] = figures["members"].astype("int64")
    df["active_members"] = figures["active_members"].astype("int64")
    for ind in rubric.indicators:
        df[f"val_{ind.key}"] = measures.value(figures, ind, rubric.per_capita)
        df[f"pts_{ind.key}"] = measures.points(df[f"val_{ind.key}"], ind)
    df["computed"] = measures.round2(df[[f"pts_{k}" for k in keys]].sum(axis=1))
    _, counted = adjustment_sums(adjustments, rubric)
    df["adjustment"] = counted.reindex(df.index).fillna(0.0)
    df["total"] = measures.round2(df["computed"] + df["adjustment"])
    df["rank"] = banding.competition_rank(df["total"])
    df["band"] = banding.assign(df["total"], rubric.bands)
    df["county_rank"] = df.groupby("county")["total"].rank(method="min", ascending=False).astype("int64")
    df = df.reset_index(names="unit_key").sort_values(["rank", "unit", "unit_key"], kind="stable")
    return df[columns].reset_index(drop=True)


def compare(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Rank and total under two scorings (two periods, or two rubrics) side by side, matched by unit key:
    unit_key, unit, county, total_before, rank_before, total, rank, band_before, band, change (points),
    rank_change (places gained, positive = up). Units scored only in ``after`` have no change."""
    left = before[["unit_key", "total", "rank", "band"]].rename(
        columns={"total": "total_before", "rank": "rank_before", "band": "band_before"})
    out = after[["unit_key", "unit", "county", "total", "rank", "band"]].merge(left, on="unit_key", how="left")
    out["change"] = measures.round2(out["total"] - out["total_before"]).where(out["total_before"].notna())
    out["rank_change"] = (out["rank_before"] - out["rank"]).astype("Int64")
    out["rank_before"] = out["rank_before"].astype("Int64")
    return out[["unit_key", "unit", "county", "total_before", "rank_before", "band_before", "total", "rank", "band",
                "change", "rank_change"]]
