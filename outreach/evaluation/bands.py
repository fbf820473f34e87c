"""Ranks and star bands (对标定级) with quota limits.

Ranks are competition ranks (1, 2, 2, 4) on the total rounded to two decimals.

Bands are assigned in rank order. A band's ``max_share`` is cumulative: 五星 0.2 and 四星 0.6 mean at
most 20 % of the units are 五星 and at most 60 % are 五星 or 四星, counted as whole units rounded down
(13 units: 2 and 7). A band may also ask for a minimum score. Units with the same total move together:
when a group of tied units would push a band past its quota, or falls short of its minimum score, the
whole group goes to the next band down — nobody is split from an equal on a coin toss, and a band never
holds more units than its quota allows. Units that no band accepts have no band (code "").
"""

from __future__ import annotations

import math
from itertools import groupby

import pandas as pd

from outreach.evaluation.rubric import Band

NO_BAND = ""


def competition_rank(totals: pd.Series) -> pd.Series:
    """1 for the highest total, equal totals share a rank, the next rank skips (1, 2, 2, 4). Totals
    are already rounded to two decimals (scoring.py)."""
    return totals.rank(method="min", ascending=False).astype("int64")


def quota_counts(bands: tuple[Band, ...], units: int) -> list[int]:
    """How many units each band and the better ones may hold together (shares rounded down)."""
    return [math.floor(band.max_share * units + 1e-9) for band in bands]


def assign(totals: pd.Series, bands: tuple[Band, ...]) -> pd.Series:
    """Band code per unit (same index as ``totals``)."""
    limits = quota_counts(bands, len(totals))
    order = sorted(range(len(totals)), key=lambda i: -totals.iat[i])
    codes = [NO_BAND] * len(totals)
    placed = current = 0
    for score, members in groupby(order, key=lambda i: totals.iat[i]):
        group = list(members)
        while current < len(bands) and not _fits(bands[current], limits[current], placed, len(group), score):
            current += 1
        if current == len(bands):
            break
        for i in group:
            codes[i] = bands[current].code
        placed += len(group)
    return pd.Series(codes, index=totals.index, dtype=object)


def _fits(band: Band, limit: int, placed: int, size: int, score: float) -> bool:
    return placed + size <= limit and (band.min_score is None or score >= band.min_score)
