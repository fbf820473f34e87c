"""Adjustment files (加减分表) through the import path: recognised, parsed with exact row errors, previewed,
written as one batch, skipped when uploaded twice, undone — and the 数据 page uploads one."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from streamlit.testing.v1 import AppTest

import ui.shell
from outreach import store
from outreach.evaluation import adjustments, parse, score_units
from outreach.filters import Filters
from outreach.ingest import load
from outreach.ingest.issues import ImportRefused
from outreach.ingest.parse import parse_file
from outreach.queries import QueryRunner
from tests.eval_team import RUBRIC, build_db
from tests.fixtures import xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JUL_AUG = Filters(dt.date(2014, 7, 1), dt.date(2014, 8, 1))

GOOD = [
    ["2014年考评加减分表"],
    ["单位", "期间", "分值", "原因"],
    ["乙单位", "2014年8月", 3, "舆情信息被省网信办采用"],
    ["戊单位", dt.date(2014, 7, 15), "-2分", "7月台账未按时报送"],
    ["甲单位", "2014年第三季度", 1, "季度加分：不在七八月期间内"],
    ["乙单位", "2014年8月", 3, "舆情信息被省网信办采用"],  # the same row again: counted once
    ["丙单位", "2014年8月", "很多", "分值写错"],  # refused
    ["丙单位", "明年", 1, "期间写错"],  # refused
    ["", "2014年8月", 1, "没有单位"],  # refused
    ["合计", "", 5, ""],
]
SPLIT = [["单位", "期间", "加分", "扣分", "事由"],
         ["甲单位", "2014-08", 2, None, "原创作品获评优秀"],
         ["乙单位", "2014-08", None, 1.5, "未参加培训"],
         ["无此单位", "2014-08", 1, None, "单位名称写错"]]


@pytest.fixture
def con(tmp_path_factory, tmp_path):
    source = tmp_path_factory.getbasetemp() / "adj_source.duckdb"
    if not source.exists():
        build_db(source)
    shutil.copyfile(source, tmp_path / "adj.duckdb")
    connection = store.connect(tmp_path / "adj.duckdb")
    yield connection
    connection.close()


def test_a_file_is_recognised_and_parsed_row_by_row():
    parsed = parse_file(xlsx(GOOD), "加减分.xlsx")
    assert parsed.kind == "adjustment"
    records = parsed.records[["unit", "period_from", "period_to", "points", "reason"]].values.tolist()
    assert records == [
        ["乙单位", dt.date(2014, 8, 1), dt.date(2014, 8, 1), 3.0, "舆情信息被省网信办采用"],
        ["戊单位", dt.date(2014, 7, 1), dt.date(2014, 7, 1), -2.0, "7月台账未按时报送"],
        ["甲单位", dt.date(2014, 7, 1), dt.date(2014, 9, 1), 1.0, "季度加分：不在七八月期间内"]]
    assert (parsed.rows_seen, parsed.rows_rejected, parsed.rows_duplicate) == (7, 3, 1)
    errors = {(i.row, i.col, i.header, i.code) for i in parsed.errors}
    assert errors == {(7, 2, "分值", "row.adj_bad_points"), (8, 1, "期间", "row.adj_bad_period"),
                      (9, 0, "单位", "row.missing_unit")}
    assert "第 7 行" in next(i for i in parsed.errors if i.row == 7).message("zh")


def test_bonus_and_penalty_columns():
    parsed = parse_file(xlsx(SPLIT), "加减分.xlsx")
    assert parsed.records[["unit", "points"]].values.tolist() == [["甲单位", 2.0], ["乙单位", -1.5],
                                                                   ["无此单位", 1.0]]


def test_a_file_without_a_period_column_is_refused():
    with pytest.raises(ImportRefused) as caught:
        parse_file(xlsx([["单位", "分值", "原因"], ["甲单位", 1, "x"]]), "加减分.xlsx")
    assert caught.value.issue.code == "err.adj_missing_period"
    assert "缺少「期间」列" in caught.value.issue.message("zh")


def test_rosters_and_logs_are_not_taken_for_adjustments():
    roster = parse_file(xlsx([["姓名", "单位", "原因", "分值"], ["张三", "甲单位", "x", 1]]), "r.xlsx")
    assert roster.kind != "adjustment"


def test_preview_commit_twice_and_undo(con):
    q = QueryRunner(con, cache=False)
    rubric = parse(RUBRIC)
    data = xlsx(SPLIT)
    parsed = parse_file(data, "加减分.xlsx")
    rows = load.preview(con, parsed).side_rows
    assert rows["known"].tolist() == [True, True, False]
    from outreach.ingest.adjustment_file import describe, shown

    assert describe(rows, "zh") == ("将记录 3 条加减分（加分合计 3 分，扣分合计 1.5 分）。"
                                    "其中 1 条的单位不在单位名单中，不会计入任何得分，请核对单位名称。")
    assert shown(rows, "zh")["情况"].tolist()[2] == "单位不在名单中，不计分"
    result = load.commit(con, parsed, user="王芳")
    scores = score_units(q, JUL_AUG, rubric).set_index("unit")
    assert scores.loc["甲单位", ["adjustment", "total"]].tolist() == [2.0, 73.33]
    assert scores.loc["乙单位", ["adjustment", "total", "rank"]].tolist() == [-1.5, 62.5, 3]
    again = load.commit(con, parse_file(data, "加减分（再传一次）.xlsx"))
    assert again.already and again.batch_id == result.batch_id
    assert store.scalar(con, "SELECT count(*) FROM adjustments") == 3
    batch = con.execute("SELECT kind, units, imported_by, period_from FROM batches WHERE batch_id = ?",
                        [result.batch_id]).fetchone()
    # the units by key, as every batch names them ('/无此单位': on no list, so no county is known)
    assert batch == ("adjustment", ["/无此单位", "东县/乙单位", "东县/甲单位"], "王芳", dt.date(2014, 8, 1))
    assert con.execute("SELECT unit, county FROM adjustments ORDER BY row_no").fetchall() == [
        ("甲单位", "东县"), ("乙单位", "东县"), ("无此单位", None)]
    # listed by unit key: '/无此单位' (no county known) first
    assert adjustments.listing(q, JUL_AUG)["reason"].tolist() == ["单位名称写错", "未参加培训", "原创作品获评优秀"]
    load.undo(con, result.batch_id)
    assert score_units(q, JUL_AUG, rubric).set_index("unit").loc["甲单位", "adjustment"] == 0
    # adjustments never stretch the months the data speaks for
    assert store.scalar(con, "SELECT count(*) FROM batch_coverage WHERE kind = 'adjustment'") == 0


def test_the_template_reads_back_as_an_adjustment_file():
    parsed = parse_file(adjustments.template_xlsx("zh"), "加减分模板.xlsx")
    assert parsed.kind == "adjustment" and parsed.rows_rejected == 0
    assert parsed.records["points"].tolist() == [2.0, -1.0]


def test_the_data_page_uploads_an_adjustment_file(tmp_path, monkeypatch):
    path = build_db(tmp_path / "page.duckdb")
    monkeypatch.setenv("OUTREACH_DB", str(path))
    ui.shell._connection.clear()
    try:
        at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=60)
        at.switch_page("pages/data.py")
        at.run()
        at.file_uploader[0].set_value([("加减分.xlsx", xlsx(SPLIT), XLSX)]).run()
        assert not at.exception
        assert "识别为：加减分" in "\n".join(c.value for c in at.caption)
        assert any("将记录 3 条加减分" in i.value for i in at.info)
        next(b for b in at.button if b.label == "确认导入").click().run()
        assert not at.exception
    finally:
        ui.shell._connection.clear()
    con = store.connect(path)
    assert store.scalar(con, "SELECT count(*) FROM adjustments") == 3
    con.close()


def test_a_name_two_counties_share_needs_its_county(tmp_path):
    """Two 城南镇团委 (福安市, 寿宁县; tests/eval_team.py TWIN_ROSTER): a row naming one without its 县区 is
    refused at its 县区 cell; with its 县区 it lands on that unit; a name only one county has needs none."""
    from tests.eval_team import CHENGBEI, FUAN, SHOUNING, build_twin_db

    con = store.connect(build_twin_db(tmp_path / "twin.duckdb"))
    rows = [["单位", "县区", "期间", "分值", "原因"],
            ["城南镇团委", None, "2014年8月", 3, "没写县区"],
            ["城南镇团委", "寿宁县", "2014年8月", -1, "写了县区"],
            ["城北镇团委", None, "2014年8月", 2, "名字只有一个县区有"],
            ["城南镇团委", "福鼎市", "2014年8月", 1, "县区写错"]]
    parsed = parse_file(xlsx(rows), "加减分.xlsx")
    assert parsed.rows_rejected == 0  # reading the file knows nothing of the units
    preview = load.preview(con, parsed).side_rows
    assert preview[["unit", "county", "known"]].values.tolist() == [
        ["城南镇团委", "寿宁县", True], ["城北镇团委", "福安市", True], ["城南镇团委", "福鼎市", False]]
    (refused,) = parsed.errors
    assert (refused.sheet, refused.row, refused.col, refused.header, refused.code) == (
        "Sheet1", 2, 1, "县区", "row.adj_which_county")
    assert refused.message("zh") == ("文件「加减分.xlsx」，工作表「Sheet1」，第 2 行，B 列「县区」："
                                     "有多个县区都有名为「城南镇团委」的单位（寿宁县、福安市），"
                                     "请在「县区」列写明是哪个县区的单位。本行未导入。")
    result = load.commit(con, parse_file(xlsx(rows), "加减分.xlsx"), user="王芳")
    assert result.preview.parsed.rows_rejected == 1
    assert con.execute("SELECT unit, county, points::DOUBLE, row_no FROM adjustments ORDER BY row_no").fetchall() == [
        ("城南镇团委", "寿宁县", -1.0, 3), ("城北镇团委", "福安市", 2.0, 4), ("城南镇团委", "福鼎市", 1.0, 5)]
    issues = load.batch_issues(con, result.batch_id)
    assert [(i.row, i.code) for i in issues] == [(2, "row.adj_which_county")]
    scores = score_units(QueryRunner(con, cache=False), Filters(dt.date(2014, 8, 1), dt.date(2014, 8, 1)),
                         parse(RUBRIC)).set_index("unit_key")
    assert scores["adjustment"].to_dict() == {SHOUNING: -1.0, FUAN: 0.0, CHENGBEI: 2.0}
    # without a 县区 column the refusal points at the 单位 cell
    bare = parse_file(xlsx([["单位", "期间", "分值", "原因"], ["城南镇团委", "2014年8月", 1, "x"]]), "b.xlsx")
    load.preview(con, bare)
    assert [(i.row, i.col, i.header) for i in bare.errors] == [(2, 0, "单位")]
    con.close()


def test_an_adjustment_confirmed_with_the_roster_that_names_its_unit(tmp_path):
    """Confirmed together (rosters first, one transaction), the adjustment takes the county the roster
    gives its unit; a name both counties use is refused."""
    from tests.eval_team import TWIN_ROSTER

    con = store.connect(tmp_path / "fresh.duckdb")
    rows = [["单位", "期间", "分值", "原因"], ["城北镇团委", "2014年8月", 2, "x"], ["城南镇团委", "2014年8月", 1, "y"]]
    roster, adjustment = parse_file(xlsx(TWIN_ROSTER), "花名册.xlsx"), parse_file(xlsx(rows), "加减分.xlsx")
    load.commit_many(con, [roster, adjustment])
    assert con.execute("SELECT unit, county FROM adjustments").fetchall() == [("城北镇团委", "福安市")]
    assert [(i.row, i.code) for i in adjustment.errors] == [(3, "row.adj_which_county")]
    con.close()
