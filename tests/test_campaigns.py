"""Campaigns (专项活动): the core (add, list, period overlap, delete), the campaign file as an import
batch (good files, refused rows and files with their exact location, idempotent, all or nothing,
undo), the bands on the charts, the 数据 and 活动 pages, and the bands as a browser draws them."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from playwright.sync_api import expect

import ui.shell
from outreach import campaigns, demo, store
from outreach.filters import Filters
from outreach.ingest import load
from outreach.ingest.issues import ImportRefused
from outreach.ingest.parse import parse_file
from outreach.queries import QueryRunner
from tests.browser_support import (
    ARTIFACTS,
    assert_no_exception,
    demo_database,
    full_screenshot,
    offline_page,
    open_page,
    serving,
    wait_charts_drawn,
)
from tests.fixtures import csv_bytes, table, xls, xlsx
from tests.small_team import app_for
from ui import charts

D = dt.date
GUOQING = ("国庆65周年网络宣传", D(2014, 9, 20), D(2014, 10, 7))
HEADER = ["序号", "活动名称", "开始日期", "结束日期", "备注"]
GOOD = [
    ["2014年全市网络宣传专项活动安排"],
    HEADER,
    [1, "国庆65周年网络宣传", dt.datetime(2014, 9, 20), "2014-10-07", "转发国庆主题稿件"],
    [2, "七一主题宣传", "2014年6月", "2014年7月", None],  # months alone: 1 June to 31 July
    [3, "清朗行动", "2014/8/1", "2014年8月20日", ""],
    [4],  # only a 序号: no campaign, no error
    ["合计"],
]


@pytest.fixture
def con(tmp_path):
    c = store.connect(tmp_path / "c.duckdb")
    yield c
    c.close()


def q_of(con) -> QueryRunner:
    return QueryRunner(con, cache=False)


def keys(df: pd.DataFrame) -> list[tuple]:
    return [(n, pd.Timestamp(s).date(), pd.Timestamp(e).date()) for n, s, e in zip(df["name"], df["starts"],
                                                                                   df["ends"], strict=True)]


def count(con) -> int:
    return store.scalar(con, "SELECT count(*) FROM campaigns")


# --- core ----------------------------------------------------------------------------------------------

def test_add_and_list_newest_first(con):
    first = campaigns.add(con, "  七一主题宣传 ", D(2014, 6, 25), D(2014, 7, 5), note="建党93周年", user="王芳")
    campaigns.add(con, *GUOQING)
    df = campaigns.listing(q_of(con))
    assert keys(df) == [GUOQING, ("七一主题宣传", D(2014, 6, 25), D(2014, 7, 5))]  # trimmed, newest first
    row = df.set_index("campaign_id").loc[first]
    assert (row["note"], row["created_by"], row["sources"]) == ("建党93周年", "王芳", 1)
    assert pd.isna(row["batch_id"])
    shown = campaigns.listing_frame(df, "zh")
    assert list(shown.columns) == ["名称", "开始日期", "结束日期", "天数", "备注", "来源", "录入人", "录入时间"]
    assert shown["天数"].tolist() == [18, 11]  # 20 Sep – 7 Oct and 25 Jun – 5 Jul, both ends counted
    assert shown["来源"].tolist() == ["手工录入", "手工录入"]


@pytest.mark.parametrize(("period", "expected"), [
    ((D(2014, 9, 1), D(2014, 9, 1)), ["国庆", "starts_on_last_day"]),
    ((D(2014, 10, 1), D(2014, 12, 1)), ["国庆"]),
    ((D(2014, 8, 1), D(2014, 8, 1)), ["ends_on_first_day"]),
    ((D(2014, 5, 1), D(2014, 5, 1)), []),
])
def test_in_period_keeps_campaigns_overlapping_the_months(con, period, expected):
    campaigns.add(con, "国庆", D(2014, 9, 20), D(2014, 10, 7))
    campaigns.add(con, "starts_on_last_day", D(2014, 9, 30), D(2014, 9, 30))
    campaigns.add(con, "ends_on_first_day", D(2014, 7, 10), D(2014, 8, 1))
    df = campaigns.in_period(q_of(con), Filters(*period))
    assert df["name"].tolist() == expected  # ordered by start date


def test_a_viewer_whose_scope_holds_no_unit_sees_no_campaigns(con):
    campaigns.add(con, *GUOQING)
    assert len(campaigns.in_period(QueryRunner(con, scope=["甲单位"], cache=False), Filters())) == 1
    assert campaigns.in_period(QueryRunner(con, scope=[], cache=False), Filters()).empty


@pytest.mark.parametrize(("name", "starts", "ends", "code", "message"), [
    ("  ", D(2014, 9, 1), D(2014, 9, 2), "camp.err_name_empty", "请填写专项活动的名称。"),
    ("国庆", None, D(2014, 9, 2), "camp.err_no_start", "请选择开始日期。"),
    ("国庆", D(2014, 9, 1), None, "camp.err_no_end", "请选择结束日期。"),
    ("国庆", D(2014, 9, 5), D(2014, 9, 1), "camp.err_end_before_start",
     "结束日期 2014-09-01 早于开始日期 2014-09-05，请检查。"),
    ("国" * 41, D(2014, 9, 1), D(2014, 9, 2), "camp.err_name_long",
     "名称有 41 个字，最多 40 个字；更多说明请写在备注里。"),
    (" 国庆65周年网络宣传", *GUOQING[1:], "camp.err_duplicate",
     "「国庆65周年网络宣传」（2014-09-20 至 2014-10-07）已经登记过了，不用重复添加。"),
])
def test_invalid_campaigns_are_refused_with_a_clear_message_and_nothing_written(con, name, starts, ends, code,
                                                                                message):
    from outreach.i18n import t

    campaigns.add(con, *GUOQING)
    version = store.data_version(con)
    with pytest.raises(campaigns.CampaignInvalid) as exc:
        campaigns.add(con, name, starts, ends)
    assert exc.value.code == code
    assert t(exc.value.code, "zh", **exc.value.params) == message
    assert count(con) == 1 and store.data_version(con) == version


def test_the_same_name_on_other_dates_is_another_campaign(con):
    campaigns.add(con, *GUOQING)
    campaigns.add(con, GUOQING[0], D(2015, 9, 20), D(2015, 10, 7))
    assert count(con) == 2


def test_every_write_bumps_the_data_version(con):
    v0 = store.data_version(con)
    cid = campaigns.add(con, *GUOQING)
    v1 = store.data_version(con)
    assert campaigns.delete(con, cid) == 1
    v2 = store.data_version(con)
    result = load.import_bytes(con, xlsx(GOOD), "专项活动.xlsx")
    v3 = store.data_version(con)
    load.undo(con, result.batch_id)
    assert v0 < v1 < v2 < v3 < store.data_version(con)


def test_cached_list_refreshes_after_a_write(con, tmp_path):
    q = QueryRunner(con)  # cached, as the pages run it
    campaigns.add(con, *GUOQING)
    assert len(campaigns.listing(q)) == 1
    campaigns.add(con, "七一", D(2014, 7, 1), D(2014, 7, 1))
    assert len(campaigns.listing(q)) == 2


# --- the campaign file ---------------------------------------------------------------------------------

def test_good_file_parses_as_campaigns(con):
    parsed = parse_file(xlsx(GOOD), "2014年专项活动.xlsx")
    assert parsed.kind == "campaign"
    assert parsed.errors == [] and (parsed.rows_seen, parsed.rows_accepted) == (3, 3)
    assert table(parsed.records, ["name", "starts", "ends", "note", "row_no"]) == [
        ("国庆65周年网络宣传", D(2014, 9, 20), D(2014, 10, 7), "转发国庆主题稿件", 3),
        ("七一主题宣传", D(2014, 6, 1), D(2014, 7, 31), None, 4),
        ("清朗行动", D(2014, 8, 1), D(2014, 8, 20), None, 5),
    ]
    assert parsed.months == [D(2014, m, 1) for m in (6, 7, 8, 9, 10)] and parsed.units == []


def test_import_is_a_batch_in_the_history(con):
    result = load.import_bytes(con, xlsx(GOOD), "2014年专项活动.xlsx", user="王芳")
    batch = load.batches(con).iloc[0]
    assert (batch["kind"], batch["status"], batch["rows_accepted"]) == ("campaign", "active", 3)
    assert (batch["period_from"], batch["period_to"]) == (pd.Timestamp(2014, 6, 1), pd.Timestamp(2014, 10, 1))
    rows = con.execute("SELECT name, batch_id, created_by, sheet, row_no FROM campaigns ORDER BY row_no").fetchall()
    assert rows == [("国庆65周年网络宣传", result.batch_id, "王芳", "Sheet1", 3),
                    ("七一主题宣传", result.batch_id, "王芳", "Sheet1", 4),
                    ("清朗行动", result.batch_id, "王芳", "Sheet1", 5)]
    # Campaigns touch no member, no activity and no month range of the dashboards.
    assert store.scalar(con, "SELECT count(*) FROM batch_coverage") == 0


ROWS = [["名称", "开始日期", "结束日期", "备注"], ["国庆65周年网络宣传", D(2014, 9, 20), D(2014, 10, 7), "备注"]]
TEXT_ROWS = [ROWS[0], ["国庆65周年网络宣传", "2014/9/20", "2014-10-07", "备注"]]


@pytest.mark.parametrize(("data", "name"), [
    (csv_bytes(TEXT_ROWS, encoding="gbk"), "专项活动.csv"),
    (csv_bytes(TEXT_ROWS, encoding="utf-8", bom=True), "专项活动.csv"),
    (xls(ROWS), "专项活动.xls"),
], ids=["csv-gbk", "csv-utf8-bom", "xls"])
def test_csv_and_xls_files(con, data, name):
    load.import_bytes(con, data, name)
    assert keys(campaigns.listing(q_of(con))) == [GUOQING]


def test_same_file_twice_changes_nothing(con):
    first = load.import_bytes(con, xlsx(GOOD), "a.xlsx")
    version = store.data_version(con)
    again = load.import_bytes(con, xlsx(GOOD), "a.xlsx")
    assert again.already and again.batch_id == first.batch_id
    assert count(con) == 3 and len(load.batches(con)) == 1 and store.data_version(con) == version


def test_undo_removes_the_batchs_campaigns_only(con):
    typed = campaigns.add(con, *GUOQING)  # also in the file: kept when the file is undone
    preview = load.preview(con, parse_file(xlsx(GOOD), "a.xlsx"))
    assert preview.side_rows["exists"].tolist() == [True, False, False]
    result = load.commit(con, preview.parsed)
    assert len(campaigns.listing(q_of(con))) == 3  # the campaign from both sources is listed once
    load.undo(con, result.batch_id)
    assert keys(campaigns.listing(q_of(con))) == [GUOQING]
    assert store.scalar(con, "SELECT campaign_id FROM campaigns") == typed
    assert load.batches(con).iloc[0]["status"] == "reverted"
    with pytest.raises(ValueError):
        load.undo(con, result.batch_id)


def test_undoing_the_first_file_keeps_what_a_later_file_also_brought(con):
    first = load.import_bytes(con, xlsx(GOOD[:3]), "first.xlsx")
    load.import_bytes(con, xlsx(GOOD), "second.xlsx")
    load.undo(con, first.batch_id)
    assert len(campaigns.listing(q_of(con))) == 3  # as if first.xlsx had never been imported


def test_delete_removes_the_campaign_from_every_source(con):
    load.import_bytes(con, xlsx(GOOD), "a.xlsx")
    typed = campaigns.add(con, "清朗行动", D(2014, 8, 1), D(2014, 8, 21))
    row = campaigns.listing(q_of(con)).set_index("name").loc["国庆65周年网络宣传"]
    assert campaigns.delete(con, int(row["campaign_id"])) == 1
    assert "国庆65周年网络宣传" not in campaigns.listing(q_of(con))["name"].tolist()
    assert campaigns.delete(con, 9999) == 0
    assert campaigns.delete(con, typed) == 1 and count(con) == 2


def test_all_or_nothing_with_other_files(con):
    good = parse_file(xlsx(GOOD), "a.xlsx")
    empty = parse_file(xlsx([["名称", "开始日期", "结束日期"], ["", "x", ""]]), "b.xlsx")
    with pytest.raises(ImportRefused):
        load.commit_many(con, [good, empty])
    assert count(con) == 0 and load.batches(con).empty


def _message(rows, name="专项活动.xlsx") -> list[str]:
    return [i.message("zh") for i in parse_file(xlsx(rows), name).issues]


def test_bad_rows_are_refused_with_file_sheet_row_and_column():
    rows = [HEADER,
            [1, "", "2014-09-01", "2014-09-02"],
            [2, "坏日期", "2014-13-45", "2014-09-02"],
            [3, "反了", "2014-08-20", "2014-08-01"],
            [4, "没结束", "2014-08-20", None],
            [5, "好的", "2014-08-20", "2014-08-21"],
            [6, "好的", "2014-08-20", "2014-08-21"]]
    parsed = parse_file(xlsx(rows), "专项活动.xlsx")
    assert (parsed.rows_seen, parsed.rows_rejected, parsed.rows_duplicate, parsed.rows_accepted) == (6, 4, 1, 1)
    where = "文件「专项活动.xlsx」，工作表「Sheet1」，"
    assert [i.message("zh") for i in parsed.issues] == [
        where + "第 2 行，B 列「活动名称」：名称为空，本行未导入。",
        where + "第 3 行，C 列「开始日期」：日期「2014-13-45」无法识别"
                "（可写 2014-07-01、2014/7/1、2014年7月、2014.07）。本行未导入。",
        where + "第 4 行，D 列「结束日期」：结束日期 2014-08-01 早于开始日期 2014-08-20，本行未导入。",
        where + "第 5 行，D 列「结束日期」：结束日期为空，本行未导入。",
        where + "第 7 行：与第 6 行完全相同，只计一次。",
    ]


def test_a_missing_column_refuses_the_file_naming_it():
    rows = {"说明": [["本表填写说明"]],
            "活动": [["2014年专项活动"], ["名称", "开始日期", "备注"], ["国庆", "2014-09-20", ""]]}
    with pytest.raises(ImportRefused) as exc:
        parse_file(xlsx(rows), "专项活动.xlsx")
    assert exc.value.issue.message("zh") == (
        "文件「专项活动.xlsx」，工作表「活动」，第 2 行：表头中没有「结束日期」列"
        "（也认：结束日期、结束时间、截止日期、截止时间、结束、截止）。"
        "专项活动表需要 名称、开始日期、结束日期 三列，备注可不填。")


def test_kind_campaign_without_a_campaign_header_is_refused():
    with pytest.raises(ImportRefused) as exc:
        parse_file(xlsx([["姓名", "单位"], ["张三", "甲单位"]]), "x.xlsx", kind="campaign")
    assert exc.value.issue.code == "err.campaign_no_header"
    assert "名称、开始日期、结束日期" in exc.value.issue.message("zh")


def test_a_sheet_with_names_of_people_is_never_taken_for_campaigns():
    rows = [["姓名", "单位", "开始日期", "结束日期"], ["张三", "甲单位", "2014-09-01", "2014-09-30"]]
    assert parse_file(xlsx(rows), "x.xlsx").kind == "roster"


def test_demo_has_two_campaigns_inside_its_months(tmp_path):
    paths = demo.write_samples(tmp_path)
    parsed = [parse_file(p.read_bytes(), p.name) for p in paths]
    found = [p for p in parsed if p.kind == "campaign"]
    assert len(found) == 1 and found[0].errors == [] and len(found[0].records) == 2
    activity_months = {m for p in parsed if p.kind == "activity" for m in p.months}
    for starts, ends in zip(found[0].records["starts"], found[0].records["ends"], strict=True):
        assert starts.replace(day=1) in activity_months and ends.replace(day=1) in activity_months


# --- bands on the charts -------------------------------------------------------------------------------

def bars(xs: list) -> go.Figure:
    return go.Figure(go.Bar(x=xs, y=[1] * len(xs)))


def frame(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame([(n, s, e, None) for n, s, e in rows], columns=["name", "starts", "ends", "note"])


def bands(fig: go.Figure) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    return [(pd.Timestamp(s.x0), pd.Timestamp(s.x1)) for s in fig.layout.shapes]


def test_month_band_covers_whole_bars_of_the_months_touched():
    months = [D(2014, m, 1) for m in (5, 6, 7, 8, 9)]
    fig = charts.campaign_bands(bars(months), frame(("七一", D(2014, 6, 25), D(2014, 7, 5))), "month", "zh")
    # From halfway between May and June to halfway between July and August.
    assert bands(fig) == [(pd.Timestamp("2014-05-16 12:00"), pd.Timestamp("2014-07-16 12:00"))]
    assert fig.layout.shapes[0].layer == "below"  # behind the bars, never over them
    assert [a.text for a in fig.layout.annotations] == ["七一"]
    assert "2014-06-25 至 2014-07-05" in fig.layout.annotations[0].hovertext


def test_band_is_cut_to_the_chart_and_a_campaign_off_it_is_left_out():
    months = [D(2014, m, 1) for m in (7, 8, 9)]
    campaigns_ = frame(("国庆", D(2014, 9, 20), D(2014, 10, 7)), ("春节", D(2014, 1, 20), D(2014, 2, 7)))
    fig = charts.campaign_bands(bars(months), campaigns_, "month", "zh")
    assert bands(fig) == [(pd.Timestamp("2014-08-16 12:00"), pd.Timestamp("2014-09-16"))]
    assert [a.text for a in fig.layout.annotations] == ["国庆"]


def test_week_and_day_bands():
    mondays = [D(2014, 9, 1) + dt.timedelta(weeks=i) for i in range(5)]
    fig = charts.campaign_bands(bars(mondays), frame(("国庆", D(2014, 9, 20), D(2014, 9, 30))), "week", "zh")
    # 20 Sep is in the week of 15 Sep, 30 Sep in the week of 29 Sep (the last bar).
    assert bands(fig) == [(pd.Timestamp("2014-09-11 12:00"), pd.Timestamp("2014-10-02 12:00"))]
    days = [D(2014, 9, d) for d in range(1, 31)]
    fig = charts.campaign_bands(bars(days), frame(("国庆", D(2014, 9, 20), D(2014, 9, 30))), "day", "zh")
    assert bands(fig) == [(pd.Timestamp("2014-09-19 12:00"), pd.Timestamp("2014-09-30 12:00"))]


def test_calendar_outlines_the_campaigns_days_week_by_week():
    days = pd.DataFrame({"day": pd.date_range("2014-09-01", "2014-09-30")})
    days["actions"] = 1
    days["weekday"] = days["day"].dt.day_of_week
    days["week"] = (days["day"] - pd.to_timedelta(days["weekday"], unit="D")).dt.date
    fig = charts.campaign_bands(charts.calendar_heatmap(days, "zh"),
                                frame(("国庆", D(2014, 9, 20), D(2014, 9, 30))), "calendar", "zh")
    # Columns are the weeks of 1, 8, 15, 22, 29 Sep; rows Monday (0) to Sunday (6).
    cells = [(s.x0 + 0.5, s.y0 + 0.5, s.y1 - 0.5) for s in fig.layout.shapes]
    assert cells == [(2, 5, 6), (3, 0, 6), (4, 0, 1)]  # Sat–Sun, the whole week, Mon–Tue


def test_close_labels_go_on_separate_rows():
    months = [D(2014, m, 1) for m in range(1, 13)]
    close = frame(("第一个很长的专项活动名称", D(2014, 3, 1), D(2014, 3, 5)),
                  ("第二个很长的专项活动名称", D(2014, 4, 1), D(2014, 4, 5)))
    fig = charts.campaign_bands(bars(months), close, "month", "zh")
    assert sorted(a.yshift for a in fig.layout.annotations) == [2, 2 + 19]
    assert fig.layout.margin.t > 10 + 2 * 19  # room above the plot for both rows


# --- pages ---------------------------------------------------------------------------------------------

@pytest.fixture
def app(tmp_path, monkeypatch):
    def make(script: str):
        at = app_for(script, tmp_path, monkeypatch)
        con = store.connect(tmp_path / "small.duckdb")
        campaigns.add(con, "八月专项", D(2014, 8, 5), D(2014, 8, 15))  # inside July–August
        campaigns.add(con, "三月专项", D(2014, 3, 1), D(2014, 3, 10))  # before any data
        con.close()
        return at
    yield make
    ui.shell._connection.clear()


def figure(at, key: str) -> dict:
    chart = next(c for c in at.get("plotly_chart") if json.loads(c.proto.spec)["layout"] and key in c.proto.id)
    return json.loads(chart.proto.spec)


def test_activity_trend_has_a_band_for_the_campaign_in_the_period_only(app):
    at = app("pages/activity.py")
    at.run()
    assert not at.exception
    layout = figure(at, "activity_trend")["layout"]
    assert [a["text"] for a in layout["annotations"]] == ["八月专项"]
    (shape,) = layout["shapes"]
    # The August bar, from halfway after July to halfway before September.
    assert (pd.Timestamp(shape["x0"]), pd.Timestamp(shape["x1"])) == (
        pd.Timestamp("2014-07-16 12:00"), pd.Timestamp("2014-08-16 12:00"))


def test_overview_trend_has_the_band(app):
    at = app("app.py")
    at.run()
    assert not at.exception
    layout = figure(at, "monthly_trend")["layout"]
    assert [a["text"] for a in layout["annotations"]] == ["八月专项"]


def test_data_page_form_adds_and_deletes_a_campaign(app, tmp_path):
    at = app("pages/data.py")
    at.run()
    assert not at.exception
    assert "专项活动" in [t.label for t in at.tabs]
    at.text_input(key="camp_name_0").set_value("国庆65周年网络宣传")
    at.date_input(key="camp_starts_0").set_value(D(2014, 10, 7))
    at.date_input(key="camp_ends_0").set_value(D(2014, 9, 20))
    next(b for b in at.button if b.label == "保存").click().run()
    assert [e.value for e in at.error] == ["结束日期 2014-09-20 早于开始日期 2014-10-07，请检查。"]
    at.date_input(key="camp_starts_0").set_value(D(2014, 9, 20))
    at.date_input(key="camp_ends_0").set_value(D(2014, 10, 7))
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.exception and not at.error
    assert any("已登记专项活动「国庆65周年网络宣传」" in s.value for s in at.success)
    con = store.connect(tmp_path / "small.duckdb")
    assert ("国庆65周年网络宣传", D(2014, 9, 20), D(2014, 10, 7)) in campaigns.existing_keys(con)
    cid = store.scalar(con, "SELECT campaign_id FROM campaigns WHERE name = '国庆65周年网络宣传'")
    con.close()

    at.selectbox(key="camp_pick").set_value(cid).run()
    delete = at.button(key=f"camp_delete_{cid}")
    assert delete.disabled  # guarded: nothing happens before the box is ticked
    at.checkbox(key=f"camp_sure_{cid}").check().run()
    at.button(key=f"camp_delete_{cid}").click().run()
    assert not at.exception
    assert any("已删除专项活动「国庆65周年网络宣传」" in s.value for s in at.success)
    con = store.connect(tmp_path / "small.duckdb")
    assert {k[0] for k in campaigns.existing_keys(con)} == {"八月专项", "三月专项"}
    con.close()


def test_data_page_uploads_a_campaign_file_and_undoes_it(app, tmp_path):
    at = app("pages/data.py")
    at.run()
    at.file_uploader[0].set_value([("2014年专项活动.xlsx", xlsx(GOOD),
                                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]).run()
    assert not at.exception
    assert "识别为：专项活动" in [c.value for c in at.caption]
    assert "确认后将登记 3 个新的专项活动。" in [i.value for i in at.info]
    preview = next(d.value for d in at.dataframe if "导入后" in d.value.columns)
    assert preview["名称"].tolist() == ["国庆65周年网络宣传", "七一主题宣传", "清朗行动"]
    assert preview["结束日期"].tolist() == ["2014-10-07", "2014-07-31", "2014-08-20"]
    con = store.connect(tmp_path / "small.duckdb")
    assert count(con) == 2  # preview first: nothing written yet
    con.close()

    next(b for b in at.button if b.label == "确认导入").click().run()
    assert not at.exception
    assert any("批次 #4" in s.value and "专项活动" in s.value for s in at.success)
    listed = next(d.value for d in at.dataframe if "来源" in d.value.columns)
    assert (listed["来源"] == "文件导入（批次 #4）").sum() == 3

    at.selectbox(key="dp_batch").set_value(4).run()
    assert any("这个批次登记的专项活动从列表和趋势图上删除" in c.value for c in at.caption)
    at.checkbox(key="dp_undo_sure_4").check().run()
    at.button(key="dp_undo_4").click().run()
    assert not at.exception
    con = store.connect(tmp_path / "small.duckdb")
    assert {k[0] for k in campaigns.existing_keys(con)} == {"八月专项", "三月专项"}
    con.close()


# --- in a real browser -----------------------------------------------------------------------------------

@pytest.mark.browser
def test_demo_campaigns_are_drawn_in_the_browser(tmp_path, browser):
    """The demo's two campaigns as plotly.js draws them: bands under the monthly bars, names above the
    plot; on the calendar the September one's days outlined."""
    with serving(demo_database(tmp_path / "demo.duckdb")) as server, offline_page(browser) as page:
        open_page(page, f"{server.url}/activity")
        assert_no_exception(page)
        wait_charts_drawn(page, 3)
        trend, _, calendar = page.locator('[data-testid="stPlotlyChart"]').all()
        names = [c[0] for c in demo.CAMPAIGNS]
        expect(trend.locator(".annotation-text")).to_have_text(names)
        expect(trend.locator(".layer-below .shapelayer path")).to_have_count(2)
        expect(calendar.locator(".annotation-text")).to_have_text(names[1:])
        expect(calendar.locator(".layer-above .shapelayer path")).to_have_count(3)  # 3 weeks of days
        ARTIFACTS.mkdir(exist_ok=True)
        full_screenshot(page, ARTIFACTS / "activity-campaigns.png")
