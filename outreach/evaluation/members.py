"""Members by points (leaderboard) and the commendation list (表扬名单).

A member's points are the rubric's points per action of each type, with the same caps per member per
month that unit scores use (queries/eval_member_points.sql). Platform bonuses count for units only:
the summary tables know a member's actions by type, not by platform. Names are shown, never phones or
WeChat names (the 考评 page is a staff page).
"""

from __future__ import annotations

import pandas as pd

from outreach.evaluation.rubric import CommendationRule, Rubric
from outreach.evaluation.scoring import cap_params, point_params
from outreach.filters import Filters
from outreach.queries import QueryRunner, data_months

COLUMNS = ["member_id", "name", "unit_key", "unit", "county", "role", "category", "points", "actions",
           "months_active", "rank"]


def leaderboard(q: QueryRunner, f: Filters, rubric: Rubric, top: int = 100) -> pd.DataFrame:
    """The ``top`` ranks of members with points in the period (ties at the last rank included), in the
    filters' counties, units, categories and roles: COLUMNS."""
    return _ranked(q, f, rubric, per="all", top=top, min_months=0, min_points=0.0)


def effective_min_months(rule: CommendationRule, months_in_period: int) -> int:
    """A rule asking for 3 active months still works on a one-month period: never more than it has."""
    return min(rule.min_months_active, months_in_period)


def commendation_list(q: QueryRunner, f: Filters, rubric: Rubric, rule: CommendationRule | None = None
                      ) -> pd.DataFrame:
    """The first ``top_n`` ranks of each county (or unit — by unit key —, or everyone) with at least the rule's active
    months and points; ranks are within the group, ties at the last rank all included: COLUMNS."""
    rule = rule or rubric.commendation
    months = len(data_months(q, f))
    if months == 0:
        return pd.DataFrame(columns=COLUMNS)
    return _ranked(q, f, rubric, per=rule.per, top=rule.top_n, min_months=effective_min_months(rule, months),
                   min_points=float(rule.min_points))


def _ranked(q: QueryRunner, f: Filters, rubric: Rubric, per: str, top: int, min_months: int,
            min_points: float) -> pd.DataFrame:
    df = q.df("eval_member_points", f, per=per, top=top, min_months=min_months, min_points=min_points,
              **point_params(rubric), **cap_params(rubric))
    return df[COLUMNS]
