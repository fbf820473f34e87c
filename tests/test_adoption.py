"""Adoption levels (采用级别, issue 14 part 2): parsed from both layouts, stored with their rows (so
replacement and undo move them), counted once at the highest level, scored per (type, level), said in
the 汇报 and shown on 活动. Every figure is worked out by hand below.

September 2014, county 东县. Rosters: 甲单位 张三, 李四; 乙单位 王五.
Log A (long, 甲单位):
  张三 舆情报送 「停水舆情」 市级 十堰文明网      ┐ the same title twice: one item, at 省级
  张三 舆情报送 「停水舆情」 省级 湖北文明网      ┘
  李四 舆情报送 「道路舆情」 (level blank) 中国文明网 → 中央, from the outlet's name
  李四 转发 微信 5 (not adopted)
  张三 原创 「《青春》」 县级
  → items once: opinion_report 省级 1, 中央 1; original 县级 1. Adoptions as reported: opinion 市 1, 省 1, 中央 1.
Summary B (wide, 乙单位): 王五 舆情信息（条）4, 舆情信息被省级采用（条）2, 原创作品（篇）3, 被市级以上采用（篇）1
  → actions 4 + 3 = 7 (the adoption columns add none); items opinion 省级 2, original 市级 1.
Rubric (one indicator, not per capita, target 1000 so points = value / 10): repost 1, opinion_report 1,
original 2; adoption opinion_report 中央 3 / 省 2 / 市 1, original 县 0.5.
  甲: actions 5 + 3 + 2 = 10; adoption once 3 + 2 + 0.5 = 5.5 → 15.5 (every adoption: + 1 for 市 → 16.5)
  乙: actions 4 + 6 = 10; adoption 2 × 2 (the 市级以上 original has no 市 points) = 4 → 14
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from outreach import activity, store
from outreach.evaluation import parse, score_units
from outreach.evaluation.rubric import RubricError
from outreach.filters import Filters
from outreach.ingest import load
from outreach.ingest.parse import parse_file
from outreach.queries import QueryRunner
from outreach.report import facts as report_facts
from outreach.report import text
from tests.fixtures import csv_bytes

SEPT = dt.date(2014, 9, 1)
F = Filters(SEPT, SEPT)

ROSTER = [["姓名", "单位", "县区", "手机"],
          ["张三", "甲单位", "东县", "13800000001"],
          ["李四", "甲单位", "东县", "13800000002"],
          ["王五", "乙单位", "东县", "13800000003"]]
LONG_HEAD = ["日期", "姓名", "单位", "县区", "类型", "平台", "数量", "标题", "链接", "采用级别", "采用单位/平台"]
LOG_A = [LONG_HEAD,
         ["2014-09-02", "张三", "甲单位", "东县", "舆情报送", "", 1, "停水舆情", "", "市级", "十堰文明网"],
         ["2014-09-09", "张三", "甲单位", "东县", "舆情报送", "", 1, "停水舆情", "", "省级", "湖北文明网"],
         ["2014-09-10", "李四", "甲单位", "东县", "舆情报送", "", 1, "道路舆情", "", "", "中国文明网"],
         ["2014-09-11", "李四", "甲单位", "东县", "转发", "微信", 5, "", "", "", ""],
         ["2014-09-12", "张三", "甲单位", "东县", "原创", "微信", 1, "《青春》", "", "县级", "某县融媒体中心"]]
SUMMARY_B = [["2014年9月网络宣传员工作量统计表"],
             ["姓名", "单位", "县区", "舆情信息（条）", "舆情信息被省级采用（条）", "原创作品（篇）",
              "被市级以上采用（篇）"],
             ["王五", "乙单位", "东县", 4, 2, 3, 1]]

BASE_RUBRIC = """
name = "采用测试"

[[indicator]]
key = "work"
name = "工作量"
weight = 100
measure = "action_points"
method = "target"
target = 1000
per_capita = false
{once}

[indicator.points]
repost = 1
opinion_report = 1
original = 2
{adoption}

[[band]]
code = "two"
max_share = 1.0
"""
ADOPTION = """
[indicator.adoption]
opinion_report = { central = 3, province = 2, city = 1 }
original = { county = 0.5 }
"""


def rubric(adoption: bool = True, once: str = "") -> object:
    return parse(BASE_RUBRIC.format(adoption=ADOPTION if adoption else "", once=once))


def _import(con, rows, name, kind="auto"):
    return load.import_bytes(con, csv_bytes(rows), name, kind=kind, period=SEPT)


@pytest.fixture
def q(tmp_path):
    con = store.connect(tmp_path / "adopt.duckdb")
    _import(con, ROSTER, "花名册.csv", kind="roster")
    _import(con, LOG_A, "甲单位9月台账.csv")
    _import(con, SUMMARY_B, "乙单位9月统计表.csv")
    runner = QueryRunner(con, cache=False)
    yield runner
    con.close()


def _items(q: QueryRunner) -> dict[tuple[str, str, str], tuple[int, int]]:
    df = q.df("adoption_items", F)
    grouped = df.groupby(["unit", "type", "level"])[["items", "adoptions"]].sum()
    return {k: (int(v["items"]), int(v["adoptions"])) for k, v in grouped.iterrows()}


def _v(value: object) -> object:
    return None if pd.isna(value) else value


# --- parsing ------------------------------------------------------------------------------------------

def test_long_log_reads_level_and_outlet_and_a_level_from_the_outlet_name():
    pf = parse_file(csv_bytes(LOG_A), "甲单位9月台账.csv", period=SEPT)
    assert pf.errors == []
    r = pf.records
    got = [(n, t, lv, o, a) for n, t, lv, o, a in zip(r["name"], r["type"], r["adopt_level"], r["adopt_outlet"],
                                                      r["adopted"], strict=True)]
    assert [(n, t, _v(lv), _v(o), None if pd.isna(a) else int(a)) for n, t, lv, o, a in got] == [
        ("张三", "opinion_report", "city", "十堰文明网", 1),
        ("张三", "opinion_report", "province", "湖北文明网", 1),
        ("李四", "opinion_report", "central", "中国文明网", 1),
        ("李四", "repost", None, None, None),
        ("张三", "original", "county", "某县融媒体中心", 1),
    ]
    assert int(r["count"].sum()) == 9


def test_wide_summary_adoption_columns_add_counts_of_adopted_items_but_no_actions():
    pf = parse_file(csv_bytes(SUMMARY_B), "乙单位9月统计表.csv", period=SEPT)
    assert pf.errors == []
    r = pf.records.sort_values(["type", "count"])
    rows = [(t, int(c), _v(lv), None if pd.isna(a) else int(a))
            for t, c, lv, a in zip(r["type"], r["count"], r["adopt_level"], r["adopted"], strict=True)]
    assert rows == [("opinion_report", 0, "province", 2), ("opinion_report", 4, None, None),
                    ("original", 0, "city", 1), ("original", 3, None, None)]


def test_an_unknown_level_is_a_warning_and_not_an_adoption():
    rows = [LONG_HEAD, ["2014-09-02", "张三", "甲单位", "东县", "舆情报送", "", 1, "x", "", "很高", ""]]
    pf = parse_file(csv_bytes(rows), "x.csv", period=SEPT)
    assert [i.code for i in pf.warnings] == ["warn.unknown_adopt_level"]
    assert pf.records["adopt_level"].isna().all()


# --- storing, counting once, replacement and undo ----------------------------------------------------

def test_actions_are_unchanged_and_items_count_once_at_the_highest_level(q):
    actions = q.con.execute("SELECT unit, sum(actions) FROM agg_activity GROUP BY unit ORDER BY unit").fetchall()
    assert actions == [("乙单位", 7), ("甲单位", 9)]
    assert _items(q) == {
        ("甲单位", "opinion_report", "central"): (1, 1),
        ("甲单位", "opinion_report", "province"): (1, 1),  # 「停水舆情」: 市 then 省 → once, at 省
        ("甲单位", "opinion_report", "city"): (0, 1),
        ("甲单位", "original", "county"): (1, 1),
        ("乙单位", "opinion_report", "province"): (2, 2),
        ("乙单位", "original", "city"): (1, 1),
    }


def test_replacing_a_key_and_undoing_it_moves_the_adoption_rows_with_it(q):
    # A corrected log for 甲单位's September opinion reports, with no adoption: it replaces that key only.
    log_c = [LONG_HEAD, ["2014-09-03", "张三", "甲单位", "东县", "舆情报送", "", 2, "停水舆情", "", "", ""]]
    batch = _import(q.con, log_c, "甲单位9月台账（更正）.csv").batch_id
    items = _items(q)
    assert ("甲单位", "opinion_report", "province") not in items
    assert items[("甲单位", "original", "county")] == (1, 1)  # 原创 was not in the correction: kept
    superseded = q.con.execute(
        "SELECT count(*) FROM activity_superseded WHERE unit = '甲单位' AND adopt_level IS NOT NULL").fetchone()
    assert superseded == (3,)
    load.undo(q.con, batch)
    assert _items(q)[("甲单位", "opinion_report", "province")] == (1, 1)
    assert _items(q)[("甲单位", "opinion_report", "central")] == (1, 1)
    assert q.con.execute("SELECT count(*) FROM activity_superseded").fetchone() == (0,)


# --- the rubric and scoring ---------------------------------------------------------------------------

def test_points_per_type_and_level_counted_once(q):
    df = score_units(q, F, rubric()).set_index("unit")
    assert df.loc["甲单位", "val_work"] == pytest.approx(15.5)
    assert df.loc["乙单位", "val_work"] == pytest.approx(14.0)
    assert df.loc["甲单位", "pts_work"] == pytest.approx(1.55)


def test_every_adoption_counts_when_the_rubric_says_so(q):
    df = score_units(q, F, rubric(once="adoption_once = false")).set_index("unit")
    assert df.loc["甲单位", "val_work"] == pytest.approx(16.5)
    assert df.loc["乙单位", "val_work"] == pytest.approx(14.0)


def test_a_rubric_without_adoption_points_scores_as_before(q, tmp_path):
    with_levels = score_units(q, F, rubric(adoption=False))
    # The same work with no adoption columns at all, in a database of its own.
    con = store.connect(tmp_path / "plain.duckdb")
    _import(con, ROSTER, "花名册.csv", kind="roster")
    _import(con, [r[:9] for r in LOG_A], "甲单位9月台账.csv")
    _import(con, [r if len(r) < 4 else [r[0], r[1], r[2], r[3], r[5]] for r in SUMMARY_B], "乙单位9月统计表.csv")
    plain = score_units(QueryRunner(con, cache=False), F, rubric(adoption=False))
    con.close()
    pd.testing.assert_frame_equal(with_levels, plain)
    assert with_levels.set_index("unit").loc["甲单位", "val_work"] == pytest.approx(10.0)
    assert with_levels.set_index("unit").loc["乙单位", "val_work"] == pytest.approx(10.0)


def test_the_rubric_checks_adoption_tables():
    bad = BASE_RUBRIC.format(once="", adoption="[indicator.adoption]\nopinion_report = { national = 3 }\n"
                                               "nonsense = { city = 1 }\n")
    with pytest.raises(RubricError) as err:
        parse(bad)
    assert {p.code for p in err.value.problems} == {"eval.err.code"}


def test_the_default_rubric_scores_adoption():
    from outreach.evaluation.rubric import default_rubric

    points = default_rubric().adoption_points()
    assert points[("opinion_report", "central")] == 3
    assert points[("opinion_report", "province")] == 2
    assert points[("opinion_report", "city")] == 1


# --- 活动 and 汇报 ---------------------------------------------------------------------------------------

def test_activity_page_figures_by_month_and_level(q):
    df = activity.adoption(q, F)
    assert [(lv, int(i), int(a)) for lv, i, a in zip(df["adopt_level"], df["adopted_items"], df["adoptions"],
                                                     strict=True)] == [
        ("central", 1, 1), ("province", 3, 3), ("city", 1, 2), ("county", 1, 1)]


def test_report_says_how_many_were_adopted_at_provincial_level_or_above(q):
    facts = report_facts.build(q, F)
    zh = next(s.body for s in text.write(facts, "zh").sections if s.heading.endswith("舆情信息工作"))
    # items: 甲 省 1 + 中央 1 + 县 1, 乙 省 2 + 市 1 = 6; 省级以上 1 + 1 + 2 = 4
    assert zh == "报送舆情信息7条，作品被各级采用6条，其中被省级以上采用4条。"
    en = text.write(facts, "en").as_text()
    assert "6 items were adopted, 4 of them at provincial level or above" in en


def test_activity_page_shows_the_adoption_table(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    import ui.shell

    path = tmp_path / "page.duckdb"
    con = store.connect(path)
    _import(con, ROSTER, "花名册.csv", kind="roster")
    _import(con, LOG_A, "甲单位9月台账.csv")
    _import(con, SUMMARY_B, "乙单位9月统计表.csv")
    con.close()
    monkeypatch.setenv("OUTREACH_DB", str(path))
    ui.shell._connection.clear()
    try:
        at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=30)
        at.switch_page("pages/activity.py")
        at.run()
        assert not at.exception
        assert any("作品采用情况" in h.value for h in at.subheader)
        tables = [d.value for d in at.dataframe if "省级" in d.value.columns]
        assert len(tables) == 1
        row = tables[0].iloc[0]
        assert (row["期间"], row["中央"], row["省级"], row["市级"], row["县级"], row["合计"]) == (
            "2014-09", 1, 3, 1, 1, 6)
    finally:
        ui.shell._connection.clear()
