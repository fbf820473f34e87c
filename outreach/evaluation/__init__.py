"""Unit evaluation (考评) and commendation: the public API other features call.

Scores are computed, never stored: from the summary tables, the rubric in force and the adjustments
not undone, for the Filters' months (month_from..month_to). See scoring.py for how units are compared
and bands.py for ranks and star bands.
"""

from __future__ import annotations

import pandas as pd

from outreach.evaluation import members as _members
from outreach.evaluation import scoring as _scoring
from outreach.evaluation.rubric import CommendationRule, Rubric, RubricError, parse
from outreach.evaluation.versions import active_rubric
from outreach.filters import Filters
from outreach.i18n import t
from outreach.queries import QueryRunner

__all__ = ["CommendationRule", "Rubric", "RubricError", "active_rubric", "band_label", "commendations",
           "parse", "score_units"]


def score_units(q: QueryRunner, f: Filters, rubric: Rubric | None = None) -> pd.DataFrame:
    """One row per unit in the filters' counties/units (unit keys), sorted by rank (then unit name, then key):

    unit_key ('福安市/城南镇团委': a unit is its county and name, see outreach.units), unit (the name),
    county; members (roster at the period's last month); active_members (acted in the period);
    computed (sum of the indicator points); adjustment (manual 加分/扣分 counted, after the rubric's
    limits); total (computed + adjustment, 2 decimals); rank (competition rank on total among every
    unit in scope: 1, 2, 2, 4); band (code: five, four, three, two, one, or "" for none — see
    band_label); county_rank (rank within the county); then pts_<key> (points, 2 decimals) for each
    indicator in rubric order, then val_<key> (its raw value: a share 0–1 for team building, participation
    and attendance, points per member — or per active member, rubric.per_capita says which — for
    action-point indicators). Empty when the period has no data. ``rubric`` defaults to the one in force.
    """
    rubric = rubric or active_rubric(q.con)
    return _scoring.evaluate(q, f, rubric).scores


def commendations(q: QueryRunner, f: Filters, rubric: Rubric | None = None,
                  rule: CommendationRule | None = None) -> pd.DataFrame:
    """Members to commend under ``rule`` (default: the rubric's): member_id, name, unit_key, unit, county,
    points, months_active, rank (within the rule's group: county, unit or all), sorted by group then rank."""
    rubric = rubric or active_rubric(q.con)
    df = _members.commendation_list(q, f, rubric, rule)
    return df[["member_id", "name", "unit_key", "unit", "county", "points", "months_active", "rank"]]


def band_label(code: str | None, lang: str | None = None) -> str:
    """五星 … 一星 (Five stars …); 未定级 for a unit no band took."""
    return t(f"eval.band.{code}" if code else "eval.band.none", lang)
