"""The 总览 page against the small team (tests/small_team.py), figures worked out by hand."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

import ui.shell
from outreach import chart_export, overview, store
from outreach.filters import Filters
from outreach.ingest import load
from outreach.queries import QueryRunner, load_sql, parameters_of, query_names
from tests.fixtures import xlsx
from tests.small_team import app_for, build_db


@pytest.fixture
def app(tmp_path, monkeypatch):
    yield app_for("app.py", tmp_path, monkeypatch)
    ui.shell._connection.clear()


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_whole_period(app):
    app.run()
    assert not app.exception
    m = metrics(app)
    assert m["队伍人数"][0] == "6"
    assert m["单位数"][0] == "3"
    # August: 张三, 李四, 钱七 acted (孙八 is on no roster) out of 6 on the roster → 50.0%
    assert m["本月活跃人数"][0] == "3"
    assert m["本月活跃率"][0] == "50.0%"
    # 3 + 2 + (2 + 1 + 1 + 4 + 1) = 14
    assert m["工作量（条次）"][0] == "14"
    assert m["舆情报送"][0] == "1"
    assert m["参训人数"][0] == "0"  # nobody in the small team trained
    # nothing before July: no change is claimed
    assert not m["工作量（条次）"][1]
    # 丙单位 has never reported
    assert any("丙单位" in w.value for w in app.warning)


def test_county_filter_narrows_every_figure(app):
    app.run()
    app.sidebar.multiselect(key="f_county").select("西县").run()
    m = metrics(app)
    assert m["队伍人数"][0] == "3"  # 赵六, 钱七, 孙九
    assert m["本月活跃人数"][0] == "1"  # 钱七
    assert m["本月活跃率"][0] == "33.3%"
    assert m["工作量（条次）"][0] == "7"  # 2 + 4 + 1 (孙八, unmatched but counted)
    assert m["舆情报送"][0] == "0"
    assert app.query_params["county"] in ("西县", ["西县"])  # AppTest unwraps one-value lists


def test_one_month_compares_with_the_month_before(app):
    app.run()
    app.sidebar.selectbox(key="f_preset").set_value("this_month").run()  # the latest month: August
    m = metrics(app)
    assert m["工作量（条次）"] == ("9", "+4")  # August 9 against July 5
    assert m["本月活跃人数"] == ("3", "+1")  # July: 张三, 赵六
    assert m["队伍人数"] == ("6", "+0")


def deltas(at: AppTest) -> dict[str, tuple[str, str, str]]:
    """label → (delta, colour, arrow) as st.metric sends them to the browser."""
    colour, arrow = MetricProto.MetricColor.Name, MetricProto.MetricDirection.Name
    return {m.label: (m.delta, colour(m.proto.color), arrow(m.proto.direction)) for m in at.metric}


def test_a_zero_change_is_grey_without_an_arrow(app):
    app.run()
    app.sidebar.selectbox(key="f_preset").set_value("this_month").run()  # August against July
    d = deltas(app)
    assert d["队伍人数"] == ("+0", "GRAY", "NONE")  # 6 against 6
    assert d["单位数"] == ("+0", "GRAY", "NONE")
    assert d["参训人数"] == ("+0", "GRAY", "NONE")
    assert d["工作量（条次）"] == ("+4", "GREEN", "UP")  # a real change keeps its colour and arrow
    assert d["本月活跃率"] == ("+16.7 pt", "GREEN", "UP")  # 3/6 against 2/6


# June and September logs for the small team: 本季度 is then Q3 (July–September, three months of data)
# and the quarter before it, Q2, holds June alone.
JUNE = [["2014年6月工作量统计表"], ["姓名", "单位", "转发微信（条）", "网络评论（条）", "舆情信息（条）"],
        ["张三", "甲单位", 1, "", ""]]
SEPTEMBER = [["2014年9月工作量统计表"], ["姓名", "单位", "转发微信（条）", "网络评论（条）", "舆情信息（条）"],
             ["张三", "甲单位", 5, "", ""], ["赵六", "乙单位", "", "", 2]]


def test_a_previous_quarter_with_fewer_months_is_not_compared_in_its_totals(tmp_path, monkeypatch):
    at = app_for("app.py", tmp_path, monkeypatch)
    con = store.connect(store.db_path())
    for name, rows in (("jun.xlsx", JUNE), ("sep.xlsx", SEPTEMBER)):
        load.import_bytes(con, xlsx(rows), name)
    con.close()
    try:
        at.run()
        at.sidebar.selectbox(key="f_preset").set_value("this_quarter").run()
        assert not at.exception
        d = {label: (metrics(at)[label][0], *shown) for label, shown in deltas(at).items()}
        # Q3 = July 5 + August 9 + September 7 = 21 actions against June's 1: "+20" would be the missing
        # months, not growth. The change is withheld and its place says why, in grey.
        assert d["工作量（条次）"] == ("21", "上期仅1个月数据", "GRAY", "NONE")
        assert d["舆情报送"] == ("3", "上期仅1个月数据", "GRAY", "NONE")  # August 1 + September 2
        assert d["参训人数"] == ("0", "上期仅1个月数据", "GRAY", "NONE")
        # Figures of each period's last month still compare: September against June.
        assert d["本月活跃人数"] == ("2", "+1", "GREEN", "UP")  # 张三, 赵六 against 张三
        assert d["本月活跃率"] == ("33.3%", "+16.7 pt", "GREEN", "UP")  # 2/6 against 1/6
        assert d["队伍人数"] == ("6", "+0", "GRAY", "NONE")
        captions = " ".join(c.value for c in at.caption)
        assert "上一期间只有 1 个月的数据（本期 3 个月）" in captions
        # A previous period with as many months as this one is compared in full: August–September
        # against June–July (two months each).
        at.sidebar.selectbox(key="f_preset").set_value("custom").run()
        at.sidebar.select_slider(key="f_period").set_range("2014-08", "2014-09").run()
        assert metrics(at)["工作量（条次）"] == ("16", "+10")  # 9 + 7 against 1 + 5
        assert "上一期间只有" not in " ".join(c.value for c in at.caption)
    finally:
        ui.shell._connection.clear()


def test_coverage_counts_the_months_with_data(tmp_path):
    path = build_db(tmp_path / "c.duckdb")
    q = QueryRunner(store.connect(path), cache=False)
    aug = dt.date(2014, 8, 1)
    assert overview.coverage(q, Filters(aug, aug)) == overview.Coverage(now=1, before=1)
    # July–August against May–June: no data before July
    cov = overview.coverage(q, Filters(dt.date(2014, 7, 1), aug))
    assert (cov.now, cov.before, cov.partial) == (2, 0, True)


def test_custom_range_and_presets_hold_in_the_url(app):
    app.run()
    app.sidebar.selectbox(key="f_preset").set_value("custom").run()
    app.sidebar.select_slider(key="f_period").set_range("2014-07", "2014-07").run()
    assert metrics(app)["工作量（条次）"][0] == "5"  # July: 3 + 2
    assert app.query_params["from"] in ("2014-07", ["2014-07"])
    app.sidebar.selectbox(key="f_preset").set_value("last_month").run()
    assert metrics(app)["工作量（条次）"][0] == "5"  # the month before the latest one


def test_category_and_role_filters(app):
    app.run()
    app.sidebar.multiselect(key="f_role").select("core").run()
    m = metrics(app)
    assert m["队伍人数"][0] == "1"  # 张三 is the only 骨干
    assert m["工作量（条次）"][0] == "6"  # 张三: 3 in July, 2 + 1 in August


def test_a_unit_without_activity_shows_the_empty_state(app):
    app.run()
    app.sidebar.multiselect(key="f_unit").select("西县/丙单位").run()
    assert not app.exception
    assert metrics(app)["队伍人数"][0] == "1"
    assert any("没有数据" in i.value for i in app.info)


def test_every_named_query_takes_the_viewer_scope():
    """Unit-scoped access is applied by the runner through $scope; a query without it would leak."""
    for name in query_names():
        sql = load_sql(name)
        assert "scope" in parameters_of(sql), name
        assert not re.search(r"\{[a-z_]+\}", sql), f"{name} looks string-formatted"


# --- trained members, units ranked by actions per member, chart downloads --------------------------------
# The small team plus four units of its own roster and log (importing them leaves 甲/乙/丙 as they were):
# 丁单位 trains in July and August, 戊单位 and 己单位 tie at 1.0 per member, 庚单位 reports nothing, and
# 外单位 reports an action but has nobody on any roster.
MORE_ROSTER = [
    ["2014年7月网宣员花名册"],
    ["姓名", "单位", "县区"],
    ["周一", "丁单位", "东县"], ["吴二", "丁单位", "东县"],
    ["郑三", "戊单位", "北县"],
    ["冯四", "己单位", "北县"], ["陈五", "己单位", "北县"],
    ["褚六", "庚单位", "北县"],
]
MORE_LOG = [
    ["日期", "姓名", "单位", "类型", "平台", "数量"],
    ["2014-07-10", "周一", "丁单位", "参加培训", "", 1],
    ["2014-08-05", "周一", "丁单位", "转发", "微信", 4],
    ["2014-08-06", "吴二", "丁单位", "参加培训", "", 1],
    ["2014-08-07", "周一", "丁单位", "参加培训", "", 1],
    ["2014-08-08", "郑三", "戊单位", "评论", "微博", 1],
    ["2014-08-09", "冯四", "己单位", "评论", "微博", 2],
    ["2014-08-10", "路人", "外单位", "评论", "微博", 1],
]
# Per member over July–August, on the roster of August (= the 队伍人数 of the headline):
#   丁 (1 + 4 + 1 + 1) / 2 = 3.5    乙 (2 + 4 + 1 孙八) / 2 = 3.5    甲 (3 + 2 + 1 + 1) / 3 = 2.33
#   己 2 / 2 = 1.0                  戊 1 / 1 = 1.0                   丙 0 / 1 = 0    庚 0 / 1 = 0
# Ties go by unit name (丁 U+4E01 before 乙 U+4E59, 己 U+5DF1 before 戊 U+620A, 丙 U+4E19 before 庚 U+5E9A).
TOP = [("1. 丁单位", 3.5), ("2. 乙单位", 3.5), ("3. 甲单位", 2.33), ("4. 己单位", 1.0), ("5. 戊单位", 1.0)]
BOTTOM = [("6. 丙单位", 0.0), ("7. 庚单位", 0.0)]
TOP_CSV = "名次,县区,单位,人数,工作量,人均工作量\n1,东县,丁单位,2,7,3.5\n2,西县,乙单位,2,7,3.5\n" \
          "3,东县,甲单位,3,7,2.33\n4,北县,己单位,2,2,1.0\n5,北县,戊单位,1,1,1.0\n"


def add_more_units(path: Path) -> None:
    con = store.connect(path)
    for name, rows in (("roster_more.xlsx", MORE_ROSTER), ("log_more.xlsx", MORE_LOG)):
        load.import_bytes(con, xlsx(rows), name)
    con.close()


@pytest.fixture
def bigger(tmp_path, monkeypatch):
    at = app_for("app.py", tmp_path, monkeypatch)
    add_more_units(store.db_path())
    yield at
    ui.shell._connection.clear()


def chart(at: AppTest, key: str) -> dict:
    """The Plotly figure of the chart with widget key ``key``."""
    found = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert len(found) == 1, [c.proto.id for c in at.get("plotly_chart")]
    return json.loads(found[0].proto.spec)


def bars(figure: dict) -> list[tuple[str, float]]:
    trace = figure["data"][0]
    return list(zip(trace["y"], trace["x"], strict=True))


def test_trained_members_with_their_change(bigger):
    bigger.run()
    assert not bigger.exception
    m = metrics(bigger)
    assert m["队伍人数"][0] == "12"
    assert m["参训人数"] == ("2", "")  # 周一 and 吴二; nothing before July to compare with
    bigger.sidebar.selectbox(key="f_preset").set_value("this_month").run()
    # August: 周一, 吴二 trained; July: 周一 alone
    assert metrics(bigger)["参训人数"] == ("2", "+1")


def test_units_ranked_by_actions_per_member(bigger):
    bigger.run()
    assert bars(chart(bigger, "unit_top")) == TOP
    assert bars(chart(bigger, "unit_bottom")) == BOTTOM
    captions = " ".join(c.value for c in bigger.caption)
    assert "2014-08 花名册人数" in captions and "队伍人数" in captions  # the denominator, named
    assert "未参加排名" in captions and "外单位" in captions


def test_ranking_with_fewer_units_than_both_ends(tmp_path):
    """北县 alone: three units, all in 前5 (己 before 戊 on the tie), none repeated in 后5."""
    path = build_db(tmp_path / "t.duckdb")
    add_more_units(path)
    q = QueryRunner(store.connect(path), cache=False)
    ranking = overview.unit_ranking(q, Filters(counties=("北县",)), 5)
    assert ranking.top[["unit", "per_capita"]].values.tolist() == [["己单位", 1.0], ["戊单位", 1.0], ["庚单位", 0.0]]
    assert ranking.bottom.empty and ranking.ranked_count == 3 and ranking.unranked == []


def test_chart_data_downloads_with_chinese_headers(bigger):
    bigger.run()
    buttons = {b.key: b for b in bigger.get("download_button")}
    # Both files are built when their button is clicked (deferred downloads); build them the same way.
    assert buttons["dl_unit_top"].proto.deferred_file_id and buttons["dlx_unit_top"].proto.deferred_file_id
    q = QueryRunner(store.connect(store.db_path()), cache=False)  # the app holds it: same settings
    top = overview.unit_ranking(q, Filters(), 5).top
    assert chart_export.csv_bytes(top, "zh") == ("\ufeff" + TOP_CSV).encode("utf-8")
    sheet = openpyxl.load_workbook(io.BytesIO(chart_export.xlsx_bytes(top, "zh", "人均工作量前5名"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "人均工作量前5名"
    assert rows[1] == ("名次", "县区", "单位", "人数", "工作量", "人均工作量")
    assert rows[2] == (1, "东县", "丁单位", 2, 7, 3.5)
    assert rows[4] == (3, "东县", "甲单位", 3, 7, 2.33)
    assert len(rows) == 2 + 5


def test_chart_data_headers_and_vocabulary_in_the_viewer_language():
    trend = pd.DataFrame({"period": ["2014-07-01"], "type": ["repost"], "actions": [3], "odd": ["=1+1"]})
    zh = chart_export.labelled(trend, "zh")
    assert list(zh.columns) == ["期间", "类型", "工作量", "odd"]  # no col.odd: the name stays
    assert zh["类型"].tolist() == ["转发"]
    en = chart_export.labelled(trend, "en", columns={"actions": "ov.actions"})
    assert list(en.columns) == ["Period", "Type", "Actions", "odd"] and en["Type"].tolist() == ["Reposts"]
    assert "'=1+1" in chart_export.csv_bytes(trend, "zh").decode("utf-8-sig")  # still neutralised
