"""The 队伍 page against the small team (tests/small_team.py), figures worked out by hand."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import ui.shell
from outreach import store, team
from outreach.filters import Filters
from outreach.queries import QueryRunner
from tests.small_team import AUGUST, app_for, build_db


@pytest.fixture
def app(tmp_path, monkeypatch):
    yield app_for("pages/team.py", tmp_path, monkeypatch)
    ui.shell._connection.clear()


def texts(elements) -> str:
    return " ".join(e.value for e in elements)


def test_quota_gaps_and_silent_members(app):
    app.run()
    assert not app.exception
    warnings = texts(app.warning)
    # 甲单位 has 1 骨干 and 1 联络员; 乙单位 and 丙单位 have neither
    assert "没有联络员的单位（2 个）：乙单位、丙单位" in warnings
    assert "骨干少于规定人数的单位（2 个）：乙单位、丙单位" in warnings
    assert "甲单位" not in warnings
    # default 3 months up to August: 王五 and 孙九 never acted (赵六 did in July)
    assert "2 名成员" in texts(app.caption)
    app.slider(key="silent_months").set_value(1).run()
    # August only: 王五, 孙九 and 赵六
    assert "3 名成员" in texts(app.caption)


def test_a_long_silent_list_shows_its_first_rows_and_offers_them_all(app, monkeypatch):
    """With room for one row, the two silent members of the default view (王五 and 孙九, sorted by
    county, unit and name) show as one row plus a word that the download has both."""
    import ui.widgets

    monkeypatch.setattr(ui.widgets, "SILENT_ROWS", 1)
    app.run()
    assert not app.exception
    assert "2 名成员" in texts(app.caption)
    assert "表中列出前 1 名" in texts(app.caption)
    silent = next(d.value for d in app.dataframe if "最近活动月份" in d.value.columns)
    assert len(silent) == 1
    monkeypatch.setattr(ui.widgets, "SILENT_ROWS", 1000)
    app.run()
    silent = next(d.value for d in app.dataframe if "最近活动月份" in d.value.columns)
    # neither 王五 nor 孙九 has ever acted: said in words, not as an empty date
    assert list(silent["最近活动月份"]) == ["从未有活动记录", "从未有活动记录"]


def test_county_filter_narrows_the_team(app):
    app.run()
    app.sidebar.multiselect(key="f_county").select("东县").run()
    assert "乙单位" not in texts(app.warning)
    assert "所有单位都已配齐" in texts(app.success)


def test_drill_down_lists_the_units_of_the_clicked_county(tmp_path):
    con = store.connect(build_db(tmp_path / "t.duckdb"))
    q = QueryRunner(con, cache=False)
    f = Filters()
    assert sorted(team.by_unit(q, f)["unit"]) == ["丙单位", "乙单位", "甲单位"]
    west = team.by_unit(q, f, "西县")
    assert sorted(west["unit"]) == ["丙单位", "乙单位"]
    assert west.set_index("unit")["members"].to_dict() == {"乙单位": 2, "丙单位": 1}


def test_every_section_follows_the_drill_down(app):
    """Drilled into 东县 (甲单位: 张三 骨干, 李四, 王五 联络员), the quota, mix, age, silent-member and
    completeness sections are 东县's, and their titles say so."""
    app.query_params["drill"] = "东县"
    app.run()
    assert not app.exception
    headers = [h.value for h in app.subheader]
    for title in ("配备情况", "队伍角色", "人员类别", "年龄结构", "沉默成员", "花名册完整度"):
        assert f"{title}（东县）" in headers
    assert "所有单位都已配齐" in texts(app.success)  # 乙单位 and 丙单位 (西县) lack a liaison: not listed
    assert "乙单位" not in texts(app.warning)
    roles = next(json.loads(c.proto.spec) for c in app.get("plotly_chart") if c.proto.id.endswith("-team_roles"))
    assert sorted(zip(roles["data"][0]["y"], roles["data"][0]["text"], strict=True)) == [
        ("网宣员", "1"), ("联络员", "1"), ("骨干", "1")]  # city-wide: 4 网宣员
    # 3 months up to August: 王五 never acted (孙九 of 西县 is not counted here)
    assert "1 名成员" in texts(app.caption)
    silent = next(d.value for d in app.dataframe if "最近活动月份" in d.value.columns)
    assert list(silent["姓名"]) == ["王五"]
    complete = next(d.value for d in app.dataframe if "缺手机号" in d.value.columns)
    assert list(complete["单位"]) == ["甲单位"]


def test_drilling_into_the_units_without_a_county_narrows_to_them(tmp_path):
    con = store.connect(build_db(tmp_path / "t.duckdb"))
    units = team.by_unit(QueryRunner(con, cache=False), Filters())
    assert team.drill_filters(Filters(), None, units) == Filters()
    assert team.drill_filters(Filters(), "西县", units).counties == ("西县",)
    units.loc[units["unit"] == "丙单位", "county"] = ""  # as if its roster had named no county
    assert team.drill_filters(Filters(), "", units).units == ("西县/丙单位",)
    # none such: a filter that selects nothing, never "every unit"
    assert team.drill_filters(Filters(), "", units[units["county"] != ""]).units == ("/",)


def test_unmatched_activity_does_not_make_anyone_active(tmp_path):
    """孙八 is on no roster: his August repost must not turn a roster member active."""
    assert any(row[0] == "孙八" for row in AUGUST[2:])
    con = store.connect(build_db(tmp_path / "t.duckdb"))
    august = Filters(dt.date(2014, 7, 1), dt.date(2014, 8, 1))
    silent = team.silent_members(QueryRunner(con, cache=False), august, 1)
    assert sorted(silent["name"]) == ["孙九", "王五", "赵六"]


def test_treemap_view_shows_counties_holding_their_units(app):
    app.run()
    assert not [c for c in app.get("plotly_chart") if '"treemap"' in c.proto.spec]  # bars first
    app.segmented_control(key="team_view").set_value("treemap").run()
    assert not app.exception
    treemaps = [json.loads(c.proto.spec) for c in app.get("plotly_chart") if '"treemap"' in c.proto.spec]
    assert len(treemaps) == 1
    trace = treemaps[0]["data"][0]
    cells = dict(zip(trace["labels"], zip(trace["parents"], trace["values"], strict=True), strict=True))
    # 东县: 甲单位 3; 西县: 乙单位 2 + 丙单位 1
    assert cells == {"全部县区": ("", 6), "东县": ("all", 3), "西县": ("all", 3),
                     "甲单位": ("county:东县", 3), "乙单位": ("county:西县", 2), "丙单位": ("county:西县", 1)}
    assert "点击县区方块" in texts(app.caption)
    # the unit table beside it still lists every unit until a county is clicked
    table = next(d.value for d in app.dataframe if "骨干" in d.value.columns)
    assert sorted(table["单位"]) == ["丙单位", "乙单位", "甲单位"]


def test_treemap_cells_name_the_county_a_click_picks(tmp_path):
    con = store.connect(build_db(tmp_path / "t.duckdb"))
    units = team.by_unit(QueryRunner(con, cache=False), Filters())
    units.loc[units["unit"] == "丙单位", "county"] = ""  # a unit whose roster named no county
    nodes = team.treemap_nodes(units, "全部", "未填县区").set_index("label")
    assert nodes.loc["未填县区", "county"] == "" and nodes.loc["未填县区", "members"] == 1
    assert nodes.loc["丙单位", "county"] == "" and nodes.loc["乙单位", "county"] == "西县"
    assert nodes.loc["全部", "county"] is None and nodes.loc["全部", "members"] == 6
    assert sorted(team.units_of(units, "")["unit"]) == ["丙单位"]


def test_treemap_draws_a_countys_largest_units_and_one_cell_for_the_rest(tmp_path):
    """西县 has 乙单位 (2 members) and 丙单位 (1): with one cell per county, 丙单位 goes into 其余 1 个单位."""
    con = store.connect(build_db(tmp_path / "t.duckdb"))
    units = team.by_unit(QueryRunner(con, cache=False), Filters())
    nodes = team.treemap_nodes(units, "全部", "未填县区", "其余 {n} 个单位", most=1).set_index("id")
    assert "unit:西县/丙单位" not in nodes.index
    assert nodes.loc["unit:西县/乙单位", "members"] == 2
    other = nodes.loc["other:西县"]
    assert (other["label"], other["parent"], other["county"]) == ("其余 1 个单位", "county:西县", "西县")
    assert other["members"] == 1
    assert "other:东县" not in nodes.index  # 甲单位 alone fits
    # a county's cells still add up to the county, as branchvalues="total" requires
    children = nodes[nodes["parent"] == "county:西县"]["members"].sum()
    assert children == nodes.loc["county:西县", "members"] == 3
