"""Unit scores on the tiny team of tests/eval_team.py, every figure worked out by hand.

Period July–August 2014, rubric eval_team.RUBRIC (team 20 target 1.0, outreach 40 best, participation
20 minmax, events 10 target 0.5, opinion 10 target 10). Rosters at August: 甲 4, 乙 2, 丙 2, 丁 0, 戊 2.

team (parts 40/20/20/20, expected 4):
  甲 headcount 4/4=1, 骨干 ok, 联络员 ok, contacts 2/4 → 0.4+0.2+0.2+0.1 = 0.9 → 18.00
  乙/戊 2/4=0.5, no 骨干, no 联络员, contacts 2/2 → 0.2+0.2 = 0.4 → 8.00
  丙 0.5, 骨干 ok, 联络员 ok, contacts 0 → 0.2+0.2+0.2 = 0.6 → 12.00;  丁 0 members → 0
outreach (repost 1 capped at 3 per member-month, comment 2, 学习强国 +1, per member):
  甲 repost 甲一 5→3 in July + 2 in August = 5, comment 1×2 = 2 → 7/4 = 1.75 → 40×1.75/3 = 23.33
  乙/戊 repost 2 + comment 2 + bonus 2 = 6/2 = 3.0 (the best) → 40.00;  丙, 丁 (its row matches nobody) 0
participation (mean monthly active rate, minmax):
  甲 July 2/4, August 3/4 (甲四's likes count as active) → 0.625 → 20.00
  乙/戊 1/2 both months → 0.5 → 20×0.5/0.625 = 16.00;  丙 0, 丁 no roster → 0
events: 甲 1 of 4 trained = 0.25 → 10×0.25/0.5 = 5.00;  opinion: 甲 1 report × 5 = 5 → 10×5/10 = 5.00
totals: 甲 71.33, 乙 64.00, 戊 64.00, 丙 12.00, 丁 0.00
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import pandas as pd
import pytest

from outreach import store
from outreach.evaluation import band_label, bands, commendations, measures, parse, score_units, views
from outreach.evaluation import scoring as sc
from outreach.evaluation.adjustments import AdjustmentRefused, add
from outreach.evaluation.members import leaderboard
from outreach.evaluation.rubric import Band, CommendationRule, Indicator
from outreach.filters import Filters
from outreach.ingest import load
from outreach.queries import QueryRunner
from tests.eval_team import RUBRIC, TEAM_ONLY, build_db

JUL_AUG = Filters(dt.date(2014, 7, 1), dt.date(2014, 8, 1))
AUGUST = Filters(dt.date(2014, 8, 1), dt.date(2014, 8, 1))


@pytest.fixture(scope="module")
def db_file(tmp_path_factory) -> str:
    return str(build_db(tmp_path_factory.mktemp("eval") / "eval.duckdb"))


@pytest.fixture
def q(db_file, tmp_path) -> QueryRunner:
    """A runner on a private copy, so a test that adds adjustments does not leak into the next."""
    copy = tmp_path / "eval.duckdb"
    shutil.copyfile(db_file, copy)
    return QueryRunner(store.connect(copy), cache=False)


@pytest.fixture
def rubric():
    return parse(RUBRIC)


def by_unit(df: pd.DataFrame) -> pd.DataFrame:
    return df.set_index("unit")


def test_every_indicator_and_total_as_computed_by_hand(q, rubric):
    df = by_unit(score_units(q, JUL_AUG, rubric))
    expected = {  # team, outreach, participation, events, opinion, total
        "甲单位": (18.00, 23.33, 20.00, 5.00, 5.00, 71.33),
        "乙单位": (8.00, 40.00, 16.00, 0.00, 0.00, 64.00),
        "戊单位": (8.00, 40.00, 16.00, 0.00, 0.00, 64.00),
        "丙单位": (12.00, 0.00, 0.00, 0.00, 0.00, 12.00),
        "丁单位": (0.00, 0.00, 0.00, 0.00, 0.00, 0.00),
    }
    columns = ["pts_team", "pts_outreach", "pts_participation", "pts_events", "pts_opinion", "total"]
    assert {u: tuple(df.loc[u, columns]) for u in expected} == expected
    assert df.loc["甲单位", "val_team"] == pytest.approx(0.9)
    assert df.loc["甲单位", "val_outreach"] == pytest.approx(1.75)
    assert df.loc["甲单位", "val_participation"] == pytest.approx(0.625)
    assert df.loc["乙单位", "val_outreach"] == pytest.approx(3.0)
    assert (df["computed"] == df["total"]).all()  # no adjustments yet


def test_ties_share_a_rank_listed_by_name_and_the_next_rank_skips(q, rubric):
    df = score_units(q, JUL_AUG, rubric)
    assert list(zip(df["unit"], df["rank"], strict=True)) == [
        ("甲单位", 1), ("乙单位", 2), ("戊单位", 2), ("丙单位", 4), ("丁单位", 5)]


def test_breakdown_chart_data_keeps_the_first_units_by_rank(q, rubric):
    ev = sc.evaluate(q, JUL_AUG, rubric)
    top = views.breakdown(ev, top=2)
    assert list(dict.fromkeys(top["unit"])) == ["甲单位", "乙单位"]
    assert len(top) == 2 * len(rubric.indicators)
    assert top.loc[top["unit"] == "甲单位", "points"].sum() == pytest.approx(71.33)
    assert list(dict.fromkeys(views.breakdown(ev)["unit"])) == ["甲单位", "乙单位", "戊单位", "丙单位", "丁单位"]


def test_units_with_no_activity_and_with_no_members(q, rubric):
    df = by_unit(score_units(q, JUL_AUG, rubric))
    assert df.loc["丙单位", ["members", "active_members", "val_outreach", "val_participation"]].tolist() == [2, 0, 0, 0]
    assert df.loc["丁单位", ["members", "active_members", "computed"]].tolist() == [0, 0, 0.0]
    ev = sc.evaluate(q, JUL_AUG, rubric)
    assert ev.figures.loc["西县/丁单位", "unmatched_actions"] == 4  # counted on other pages, not scored


def test_caps_apply_per_member_per_month(q, rubric):
    figures = sc.evaluate(q, JUL_AUG, rubric).figures
    assert figures.loc["东县/甲单位", ["repost", "capped_repost"]].tolist() == [7, 5]  # 5→3 in July, 2 in August
    uncapped = replace(rubric, indicators=tuple(
        replace(i, caps={}) if i.key == "outreach" else i for i in rubric.indicators))
    df = by_unit(score_units(q, JUL_AUG, uncapped))
    # 甲: (7 + 2) / 4 = 2.25 → 40 × 2.25 / 3 = 30.00
    assert df.loc["甲单位", "pts_outreach"] == 30.00


def test_per_capita_per_member_or_per_active_member(q, rubric):
    # August: 甲 repost 2 → 2 points, 4 members, 3 active (甲一, 甲三, 甲四);
    # 乙 comment 1 → 2 points, 2 members, 1 active
    members = by_unit(score_units(q, AUGUST, rubric))
    active = by_unit(score_units(q, AUGUST, replace(rubric, per_capita="active_members")))
    assert members.loc["甲单位", "val_outreach"] == pytest.approx(0.5)
    assert active.loc["甲单位", "val_outreach"] == pytest.approx(2 / 3)
    assert members.loc["乙单位", "val_outreach"] == pytest.approx(1.0)
    assert active.loc["乙单位", "val_outreach"] == pytest.approx(2.0)
    assert active.loc["丙单位", "val_outreach"] == 0  # nobody active: 0, not a division error


def _indicator(method: str, target: float | None = None) -> Indicator:
    return Indicator("x", "x", 40.0, "action_points", method, target)


def test_scoring_methods():
    values = pd.Series([0.0, 1.0, 2.5, 4.0])
    assert measures.points(values, _indicator("best")).tolist() == [0.0, 10.0, 25.0, 40.0]
    assert measures.points(values, _indicator("minmax")).tolist() == [0.0, 10.0, 25.0, 40.0]
    shifted = pd.Series([1.0, 2.0, 3.0])
    assert measures.points(shifted, _indicator("best")).tolist() == [13.33, 26.67, 40.0]
    assert measures.points(shifted, _indicator("minmax")).tolist() == [0.0, 20.0, 40.0]
    assert measures.points(values, _indicator("target", 2.0)).tolist() == [0.0, 20.0, 40.0, 40.0]
    # nobody did anything: nobody scores; everybody equal and above 0: everybody gets the weight
    assert measures.points(pd.Series([0.0, 0.0]), _indicator("best")).tolist() == [0.0, 0.0]
    assert measures.points(pd.Series([0.0, 0.0]), _indicator("minmax")).tolist() == [0.0, 0.0]
    assert measures.points(pd.Series([3.0, 3.0]), _indicator("minmax")).tolist() == [40.0, 40.0]


def test_rounding_is_half_up_as_by_hand():
    assert measures.round2(pd.Series([2.675, 1.005, 0.125, -1.005])).tolist() == [2.68, 1.01, 0.13, -1.01]


BANDS = (Band("five", 0.2), Band("four", 0.6), Band("three", 1.0, 10.0), Band("two", 1.0))


def test_bands_respect_cumulative_quotas():
    totals = pd.Series([90.0, 80.0, 70.0, 60.0, 50.0, 40.0, 30.0, 20.0, 10.0, 5.0])
    # 10 units: five ≤ 2, five+four ≤ 6; three needs 10 points
    assert bands.assign(totals, BANDS).tolist() == ["five"] * 2 + ["four"] * 4 + ["three"] * 3 + ["two"]


def test_a_tie_that_would_break_a_quota_drops_together():
    totals = pd.Series([90.0, 80.0, 80.0, 70.0, 60.0], index=list("abcde"))
    # five ≤ 1 (5 × 0.2); b and c tie at 80: together they fit four (1 + 2 ≤ 3)
    assert bands.assign(totals, BANDS).tolist() == ["five", "four", "four", "three", "three"]
    tight = (Band("five", 0.2), Band("four", 0.4), Band("three", 1.0))
    # four ≤ 2 in all: b and c would make 3, so both go to three — neither is split from its equal
    assert bands.assign(totals, tight).tolist() == ["five", "three", "three", "three", "three"]
    first_tied = pd.Series([90.0, 90.0, 70.0, 60.0, 50.0])
    assert bands.assign(first_tied, tight).tolist() == ["four", "four", "three", "three", "three"]


def test_minimum_scores_and_units_no_band_takes():
    totals = pd.Series([95.0, 50.0, 5.0])
    strict = (Band("five", 0.5, 90.0), Band("four", 1.0, 40.0))
    assert bands.assign(totals, strict).tolist() == ["five", "four", ""]
    assert band_label("", "zh") == "未定级" and band_label("four", "zh") == "四星"


def test_bands_on_the_team(q, rubric):
    df = by_unit(score_units(q, JUL_AUG, rubric))
    # 5 units: five ≤ 1, five+four ≤ 3; 乙 and 戊 tie and fit four together; 丁 (0) is below three's 10
    assert df["band"].to_dict() == {"甲单位": "five", "乙单位": "four", "戊单位": "four", "丙单位": "three",
                                    "丁单位": "two"}
    tight = replace(rubric, bands=(Band("five", 0.2), Band("four", 0.4), Band("three", 1.0)))
    assert by_unit(score_units(q, JUL_AUG, tight))["band"].to_dict() == {
        "甲单位": "five", "乙单位": "three", "戊单位": "three", "丙单位": "three", "丁单位": "three"}


def test_county_filter_keeps_city_wide_ranks(q, rubric):
    west = score_units(q, replace(JUL_AUG, counties=("西县",)), rubric)
    assert list(zip(west["unit"], west["rank"], west["county_rank"], strict=True)) == [
        ("戊单位", 2, 1), ("丙单位", 4, 2), ("丁单位", 5, 3)]
    one = score_units(q, replace(JUL_AUG, units=("西县/丙单位",)), rubric)  # the filter holds unit keys
    assert one[["unit", "total", "rank"]].values.tolist() == [["丙单位", 12.0, 4]]


def test_adjustments_count_in_periods_containing_them_and_within_limits(q, rubric):
    con = q.con
    add(con, "乙单位", dt.date(2014, 8, 1), dt.date(2014, 8, 1), 3, "舆情信息被省网信办采用", user="王芳")
    df = by_unit(score_units(q, JUL_AUG, rubric))
    assert df.loc["乙单位", ["computed", "adjustment", "total", "rank"]].tolist() == [64.0, 3.0, 67.0, 2]
    assert df.loc["戊单位", "rank"] == 3  # the tie is broken
    batch = add(con, "乙单位", dt.date(2014, 7, 1), dt.date(2014, 7, 1), 2, "辟谣文章被转载")
    # 3 + 2 = 5, but the rubric counts at most 4 bonus points a period
    assert by_unit(score_units(q, JUL_AUG, rubric)).loc["乙单位", ["adjustment", "total"]].tolist() == [4.0, 68.0]
    # a whole year's adjustment counts in the year only, not in July–August
    add(con, "戊单位", dt.date(2014, 1, 1), dt.date(2014, 12, 1), -5, "未按时报送台账")
    assert by_unit(score_units(q, JUL_AUG, rubric)).loc["戊单位", "adjustment"] == 0
    year = by_unit(score_units(q, Filters(dt.date(2014, 1, 1), dt.date(2014, 12, 1)), rubric))
    assert year.loc["戊单位", ["adjustment", "total"]].tolist() == [-5.0, 59.0]
    # undoing the batch takes its points away; the row stays for the audit
    load.undo(con, batch)
    assert by_unit(score_units(q, JUL_AUG, rubric)).loc["乙单位", "adjustment"] == 3.0
    assert store.scalar(con, "SELECT count(*) FROM adjustments") == 3
    assert store.scalar(con, "SELECT kind FROM batches WHERE batch_id = ?", [batch]) == "adjustment"


def test_bad_adjustments_are_refused(q):
    august = dt.date(2014, 8, 1)
    cases = [("无此单位", august, august, 1, "x", "eval.adj_err_unit"),
             ("乙单位", august, dt.date(2014, 7, 1), 1, "x", "eval.adj_err_period"),
             ("乙单位", august, august, 0, "x", "eval.adj_err_points"),
             ("乙单位", august, august, 101, "x", "eval.adj_err_points"),
             ("乙单位", august, august, 1, "  ", "eval.adj_err_reason")]
    for unit, start, end, points, reason, code in cases:
        with pytest.raises(AdjustmentRefused) as caught:
            add(q.con, unit, start, end, points, reason)
        assert caught.value.code == code
    add(q.con, "乙单位", august, august, 1, "同一条")
    with pytest.raises(AdjustmentRefused) as caught:
        add(q.con, "乙单位", august, august, 1, "同一条")
    assert caught.value.code == "eval.adj_err_twice"
    assert store.scalar(q.con, "SELECT count(*) FROM adjustments") == 1


def test_a_period_without_data_scores_nobody(q, rubric):
    assert score_units(q, Filters(dt.date(2013, 1, 1), dt.date(2013, 12, 1)), rubric).empty


def test_another_rubric_rescores_and_compare_shows_rank_changes(q, rubric):
    before = score_units(q, JUL_AUG, rubric)
    after = score_units(q, JUL_AUG, parse(TEAM_ONLY))
    assert list(zip(after["unit"], after["total"], after["rank"], strict=True)) == [
        ("甲单位", 90.0, 1), ("丙单位", 60.0, 2), ("乙单位", 40.0, 3), ("戊单位", 40.0, 3), ("丁单位", 0.0, 5)]
    changes = by_unit(sc.compare(before, after))
    assert changes["rank_change"].to_dict() == {"甲单位": 0, "丙单位": 2, "乙单位": -1, "戊单位": -1, "丁单位": 0}
    assert changes.loc["丙单位", "change"] == 48.0


def test_leaderboard_and_commendations(q, rubric):
    # points: 甲一 3 + 2 reposts = 5 (training scores nothing), 甲三 one report × 5 = 5, 甲二 one comment = 2,
    # 乙一 2 reposts = 2 (the 学习强国 bonus is for units), 乙二 2, 戊一 2, 戊二 2; 甲四 only liked: 0, not listed
    board = leaderboard(q, JUL_AUG, rubric)
    assert dict(zip(board["name"], board["points"], strict=True)) == {
        "甲一": 5, "甲三": 5, "甲二": 2, "乙一": 2, "乙二": 2, "戊一": 2, "戊二": 2}
    assert board.set_index("name")["rank"].to_dict()["甲三"] == 1
    assert board.set_index("name")["rank"].to_dict()["戊二"] == 3
    assert "phone" not in board.columns and "wechat" not in board.columns
    # top 1 per county, ties included
    listed = commendations(q, JUL_AUG, rubric)
    assert sorted(zip(listed["county"], listed["name"], strict=True)) == [
        ("东县", "甲一"), ("东县", "甲三"), ("西县", "戊一"), ("西县", "戊二")]
    two_months = commendations(q, JUL_AUG, rubric, CommendationRule(top_n=3, per="all", min_months_active=2))
    assert two_months["name"].tolist() == ["甲一"]
    # a one-month period cannot ask for two active months
    assert "甲三" in commendations(q, AUGUST, rubric, CommendationRule(3, "unit", 2))["name"].tolist()
    east = leaderboard(q, replace(JUL_AUG, counties=("东县",), roles=("core",)), rubric)
    assert east["name"].tolist() == ["甲一"]


def test_a_roster_without_any_log_scores_team_building_only(tmp_path, rubric):
    from tests.eval_team import ROSTER
    from tests.fixtures import xlsx

    con = store.connect(tmp_path / "roster_only.duckdb")
    load.import_bytes(con, xlsx(ROSTER), "花名册.xlsx")
    df = by_unit(score_units(QueryRunner(con, cache=False), Filters(), rubric))
    assert df["total"].to_dict() == {"甲单位": 18.0, "丙单位": 12.0, "乙单位": 8.0, "戊单位": 8.0}
    assert (df["pts_outreach"] == 0).all() and (df["active_members"] == 0).all()


# --- two counties' 城南镇团委 (tests/eval_team.py TWIN_ROSTER / TWIN_LOG, August 2014) ------------------
#
# RUBRIC, by hand (福安 = 福安市's 城南镇团委, 寿宁 = 寿宁县's, 城北 = 福安市's 城北镇团委):
# team (expected 4): 福安 4/4=1, 骨干 ok, 联络员 ok, contacts 2/4 → 0.4+0.2+0.2+0.1 = 0.9 → 18.00
#   寿宁 2/4=0.5, no 骨干, no 联络员, contacts 1/2 → 0.2+0.1 = 0.3 → 6.00
#   城北 1/4=0.25, 骨干 ok, no 联络员, no contacts → 0.1+0.2 = 0.3 → 6.00
# outreach: 福安 repost 2 + comment 1×2 = 4 / 4 members = 1.0; 寿宁 repost 2 on 学习强国 + bonus 2 = 4 / 2 = 2.0
#   (the best) → 福安 40×1.0/2.0 = 20.00, 寿宁 40.00, 城北 0
# participation (minmax): 福安 2/4 = 0.5, 寿宁 2/2 = 1.0, 城北 0/1 = 0 → 10.00, 20.00, 0
# events: nobody trained → 0;  opinion: 寿宁 one report × 5 = 5 → 10×5/10 = 5.00
# totals: 寿宁 71.00, 福安 48.00, 城北 6.00
TWIN_AUGUST = AUGUST


@pytest.fixture(scope="module")
def twin_file(tmp_path_factory) -> str:
    from tests.eval_team import build_twin_db

    return str(build_twin_db(tmp_path_factory.mktemp("twin") / "twin.duckdb"))


@pytest.fixture
def twin(twin_file, tmp_path) -> QueryRunner:
    copy = tmp_path / "twin.duckdb"
    shutil.copyfile(twin_file, copy)
    return QueryRunner(store.connect(copy), cache=False)


def test_same_named_units_of_two_counties_are_scored_apart(twin, rubric):
    from tests.eval_team import CHENGBEI, FUAN, SHOUNING

    df = score_units(twin, TWIN_AUGUST, rubric)
    columns = ["unit_key", "unit", "county", "members", "active_members", "pts_team", "pts_outreach",
               "pts_participation", "pts_events", "pts_opinion", "total", "rank", "county_rank", "band"]
    assert df[columns].values.tolist() == [
        [SHOUNING, "城南镇团委", "寿宁县", 2, 2, 6.0, 40.0, 20.0, 0.0, 5.0, 71.0, 1, 1, "four"],
        [FUAN, "城南镇团委", "福安市", 4, 2, 18.0, 20.0, 10.0, 0.0, 0.0, 48.0, 2, 1, "three"],
        [CHENGBEI, "城北镇团委", "福安市", 1, 0, 6.0, 0.0, 0.0, 0.0, 0.0, 6.0, 3, 2, "two"]]
    by_key = df.set_index("unit_key")
    assert by_key.loc[FUAN, "val_outreach"] == pytest.approx(1.0)
    assert by_key.loc[SHOUNING, "val_outreach"] == pytest.approx(2.0)
    assert by_key.loc[SHOUNING, "val_team"] == pytest.approx(0.3)
    # the filters hold keys: one 城南镇团委 is not the other
    one = score_units(twin, replace(TWIN_AUGUST, units=(FUAN,)), rubric)
    assert one[["unit_key", "total", "rank"]].values.tolist() == [[FUAN, 48.0, 2]]
    shouning = score_units(twin, replace(TWIN_AUGUST, counties=("寿宁县",)), rubric)
    assert shouning["unit_key"].tolist() == [SHOUNING]


def test_same_named_units_are_explained_compared_and_commended_apart(twin, rubric):
    from outreach.evaluation import explain
    from tests.eval_team import CHENGBEI, FUAN, SHOUNING

    ev = sc.evaluate(twin, TWIN_AUGUST, rubric)
    fuan = {c.key: c for c in explain.unit_cards(ev, FUAN)}
    shouning = {c.key: c for c in explain.unit_cards(ev, SHOUNING)}
    assert (fuan["outreach"].points, shouning["outreach"].points) == (20.0, 40.0)
    assert "合计 4 分 ÷ 在册 4 人 = 人均 1.00 分" in fuan["outreach"].figures
    assert "合计 4 分 ÷ 在册 2 人 = 人均 2.00 分" in shouning["outreach"].figures
    # the best unit is named with its county
    assert "最好单位 寿宁县 / 城南镇团委 为 2.00" in fuan["outreach"].method
    radar = views.radar(ev, FUAN).set_index("indicator")
    assert radar.loc["网络宣传", "unit"] == pytest.approx(0.5) and radar.loc["网络宣传", "best"] == pytest.approx(1.0)
    # another rubric: team building alone — 福安 90, 寿宁 30, 城北 30 (a tie: by name, then key)
    after = score_units(twin, TWIN_AUGUST, parse(TEAM_ONLY))
    assert after[["unit_key", "total", "rank"]].values.tolist() == [
        [FUAN, 90.0, 1], [CHENGBEI, 30.0, 2], [SHOUNING, 30.0, 2]]
    moves = sc.compare(ev.all_scores, after).set_index("unit_key")
    assert moves["rank_change"].to_dict() == {FUAN: 1, CHENGBEI: 1, SHOUNING: -1}
    assert moves.loc[SHOUNING, ["unit", "county", "total_before", "total"]].tolist() == [
        "城南镇团委", "寿宁县", 71.0, 30.0]
    # member points (南一 2 reposts, 南二 1 comment: 2 each; 寿一 2 reposts: 2; 寿二 one report: 5), the
    # first of each unit: each 城南镇团委 has its own
    listed = commendations(twin, TWIN_AUGUST, rubric, CommendationRule(top_n=1, per="unit", min_months_active=1))
    assert sorted(zip(listed["unit_key"], listed["name"], strict=True)) == [
        (SHOUNING, "寿二"), (FUAN, "南一"), (FUAN, "南二")]


def test_an_adjustment_names_one_of_the_same_named_units(twin, rubric):
    from tests.eval_team import FUAN, SHOUNING

    august = dt.date(2014, 8, 1)
    with pytest.raises(AdjustmentRefused) as caught:
        add(twin.con, "城南镇团委", august, august, 2, "没说是哪个县区的")
    assert caught.value.code == "eval.adj_err_county"
    assert caught.value.message("zh") == (
        "有多个县区都有名为「城南镇团委」的单位（寿宁县、福安市），请选择是哪个县区的单位。")
    add(twin.con, FUAN, august, august, 2, "舆情信息被采用")
    add(twin.con, "城北镇团委", august, august, -1, "一个县区才有的名字，不必写县区")
    assert twin.con.execute("SELECT county, unit, points::DOUBLE FROM adjustments ORDER BY points").fetchall() == [
        ("福安市", "城北镇团委", -1.0), ("福安市", "城南镇团委", 2.0)]
    df = score_units(twin, TWIN_AUGUST, rubric).set_index("unit_key")
    assert df.loc[FUAN, ["adjustment", "total"]].tolist() == [2.0, 50.0]
    assert df.loc[SHOUNING, ["adjustment", "total"]].tolist() == [0.0, 71.0]


def test_cached_scores_follow_the_data_the_rubric_and_the_filters(db_file, tmp_path, rubric):
    """With the runner's cache on, a period is scored once per (data state, rubric, scope): a county filter
    is served from the same scoring, while an adjustment (a new batch) or another rubric scores again."""
    copy = tmp_path / "cached.duckdb"
    shutil.copyfile(db_file, copy)
    q = QueryRunner(store.connect(copy), cache=True)
    first = sc.evaluate(q, JUL_AUG, rubric)
    county = first.scores["county"].iloc[0]
    filtered = sc.evaluate(q, replace(JUL_AUG, counties=(county,)), rubric)
    assert filtered.all_scores is first.all_scores  # the same scoring, not a second one
    assert set(filtered.scores["county"]) == {county}
    assert by_unit(first.scores).loc["乙单位", "total"] == 64.0
    add(q.con, "乙单位", dt.date(2014, 8, 1), dt.date(2014, 8, 1), 3, "舆情信息被省网信办采用")
    assert by_unit(score_units(q, JUL_AUG, rubric)).loc["乙单位", "total"] == 67.0
    assert by_unit(score_units(q, JUL_AUG, parse(TEAM_ONLY))).loc["乙单位", "total"] == 43.0
    other_viewer = QueryRunner(q.con, scope=["东县/甲单位"], cache=True)
    assert score_units(other_viewer, JUL_AUG, rubric)["unit"].tolist() == ["甲单位"]
