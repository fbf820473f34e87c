"""The 数据 page: upload → preview → confirm, refused files, re-uploads, history with undo, error reports,
no phone number on screen, data-quality lists, templates; and the core helpers behind it."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from streamlit.testing.v1 import AppTest

import ui.shell
from outreach import data_admin, store, templates
from outreach.filters import Filters
from outreach.ingest import load
from outreach.ingest.issues import Issue
from outreach.ingest.parse import parse_file
from outreach.privacy import mask_name, mask_phone, mask_text
from outreach.queries import QueryRunner
from tests.apptest_text import everything
from tests.fixtures import docx_zip, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PHONE = re.compile(r"1[3-9]\d{9}")

ROSTER = [
    ["2014年7月网宣员花名册"],
    ["姓名", "单位", "县区", "角色", "手机号码", "微信名"],
    ["张三", "甲单位", "东县", "骨干", "13812345678", "zs"],
    ["李四", "甲单位", "东县", "", 13987654321, ""],  # a phone stored as a number
    ["王五", "乙单位", "西县", "联络员", "138123456789", ""],  # 12 digits: invalid, warned, never shown
    ["赵六", "乙单位", "西县", "", "15900001111", "zl"],
]
ACTIVITY = [
    ["2014年7月工作量统计表"],
    ["姓名", "单位", "转发微信（条）", "网络评论（条）"],
    ["张三", "甲单位", 3, ""],
    ["赵六", "乙单位", "", 2],
    ["孙八", "乙单位", 1, ""],  # on no roster: imported, flagged unmatched
]
BAD_ACTIVITY = [
    ["2014年8月工作量统计表"],
    ["姓名", "单位", "转发微信（条）"],
    ["张三", "甲单位", "很多"],  # refused row: not a count
    ["赵六", "乙单位", 2],
]


# --- helpers -----------------------------------------------------------------------------------------

@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "page.duckdb"
    monkeypatch.setenv("OUTREACH_DB", str(path))
    ui.shell._connection.clear()
    yield path
    ui.shell._connection.clear()


def open_page() -> AppTest:
    at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/data.py")  # run as Streamlit runs pages: relative to the entry script
    at.run()
    assert not at.exception, at.exception
    return at


def read(path: Path) -> duckdb.DuckDBPyConnection:
    """The DuckDB file itself (same settings as the app's connection: DuckDB shares one instance per
    file within a process and refuses a second one with other settings)."""
    return duckdb.connect(str(path))


def counts(path: Path) -> dict[str, int]:
    """Row counts of the tables an import writes."""
    con = read(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("batches", "roster_rows", "members", "activity", "batch_issues")}
    finally:
        con.close()


def active_batches(path: Path) -> int:
    con = read(path)
    try:
        return con.execute("SELECT count(*) FROM batches WHERE status = 'active'").fetchone()[0]
    finally:
        con.close()


def preload(path: Path, *files: tuple[str, bytes]) -> None:
    con = store.connect(path)
    for name, data in files:
        load.import_bytes(con, data, name, user="test")
    con.close()


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, data, XLSX) for name, data in files]).run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label.startswith(label)]
    assert found, f"no button {label!r} among {[b.label for b in at.button]}"
    return found[0]


# --- the page ------------------------------------------------------------------------------------------

def test_runs_on_an_empty_database(db):
    at = open_page()
    assert [t.label for t in at.tabs] == ["上传", "导入记录", "数据质量", "专项活动", "模板"]
    assert len(at.file_uploader) == 1
    assert at.file_uploader[0].accept_multiple_files
    assert set(at.file_uploader[0].allowed_type) >= {".xlsx", ".xls", ".csv", ".xlsm"}
    assert any("还没有导入" in i.value for i in at.info)
    assert [b.label for b in at.download_button] == ["下载 花名册模板.xlsx", "下载 工作台账模板.xlsx",
                                                     "下载 专项活动模板.xlsx", "下载题目清单（问卷题目清单.txt）"]
    assert not at.error


def test_roster_then_activity_are_previewed_confirmed_and_written(db):
    at = open_page()
    upload(at, ("花名册.xlsx", xlsx(ROSTER)))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["可导入（行）"] == "4"
    assert metrics["拒绝（行）"] == "0"
    assert metrics["需留意（行）"] == "1"  # 王五's 12-digit phone
    assert any("新增 4 人" in i.value for i in at.info)
    assert counts(db)["batches"] == 0  # preview first: nothing written yet

    button(at, "确认导入").click().run()
    assert not at.exception
    assert any("批次 #1" in s.value and "花名册.xlsx" in s.value for s in at.success)
    assert not [b for b in at.button if b.label == "确认导入"]  # the uploader was cleared
    after_roster = counts(db)
    assert after_roster["batches"] == 1 and after_roster["members"] == 4

    at = open_page()
    upload(at, ("7月.xlsx", xlsx(ACTIVITY)))
    assert any("1 行在花名册中找不到" in w.value for w in at.warning)
    button(at, "确认导入").click().run()
    assert any("批次 #2" in s.value for s in at.success)
    after = counts(db)
    assert after["batches"] == 2
    assert after["activity"] == 3  # 张三 repost, 赵六 comment, 孙八 repost (unmatched, still counted)
    assert after["members"] == 4


def test_two_files_confirmed_together_go_in_roster_first(db):
    at = open_page()
    upload(at, ("7月.xlsx", xlsx(ACTIVITY)), ("花名册.xlsx", xlsx(ROSTER)))
    button(at, "全部确认导入（2 个文件）").click().run()
    assert not at.exception
    assert len([s for s in at.success if s.value.startswith("已导入")]) == 2
    con = read(db)
    kinds = con.execute("SELECT kind FROM batches ORDER BY batch_id").fetchall()
    unmatched = con.execute("SELECT count(*) FROM activity WHERE match <> 'matched'").fetchone()[0]
    con.close()
    assert kinds == [("roster",), ("activity",)]
    assert unmatched == 1  # only 孙八: the roster was in before the log


def test_a_refused_file_shows_an_error_naming_it_and_writes_nothing(db):
    preload(db, ("花名册.xlsx", xlsx(ROSTER)))
    before = counts(db)
    at = open_page()
    upload(at, ("名单.xlsx", docx_zip()))
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert "名单.xlsx" in errors[0] and "不是电子表格" in errors[0]
    assert not at.metric  # nothing else for that file
    assert not [b for b in at.button if b.label == "确认导入"]
    assert counts(db) == before


def test_a_missing_month_is_fixed_by_picking_one(db):
    rows = [["姓名", "单位", "转发微信（条）"], ["张三", "甲单位", 3]]
    at = open_page()
    upload(at, ("台账.xlsx", xlsx(rows)))
    assert any("没有找到统计月份" in e.value for e in at.error)
    picker = next(s for s in at.selectbox if s.label == "统计月份")
    picker.set_value(dt.date(2014, 8, 1)).run()
    assert not at.exception
    assert not at.error
    assert {m.label: m.value for m in at.metric}["可导入（行）"] == "1"
    button(at, "确认导入").click().run()
    con = read(db)
    assert con.execute("SELECT DISTINCT month FROM activity").fetchall() == [(dt.date(2014, 8, 1),)]
    assert con.execute("SELECT period_source FROM batches").fetchall() == [("given",)]
    con.close()


def test_a_file_already_imported_cannot_be_confirmed_again(db):
    data = xlsx(ROSTER)
    preload(db, ("花名册.xlsx", data))
    at = open_page()
    upload(at, ("花名册（副本）.xlsx", data))
    assert any("已于" in w.value and "批次 #1" in w.value for w in at.warning)
    assert button(at, "确认导入").disabled
    assert counts(db)["batches"] == 1


def test_an_activity_upload_says_which_months_it_replaces(db):
    preload(db, ("花名册.xlsx", xlsx(ROSTER)), ("七月旧.xlsx", xlsx(ACTIVITY)))
    changed = [row[:] for row in ACTIVITY]
    changed[2][2] = 5
    at = open_page()
    upload(at, ("七月新.xlsx", xlsx(changed)))
    # The file carries reposts and comments: 甲单位's July reposts, 乙单位's July reposts and comments.
    assert any("将替换 3 组" in i.value for i in at.info)
    table = next(d.value for d in at.dataframe if "原文件" in d.value.columns)
    assert set(table["原文件"]) == {"七月旧.xlsx"}
    assert sorted(table["将替换"]) == [
        "将替换 东县 / 甲单位 2014年07月 的「转发」记录 1 条",
        "将替换 西县 / 乙单位 2014年07月 的「评论」记录 1 条",
        "将替换 西县 / 乙单位 2014年07月 的「转发」记录 1 条",
    ]


def test_the_error_report_is_offered_for_download(db):
    at = open_page()
    upload(at, ("8月.xlsx", xlsx(BAD_ACTIVITY)))
    assert {m.label: m.value for m in at.metric}["拒绝（行）"] == "1"
    report = next(b for b in at.download_button if b.label == "下载问题清单（Excel）")
    # The button serves exactly the workbook data_admin builds (tested below): Streamlit names a
    # download after a hash of its bytes, MIME type and file name.
    expected = data_admin.error_report_xlsx(parse_file(xlsx(BAD_ACTIVITY), "8月.xlsx").issues, "8月.xlsx", "zh")
    assert _calculate_file_id(expected, XLSX, "8月_问题清单.xlsx") in report.proto.url
    issues = next(d.value for d in at.dataframe if "说明" in d.value.columns)
    assert list(issues["行"]) == [3] and "很多" in issues["说明"].iloc[0]


def test_undo_from_the_history_reverts_the_batch(db):
    preload(db, ("花名册.xlsx", xlsx(ROSTER)))
    before = counts(db)
    preload(db, ("7月.xlsx", xlsx(ACTIVITY)))
    assert counts(db)["activity"] == 3
    at = open_page()
    history = next(d.value for d in at.dataframe if "导入时间" in d.value.columns)
    assert list(history["批次"]) == [2, 1]  # newest first
    at.selectbox(key="dp_batch").set_value(2).run()
    undo = button(at, "撤销")
    assert undo.disabled  # the confirmation step comes first
    at.checkbox(key="dp_undo_sure_2").check().run()
    button(at, "撤销").click().run()
    assert not at.exception
    assert any("已撤销批次 #2" in s.value for s in at.success)
    after = counts(db)
    assert after["activity"] == before["activity"] == 0
    assert after["members"] == before["members"]
    assert active_batches(db) == 1


def test_no_phone_number_appears_anywhere_on_the_page(db):
    preload(db, ("旧花名册.xlsx", xlsx([*ROSTER[:2], ["张三", "丙单位", "南县", "", "13812345678", ""]])))
    at = open_page()
    upload(at, ("花名册.xlsx", xlsx(ROSTER)))
    for expander in at.expander:
        expander.proto.expanded = True
    text = everything(at)
    assert "张三" in text  # the preview is there
    assert "138****5678" in text  # masked, not missing
    assert not PHONE.findall(text)


def test_data_quality_lists(db):
    roster = [*ROSTER, ["张三", "乙单位", "西县", "", "13812345678", "zs2"]]  # same name + phone, two units
    preload(db, ("花名册.xlsx", xlsx(roster)), ("7月.xlsx", xlsx(ACTIVITY)))
    at = open_page()
    tables = {tuple(d.value.columns): d.value for d in at.dataframe}
    unmatched = next(v for k, v in tables.items() if "同名人员所在单位" in k)
    assert list(unmatched["姓名"]) == ["孙八"]
    dupes = next(v for k, v in tables.items() if "登记单位" in k)
    assert list(dupes["姓名"]) == ["张三"] and list(dupes["手机号"]) == ["138****5678"]
    gaps = next(v for k, v in tables.items() if "缺微信名" in k)
    assert set(gaps["单位"]) == {"甲单位", "乙单位"}
    assert not PHONE.findall(everything(at))


# --- core helpers ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "masked"), [
    ("13812345678", "138****5678"),
    (13812345678, "138****5678"),
    (13812345678.0, "138****5678"),
    ("138123456789", "138*****6789"),
    ("1381234567", "138*****67"),
    ("+86 138 1234 5678", "+86 138****5678"),  # typed in groups: still a phone
    (None, ""),
    ("", ""),
])
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(("value", "masked"), [("张晓明", "张*明"), ("张明", "张*"), ("欧阳晓明", "欧**明"),
                                               ("张", "张"), (None, "")])
def test_mask_name(value, masked):
    assert mask_name(value) == masked


def test_mask_text_leaves_dates_and_counts_alone():
    assert mask_text("电话 13812345678，日期 20140801，数量 41852") == "电话 138****5678，日期 20140801，数量 41852"


def test_issue_messages_mask_the_phone_they_quote():
    issue = Issue("warn.bad_phone", "warning", "a.xlsx", "Sheet1", 5, 4, "手机号码", {"value": "138123456789"})
    frame = data_admin.issues_frame([issue], "zh")
    assert "138*****6789" in frame["说明"].iloc[0]
    assert not PHONE.search(frame.to_string())


def test_error_report_workbook_lists_every_issue():
    parsed = parse_file(xlsx(BAD_ACTIVITY), "8月.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data_admin.error_report_xlsx(parsed.issues, "8月.xlsx", "zh")))
    ws = book.active
    assert [c.value for c in ws[2]] == ["类别", "工作表", "行", "列", "说明"]
    assert ws[2][0].font.b
    assert ws.max_row == 2 + len(parsed.issues)
    assert ws["C3"].value == 3 and "很多" in ws["E3"].value
    assert data_admin.report_file_name("8月.xlsx", "zh") == "8月_问题清单.xlsx"


def test_parse_upload_turns_a_refusal_into_a_value():
    outcome = data_admin.parse_upload(b"", "空.xlsx")
    assert outcome.parsed is None and outcome.refused.code == "err.empty_file"
    assert "空.xlsx" in data_admin.refusal_message(outcome.refused, "zh")


def test_detected_period_names_its_source():
    outcome = data_admin.parse_upload(xlsx(ACTIVITY), "a.xlsx")
    assert data_admin.detected_period(outcome, "zh") == "2014年07月（来自标题）"
    given = data_admin.parse_upload(xlsx(ACTIVITY[1:]), "a.xlsx", period=dt.date(2014, 9, 1))
    assert data_admin.detected_period(given, "zh") == "2014年09月（来自手动选择）"
    roster = data_admin.parse_upload(xlsx(ROSTER[1:]), "r.xlsx")
    text = data_admin.detected_period(roster, "zh", today=dt.date(2025, 3, 9))
    assert text == "未找到，按导入当月（2025年03月）记"


def test_month_options_newest_first():
    months = data_admin.month_options(dt.date(2025, 3, 9), years_back=1)
    assert months[0] == dt.date(2026, 12, 1) and months[-1] == dt.date(2024, 1, 1) and len(months) == 36


def test_import_order_puts_rosters_first():
    files = [parse_file(xlsx(ACTIVITY), "b.xlsx"), parse_file(xlsx(ROSTER), "r.xlsx")]
    assert [p.file_name for p in data_admin.import_order(files)] == ["r.xlsx", "b.xlsx"]


def test_records_preview_masks_and_translates():
    parsed = parse_file(xlsx(ROSTER), "r.xlsx")
    frame = data_admin.records_preview(parsed, "zh")
    assert list(frame["手机号"][:2]) == ["138****5678", "139****4321"]
    assert frame["角色"].iloc[0] == "骨干"
    assert not PHONE.search(frame.to_string())


@pytest.mark.parametrize("name", list(templates.TEMPLATES))
def test_templates_parse_as_their_kind_and_ship_in_the_repo(name):
    data = templates.TEMPLATES[name]()
    parsed = parse_file(data, name)
    assert parsed.kind == {templates.ROSTER_TEMPLATE: "roster", templates.CAMPAIGN_TEMPLATE: "campaign"}.get(
        name, "activity")
    assert parsed.errors == [] and parsed.rows_accepted >= 1
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    headers = [c.value for c in ws[1]]
    assert tuple(headers) in (templates.ROSTER_HEADERS, templates.ACTIVITY_HEADERS, templates.CAMPAIGN_HEADERS)
    assert all(c.font.b for c in ws[1])
    assert (templates.TEMPLATE_DIR / name).read_bytes() == data  # regenerate: write_templates()


def test_write_templates(tmp_path):
    paths = templates.write_templates(tmp_path)
    assert sorted(p.name for p in paths) == sorted(templates.TEMPLATES)


def test_quality_queries_follow_the_filters(tmp_path):
    con = store.connect(tmp_path / "q.duckdb")
    roster = [*ROSTER, ["张三", "乙单位", "西县", "", "13812345678", ""]]
    for name, data in (("r.xlsx", xlsx(roster)), ("a.xlsx", xlsx(ACTIVITY))):
        load.import_bytes(con, data, name)
    q = QueryRunner(con, cache=False)
    assert len(data_admin.unmatched_activity(q, Filters(), "zh")) == 1
    assert data_admin.unmatched_activity(q, Filters(units=("东县/甲单位",)), "zh").empty
    aug = Filters(dt.date(2014, 8, 1), dt.date(2014, 8, 1))
    assert data_admin.unmatched_activity(q, aug, "zh").empty
    assert len(data_admin.duplicate_members(q, Filters(units=("东县/甲单位",)), "zh")) == 1  # either unit selects it
    assert data_admin.duplicate_members(q, Filters(counties=("北县",)), "zh").empty
    gaps = data_admin.member_gaps(q, Filters(), "zh")
    assert isinstance(gaps, pd.DataFrame) and set(gaps["单位"]) == {"甲单位", "乙单位"}
    con.close()


def test_namesakes_in_many_units_are_named_five_and_counted(db):
    """A common name has namesakes in thousands of units at province scale: the unmatched list names the
    first five units (by key) and says how many there are, in one readable cell."""
    roster = [["姓名", "单位", "县区", "角色", "手机号码", "微信名"]]
    roster += [["孙八", f"{i}号单位", "东县", "", f"1380000000{i}", ""] for i in range(1, 8)]  # seven namesakes
    roster += [["赵六", "乙单位", "西县", "", "15900001111", "zl"]]
    log = [["2014年7月工作量统计表"], ["姓名", "单位", "县区", "转发微信（条）"], ["孙八", "乙单位", "西县", 1]]
    preload(db, ("花名册.xlsx", xlsx(roster)), ("7月.xlsx", xlsx(log)))
    con = store.connect(db)
    try:
        df = data_admin.unmatched_activity(QueryRunner(con, cache=False), Filters(), "zh")
    finally:
        con.close()
    first_five = "、".join(f"东县/{i}号单位" for i in range(1, 6))
    assert df["同名人员所在单位"].tolist() == [f"{first_five}等7个单位"]
