"""Frames the 考评 page shows, shaped from an Evaluation (no Streamlit here): the period chosen on the
page, change against the previous period, band quotas, per-indicator breakdown and radar figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from outreach.evaluation import bands as banding
from outreach.evaluation import periods
from outreach.evaluation.rubric import Rubric
from outreach.evaluation.scoring import Evaluation, compare, evaluate
from outreach.filters import Filters
from outreach.queries import QueryRunner


def with_period(f: Filters, start: dt.date, end: dt.date) -> Filters:
    return replace(f, month_from=start, month_to=end)


def previous_evaluation(q: QueryRunner, ev: Evaluation) -> Evaluation | None:
    """The same rubric over the period of equal length just before; None when no data reaches back."""
    start, end = periods.previous(ev.filters.month_from, ev.filters.month_to)
    before = evaluate(q, with_period(ev.filters, start, end), ev.rubric)
    return None if before.all_scores.empty else before


def changes(ev: Evaluation, before: Evaluation | None) -> pd.DataFrame:
    """compare() of the two periods for the filtered units (empty columns when there is no before)."""
    if before is None:
        out = ev.scores[["unit_key", "unit", "county", "total", "rank", "band"]].copy()
        for column in ("total_before", "rank_before", "band_before", "change", "rank_change"):
            out[column] = pd.NA
        return out
    return compare(before.all_scores, ev.scores)


def most_improved(ev: Evaluation, before: Evaluation | None, n: int = 5) -> pd.DataFrame:
    """The ``n`` units whose total rose most (ties by rank gained, then name and key); only rises."""
    df = changes(ev, before)
    if before is None or df.empty:
        return df.head(0)
    risen = df[df["change"] > 0].sort_values(["change", "rank_change", "unit", "unit_key"],
                                             ascending=[False, False, True, True])
    return risen.head(n).reset_index(drop=True)


def band_quotas(ev: Evaluation) -> pd.DataFrame:
    """Per band: code, units placed, the cumulative quota and the minimum score."""
    scores = ev.all_scores
    limits = banding.quota_counts(ev.rubric.bands, len(scores))
    placed = scores["band"].value_counts()
    rows = [{"band": b.code, "units": int(placed.get(b.code, 0)), "quota": limit, "share": b.max_share,
             "min_score": b.min_score} for b, limit in zip(ev.rubric.bands, limits, strict=True)]
    if placed.get(banding.NO_BAND, 0):
        rows.append({"band": banding.NO_BAND, "units": int(placed[banding.NO_BAND]), "quota": None, "share": None,
                     "min_score": None})
    return pd.DataFrame(rows)


def breakdown(ev: Evaluation, top: int | None = None, lang: str = "zh") -> pd.DataFrame:
    """Long frame unit_key, unit, county, rank, indicator key, indicator name, points — for a stacked bar
    per unit; the first ``top`` units in rank order only, when given."""
    columns = ["unit_key", "unit", "county", "rank", "key", "indicator", "points", "weight"]
    rows = []
    for record in ev.scores.head(top).to_dict("records") if top else ev.scores.to_dict("records"):
        for ind in ev.rubric.indicators:
            rows.append({"unit_key": record["unit_key"], "unit": record["unit"], "county": record["county"],
                         "rank": record["rank"], "key": ind.key, "indicator": ind.title(lang),
                         "points": record[f"pts_{ind.key}"], "weight": ind.weight})
    return pd.DataFrame(rows, columns=columns)


def radar(ev: Evaluation, unit: str, lang: str = "zh") -> pd.DataFrame:
    """Per indicator: the points of the unit whose key is ``unit``, the average and the best over every
    unit, each as a share of the indicator's weight (so indicators of different weight compare on one
    scale)."""
    scores = ev.all_scores.set_index("unit_key")
    rows = []
    for ind in ev.rubric.indicators:
        column = scores[f"pts_{ind.key}"].astype("float64")
        rows.append({"indicator": ind.title(lang), "unit": column[unit] / ind.weight,
                     "average": column.mean() / ind.weight, "best": column.max() / ind.weight})
    return pd.DataFrame(rows)


def compare_rubrics(q: QueryRunner, f: Filters, first: Rubric, second: Rubric) -> pd.DataFrame:
    """Ranks of the filtered units under two rubrics: compare() with ``first`` as "before"."""
    return compare(evaluate(q, f, first).all_scores, evaluate(q, f, second).scores)
