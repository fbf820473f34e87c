"""The 总览 page against the small team (tests/small_team.py), figures worked out by hand."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

import ui.shell
from outreach.queries import load_sql, parameters_of, query_names
from tests.small_team import app_for


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
    app.sidebar.multiselect(key="f_unit").select("丙单位").run()
    assert not app.exception
    assert metrics(app)["队伍人数"][0] == "1"
    assert any("没有数据" in i.value for i in app.info)


def test_every_named_query_takes_the_viewer_scope():
    """Unit-scoped access is applied by the runner through $scope; a query without it would leak."""
    for name in query_names():
        sql = load_sql(name)
        assert "scope" in parameters_of(sql), name
        assert not re.search(r"\{[a-z_]+\}", sql), f"{name} looks string-formatted"
