"""The 活动 page against the small team (tests/small_team.py), figures worked out by hand."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

import ui.shell
from outreach import activity, store
from outreach.filters import Filters
from outreach.ingest import load
from outreach.queries import QueryRunner
from tests.fixtures import xlsx
from tests.small_team import app_for, build_db

JUL, AUG, SEP = dt.date(2014, 7, 1), dt.date(2014, 8, 1), dt.date(2014, 9, 1)


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


# A September log with dates and platforms (2014-09-01 and 09-08 are Mondays).
DATED = [
    ["日期", "姓名", "单位", "类型", "平台", "数量"],
    ["2014-09-01", "张三", "甲单位", "转发", "微信", 2],
    ["2014-09-03", "李四", "甲单位", "评论", "微博", 3],
    ["2014-09-09", "钱七", "乙单位", "转发", "微博", 1],
]


@pytest.fixture
def dated(tmp_path):
    path = build_db(tmp_path / "d.duckdb")
    con = store.connect(path)
    load.import_bytes(con, xlsx(DATED), "sep.xlsx")
    yield QueryRunner(con, cache=False)
    con.close()


def by_period(df, by: str) -> dict[tuple[str, str], int]:
    return {(str(p)[:10], code): int(n) for p, code, n in zip(df["period"], df[by], df["actions"], strict=True)}


def test_weekly_trend_carries_each_rows_platform(dated):
    """The week of 1 September: 2 on WeChat (张三), 3 on Weibo (李四); the week of 8 September: 1 on Weibo."""
    weekly = activity.trend(dated, Filters(JUL, SEP), "week", "platform")
    assert by_period(weekly, "platform") == {("2014-09-01", "wechat"): 2, ("2014-09-01", "weibo"): 3,
                                             ("2014-09-08", "weibo"): 1}
    by_type = activity.trend(dated, Filters(JUL, SEP), "week", "type")
    assert by_period(by_type, "type") == {("2014-09-01", "repost"): 2, ("2014-09-01", "comment"): 3,
                                          ("2014-09-08", "repost"): 1}
    # the county filter holds: 乙单位 is in 西县
    west = activity.trend(dated, Filters(JUL, SEP, counties=("西县",)), "week", "platform")
    assert by_period(west, "platform") == {("2014-09-08", "weibo"): 1}


def test_county_comparison_uses_that_months_roster(q):
    df = activity.county_comparison(q, Filters(JUL, AUG)).set_index("county")
    assert df.loc["东县", "actions"] == 7 and df.loc["西县", "actions"] == 7
    assert df.loc["东县", "per_member"] == pytest.approx(2.3)  # 7 / 3
    assert df.loc["东县", "active_rate"] == pytest.approx(0.667)  # 张三, 李四 of 3
    assert df.loc["西县", "active_rate"] == pytest.approx(0.333)  # 钱七 of 3; 孙八 is on no roster


# September from 甲单位 (东县) alone: no unit of 西县 has reported the month.
SEP_EAST = [["2014年9月工作量统计表"], ["姓名", "单位", "转发微信（条）"], ["张三", "甲单位", 5]]


def test_a_county_that_has_not_reported_the_month_has_no_active_rate(tmp_path, monkeypatch):
    at = app_for("pages/activity.py", tmp_path, monkeypatch)
    con = store.connect(store.db_path())
    load.import_bytes(con, xlsx(SEP_EAST), "sep.xlsx")
    df = activity.county_comparison(QueryRunner(con, cache=False), Filters(JUL, SEP)).set_index("county")
    con.close()
    try:
        assert df.loc["东县", "active_rate"] == pytest.approx(0.333)  # 张三 of 3 in September
        assert df.loc["东县", "reported_units"] == 1
        assert df.loc["西县", "reported_units"] == 0 and pd.isna(df.loc["西县", "active_rate"])  # unknown, not 0
        assert df.loc["西县", "actions"] == 7  # July and August still count
        at.run()
        at.segmented_control(key="act_measure").set_value("active_rate").run()
        assert not at.exception
        spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                    if c.proto.id.endswith("-county_comparison"))
        bars = spec["data"][0]
        assert list(zip(bars["y"], bars["x"], bars["text"], strict=True)) == [
            ("东县", 0.333, "33.3%"), ("西县", 0.0, "未报送")]
        assert bars["textposition"] == ["auto", "outside"]  # a bar of no length shows its text only outside
    finally:
        ui.shell._connection.clear()


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


def test_the_calendar_says_which_months_it_holds(tmp_path, monkeypatch):
    """July and August are monthly summaries (no dates), September a dated log: the calendar can show
    September alone, and says so."""
    at = app_for("pages/activity.py", tmp_path, monkeypatch)
    con = store.connect(store.db_path())
    load.import_bytes(con, xlsx(DATED), "sep.xlsx")
    con.close()
    try:
        at.run()
        assert not at.exception
        assert len(at.get("plotly_chart")) == 3  # trend, counties, calendar
        captions = " ".join(c.value for c in at.caption)
        assert "日历只显示带具体日期的记录，即 2014年09月；2014年07月—2014年08月 的台账是月度汇总" in captions
        at.sidebar.selectbox(key="f_preset").set_value("this_month").run()  # September alone: all of it
        assert "日历显示 2014年09月 每天的工作量。" in " ".join(c.value for c in at.caption)
    finally:
        ui.shell._connection.clear()


def test_months_in_runs():
    may, jun, jul, sep = (dt.date(2014, m, 1) for m in (5, 6, 7, 9))
    assert activity.month_runs([may, jun, jul, sep]) == [(may, jul), (sep, sep)]
    assert activity.month_runs([]) == []
