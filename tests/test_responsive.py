"""Phones without a browser (the browser side is tests/test_phone_browser.py): which user agents are
phones, what a phone is served (key columns with the rest under 更多列, the meeting page's reading
view), and chart layouts that hold at a phone's width (period ticks, campaign labels)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

import ui.responsive
import ui.shell
from tests.small_team import app_for
from ui import charts
from ui.responsive import phone_agent

D = dt.date


@pytest.mark.parametrize(("agent", "phone"), [
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.5 Mobile/15E148 Safari/604.1", True),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile "
     "Safari/537.36", True),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile "
     "Safari/537.36 MicroMessenger/8.0.49", True),  # WeChat's browser, where leaders open the link
    ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
     "Safari/604.1", False),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
     "Safari/537.36", False),
    ("", False),
])
def test_phone_user_agents(agent: str, phone: bool):
    assert phone_agent(agent) is phone


@pytest.fixture
def phone_app(tmp_path, monkeypatch):
    monkeypatch.setattr(ui.responsive, "is_phone", lambda: True)

    def make(script: str):
        return app_for(script, tmp_path, monkeypatch)

    yield make
    ui.shell._connection.clear()


def test_a_phone_gets_key_columns_and_the_rest_under_more_columns(phone_app):
    at = phone_app("pages/team.py")
    at.run()
    assert not at.exception
    units = next(d for d in at.dataframe if "骨干" in d.value.columns)
    assert list(units.proto.column_order) == ["单位", "队伍人数"]  # what the phone shows
    everything = [d for d in at.dataframe if list(d.proto.column_order)[:2] == ["单位", "队伍人数"]
                  and len(d.proto.column_order) == 5]
    assert everything, "the whole table, key columns first, under 更多列"
    assert "更多列（另有 3 列）" in [e.label for e in at.expander]
    # No internal key column on the page: the county and unit columns say it.
    assert not any("unit_key" in d.value.columns for d in at.dataframe)


def test_a_desktop_gets_the_table_as_it_was(tmp_path, monkeypatch):
    at = app_for("pages/team.py", tmp_path, monkeypatch)
    at.run()
    assert not at.exception
    units = next(d for d in at.dataframe if "骨干" in d.value.columns)
    assert list(units.proto.column_order) == []
    assert not [e for e in at.expander if e.label.startswith("更多列")]
    ui.shell._connection.clear()


def test_a_phone_opens_the_meeting_page_in_reading_view(phone_app):
    at = phone_app("pages/meeting.py")
    at.run()
    assert not at.exception
    assert at.segmented_control(key="mt_mode").value == "read"
    assert not [h for h in at.get("html") if "class=\"mt-stage" in h.proto.body]  # no 16:9 slide
    titles = [s.value for s in at.subheader]
    assert titles[0].endswith("总体情况") and len(titles) == 8  # every slide, one after the other
    assert len(at.metric) >= 8


def test_period_ticks_fit_a_phone():
    months = pd.Series(pd.date_range("2013-07-01", "2014-12-01", freq="MS"))  # 18 months
    axis = charts.period_ticks(months, "zh", monthly=True)
    assert len(axis["tickvals"]) <= charts.MAX_PERIOD_TICKS
    assert axis["tickangle"] == 0
    assert axis["ticktext"][0] == "7月<br>2013年"  # the year under the first label and each new year
    assert all(len(t.split("<br>")[0]) <= 3 for t in axis["ticktext"])
    assert any(t.endswith("2014年") for t in axis["ticktext"][1:])
    assert charts.period_ticks(months[:5], "en", monthly=True)["ticktext"] == ["Jul<br>2013", "Aug", "Sep", "Oct",
                                                                             "Nov"]


def test_campaign_labels_neither_overlap_nor_leave_a_phone_sized_plot():
    """The demo's case: a long name over two months beside another over the last month. At the narrowest
    plot (280 px) the labels go on separate rows and stay inside the x axis."""
    months = [D(2014, m, 1) for m in (5, 6, 7, 8, 9)]
    frame = pd.DataFrame([("「我的中国梦」七一网络主题宣传", D(2014, 6, 20), D(2014, 7, 10), None),
                          ("喜迎新中国成立65周年网络宣传", D(2014, 9, 1), D(2014, 9, 30), None)],
                         columns=["name", "starts", "ends", "note"])
    fig = charts.campaign_bands(go.Figure(go.Bar(x=months, y=[1] * 5)), frame, "month", "zh")
    lo, hi = pd.Timestamp("2014-04-16"), pd.Timestamp("2014-09-16")
    per_px = (hi - lo) / charts._NARROW_PLOT_PX
    spans = []
    for a in fig.layout.annotations:
        width = per_px * 13 * len(a.text)
        x = pd.Timestamp(a.x)
        start = {"left": x, "right": x - width, "center": x - width / 2}[a.xanchor]
        assert lo - pd.Timedelta(days=1) <= start and start + width <= hi + pd.Timedelta(days=1), a.text
        spans.append((a.yshift, start, start + width))
    assert len({row for row, _, _ in spans}) == 2  # they would run into each other on one row
