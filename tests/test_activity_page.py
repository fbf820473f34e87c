"""The 活动 page against the small team (tests/small_team.py), figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

import ui.shell
from outreach import activity, store
from outreach.filters import Filters
from outreach.queries import QueryRunner
from tests.small_team import app_for, build_db

JUL, AUG = dt.date(2014, 7, 1), dt.date(2014, 8, 1)


@pytest.fixture
def q(tmp_path):
    con = store.connect(build_db(tmp_path / "a.duckdb"))
    yield QueryRunner(con, cache=False)
    con.close()


def test_monthly_trend_by_type(q):
    df = activity.trend(q, Filters(JUL, AUG), "month", "type")
    got = {(str(r.period)[:7], r.type): r.actions for r in df.itertuples()}
    # July: 张三 3 reposts, 赵六 2 comments; August: reposts 2 + 4 + 1 (孙八, unmatched), 1 comment, 1 report
    assert got == {("2014-07", "repost"): 3, ("2014-07", "comment"): 2, ("2014-08", "repost"): 7,
                   ("2014-08", "comment"): 1, ("2014-08", "opinion_report"): 1}


def test_county_comparison_uses_that_months_roster(q):
    df = activity.county_comparison(q, Filters(JUL, AUG)).set_index("county")
    assert df.loc["东县", "actions"] == 7 and df.loc["西县", "actions"] == 7
    assert df.loc["东县", "per_member"] == pytest.approx(2.3)  # 7 / 3
    assert df.loc["东县", "active_rate"] == pytest.approx(0.667)  # 张三, 李四 of 3
    assert df.loc["西县", "active_rate"] == pytest.approx(0.333)  # 钱七 of 3; 孙八 is on no roster


def test_county_filter_keeps_only_that_county(q):
    df = activity.county_comparison(q, Filters(JUL, AUG, counties=("西县",)))
    assert df["county"].tolist() == ["西县"]


@pytest.fixture
def app(tmp_path, monkeypatch):
    yield app_for("pages/activity.py", tmp_path, monkeypatch)
    ui.shell._connection.clear()


def test_page_runs_every_view(app):
    app.run()
    assert not app.exception
    assert len(app.get("plotly_chart")) == 2  # trend and county comparison; no dated rows → no calendar
    assert any("没有带具体日期" in i.value for i in app.info)
    for key, option in (("act_by", "platform"), ("act_view", "share"), ("act_grain", "week"),
                        ("act_measure", "active_rate")):
        app.segmented_control(key=key).set_value(option).run()
        assert not app.exception, key
