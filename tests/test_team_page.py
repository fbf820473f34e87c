"""The 队伍 page against the small team (tests/small_team.py), figures worked out by hand."""

from __future__ import annotations

import datetime as dt

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
    assert "没有联络员的单位：乙单位、丙单位" in warnings
    assert "骨干少于规定人数的单位：乙单位、丙单位" in warnings
    assert "甲单位" not in warnings
    # default 3 months up to August: 王五 and 孙九 never acted (赵六 did in July)
    assert "2 名成员" in texts(app.caption)
    app.slider(key="silent_months").set_value(1).run()
    # August only: 王五, 孙九 and 赵六
    assert "3 名成员" in texts(app.caption)


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


def test_unmatched_activity_does_not_make_anyone_active(tmp_path):
    """孙八 is on no roster: his August repost must not turn a roster member active."""
    assert any(row[0] == "孙八" for row in AUGUST[2:])
    con = store.connect(build_db(tmp_path / "t.duckdb"))
    august = Filters(dt.date(2014, 7, 1), dt.date(2014, 8, 1))
    silent = team.silent_members(QueryRunner(con, cache=False), august, 1)
    assert sorted(silent["name"]) == ["孙九", "王五", "赵六"]
