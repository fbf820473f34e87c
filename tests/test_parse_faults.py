"""Parser-level faults of issue #10: total rows, the roster's date, out-of-range dates and counts,
section lines and placeholder counts. Every file is built here; every expected figure is counted by
hand from the rows written above it."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.ingest import load
from outreach.ingest.header import is_total_row, read_context, section_line
from outreach.ingest.issues import ImportRefused
from outreach.ingest.parse import parse_file
from outreach.ingest.parsed_file import DEFAULT_MAX_COUNT, max_count

try:
    from tests import fixtures as fx
except ImportError:  # tests/ on sys.path instead of the repo root
    import fixtures as fx

D = dt.date
TODAY = D(2024, 6, 15)  # "today": June 2024 is the last month a date may fall in
JUNE_2014 = D(2014, 6, 1)
AUG = D(2014, 8, 1)


def refused(data: bytes, file_name: str, **kwargs) -> ImportRefused:
    with pytest.raises(ImportRefused) as exc:
        parse_file(data, file_name, **kwargs)
    return exc.value


def where(parsed) -> list[tuple]:
    return [(i.code, i.severity, i.sheet, i.row, i.col) for i in parsed.issues]


# =================================================================================================
# 1. Total rows and names that are counts or labels
# =================================================================================================

COUNTY_SHEET = [
    ["序号", "姓名", "单位", "职务"],
    [1, "张三", "城南镇团委", "干事"],
    [2, "李四", "城南镇团委", None],
    ["合计", "200人", None, None],  # the head count under 姓名: the row that imported "200人"
]


def test_total_row_with_the_head_count_under_the_name_is_skipped_on_every_sheet():
    data = fx.xlsx({"福安市": COUNTY_SHEET, "寿宁县": COUNTY_SHEET})
    parsed = parse_file(data, "各县区花名册.xlsx")
    assert fx.table(parsed.records, ["county", "unit", "name", "row_no"]) == [
        ("福安市", "城南镇团委", "张三", 2), ("福安市", "城南镇团委", "李四", 3),
        ("寿宁县", "城南镇团委", "张三", 2), ("寿宁县", "城南镇团委", "李四", 3),
    ]
    assert "200人" not in set(parsed.records["name"])
    assert (parsed.rows_seen, parsed.rows_rejected, parsed.issues) == (4, 0, [])


@pytest.mark.parametrize(
    "total_row",
    [
        ["合计", "200人", None, None],
        ["小计", "15", None, None],
        ["总计", None, None, 215],
        ["共计", "共215名", None, None],
        [None, "合计：200人", None, None],
        [None, None, "小计", 2],  # name blank: 小计 written under 单位, among the first three filled cells
        [" 合 计 ", "２００人", None, None],  # spaced and full-width
        ["TOTAL", 200, None, None],
    ],
    ids=["heji", "xiaoji", "zongji", "gongji", "in-name", "under-unit", "spaced", "total"],
)
def test_total_words_in_a_leading_cell_mark_a_total_row(total_row):
    rows = [COUNTY_SHEET[0], COUNTY_SHEET[1], total_row]
    parsed = parse_file(fx.xlsx(rows), "花名册.xlsx", kind="roster", period=JUNE_2014)
    assert fx.table(parsed.records, ["name"]) == [("张三",)]
    assert (parsed.rows_seen, parsed.issues) == (1, [])


def test_a_total_word_past_the_leading_cells_does_not_hide_a_member():
    # 备注 is the fifth filled cell, right of 姓名: the rule reads only the leading cells.
    rows = [["序号", "姓名", "单位", "职务", "备注"], [1, "张三", "团市委", "干事", "合计3次培训"],
            [2, "Summer", "团市委", "SUM"]]
    parsed = parse_file(fx.xlsx(rows), "花名册.xlsx")
    assert fx.table(parsed.records, ["name", "position"]) == [("张三", "干事"), ("Summer", "SUM")]


NAME_ROWS = [
    ["姓名", "单位"],  # the name column first: nothing sits left of it
    ["张三", "团市委"],
    ["200人", "团市委"],
    ["共200名", "团市委"],
    ["以下空白", None],
    [15, "团市委"],
    ["同上", "团市委"],
    ["阿依古丽·买买提", "团市委"],
    ["欧阳娜娜", "团市委"],
    ["Mary Smith", "团市委"],
]


def test_a_name_that_is_a_count_or_a_label_refuses_its_row_and_says_why():
    parsed = parse_file(fx.xlsx(NAME_ROWS), "花名册.xlsx")
    assert fx.table(parsed.records, ["name", "row_no"]) == [
        ("张三", 2), ("阿依古丽·买买提", 8), ("欧阳娜娜", 9), ("Mary Smith", 10),
    ]
    assert where(parsed) == [("row.name_not_person", "error", "Sheet1", r, 0) for r in (3, 4, 5, 6, 7)]
    assert (parsed.rows_seen, parsed.rows_rejected, parsed.rows_accepted) == (9, 5, 4)
    assert parsed.issues[0].message() == (
        "文件「花名册.xlsx」，工作表「Sheet1」，第 3 行，A 列「姓名」：姓名「200人」看起来是人数或标注"
        "（如合计行的「200人」、「以下空白」），不是人名，本行未导入。"
    )
    assert parsed.issues[2].message("en") == (
        "File '花名册.xlsx', sheet 'Sheet1', row 5, column A '姓名': name '以下空白' looks like a head count "
        "or a label (such as '200人' on a total row, or '以下空白'), not a person's name; row refused."
    )


def test_a_count_as_name_is_refused_in_an_activity_log_too():
    rows = [["姓名", "单位", "转发微信（条）"], ["张三", "团市委", 3], ["200人", "团市委", 40]]
    parsed = parse_file(fx.xlsx(rows), "统计.xlsx", period=AUG)
    assert fx.table(parsed.records, ["name", "count"]) == [("张三", 3)]
    assert where(parsed) == [("row.name_not_person", "error", "Sheet1", 3, 0)]


# =================================================================================================
# 2. The roster's date
# =================================================================================================

ROSTER_HEADER = ["序号", "姓名", "职务"]
ROSTER_BODY = [[1, "张三", "干事"], [2, "李四", None]]


@pytest.mark.parametrize(
    "subtitle",
    [
        ["填报单位：福安团市委\u3000填报日期：2014年6月10日", None, None],  # one cell, ideographic space
        ["填报单位：福安团市委填报日期：2014年6月10日", None, None],  # one cell, no space at all
        ["填报单位：福安团市委", None, "填报日期：2014年6月10日"],  # two cells
        ["填报单位（盖章）：福安团市委", None, "报送日期：2014-06-10"],
    ],
    ids=["one-cell", "no-space", "two-cells", "stamp-sent"],
)
def test_a_subtitle_gives_both_the_unit_and_the_snapshot_month(subtitle):
    rows = [["福安市网宣员花名册", None, None], subtitle, ROSTER_HEADER, *ROSTER_BODY]
    parsed = parse_file(fx.xlsx(rows, merged=["A1:C1"]), "花名册.xlsx")
    assert (parsed.kind, parsed.period, parsed.period_source) == ("roster", JUNE_2014, "title")
    assert parsed.months == [JUNE_2014]
    assert fx.table(parsed.records, ["unit", "name"]) == [("福安团市委", "张三"), ("福安团市委", "李四")]


@pytest.mark.parametrize(
    ("line", "month"),
    [
        ("统计截至2014年6月30日", JUNE_2014),
        ("数据截至：2014.6.30", JUNE_2014),
        ("截止日期：20140630", JUNE_2014),
        ("截至 2014-05", D(2014, 5, 1)),
        ("填表日期：2014年7月3日", D(2014, 7, 1)),
        ("填报日期：    年  月  日", None),  # a blank form dates nothing
    ],
)
def test_filing_and_as_of_lines_date_a_roster(line, month):
    rows = [["网宣员花名册"], ["填报单位：团市委", line], ROSTER_HEADER, *ROSTER_BODY]
    parsed = parse_file(fx.xlsx(rows), "花名册.xlsx")
    assert parsed.period == month
    assert parsed.period_source == ("title" if month else None)


def test_the_as_of_date_wins_over_a_month_named_elsewhere_in_the_title():
    rows = [["2014年5月网宣员花名册"], ["填报单位：团市委 截至2014年6月30日"], ROSTER_HEADER, *ROSTER_BODY]
    assert parse_file(fx.xlsx(rows), "花名册_201404.xlsx").period == JUNE_2014


@pytest.mark.parametrize(
    "file_name", ["福安市花名册（截至2014年6月）.xlsx", "花名册_填报日期20140610.xlsx", "花名册 2014-06.xlsx"]
)
def test_the_file_name_dates_a_roster(file_name):
    data = fx.xlsx([["填报单位：团市委"], ROSTER_HEADER, *ROSTER_BODY])
    parsed = parse_file(data, file_name)
    assert (parsed.period, parsed.period_source) == (JUNE_2014, "file")


def test_a_month_picked_by_the_user_redates_the_roster():
    rows = [["填报单位：福安团市委 填报日期：2014年6月10日"], ROSTER_HEADER, *ROSTER_BODY]
    parsed = parse_file(fx.xlsx(rows), "花名册.xlsx", period=AUG)
    assert (parsed.period, parsed.period_source) == (AUG, "given")


def test_a_logs_filing_date_does_not_move_its_month():
    # Filled in on 9月3日, the log reports August: only a roster is dated by its filing day.
    rows = [["2014年8月工作量统计表"], ["填报单位：团市委 填表日期：2014年9月3日"],
            ["姓名", "转发微信（条）"], ["张三", 3]]
    parsed = parse_file(fx.xlsx(rows), "统计.xlsx")
    assert (parsed.kind, parsed.period, parsed.period_source) == ("activity", AUG, "title")
    assert fx.table(parsed.records, ["month", "unit", "count"]) == [(AUG, "团市委", 3)]


def test_the_roster_is_stored_as_a_snapshot_of_its_month(tmp_path):
    from outreach import store

    con = store.connect(tmp_path / "r.duckdb")
    rows = [["填报单位：福安团市委\u3000填报日期：2014年6月10日"], ROSTER_HEADER, *ROSTER_BODY]
    load.import_bytes(con, fx.xlsx(rows), "花名册.xlsx")
    assert con.execute("SELECT period_from, period_to, period_source FROM batches").fetchall() == [
        (JUNE_2014, JUNE_2014, "title"),
    ]
    con.close()


# =================================================================================================
# 3. Dates outside 2000-01 … this month, and absurd counts
# =================================================================================================

LOG_HEADER = ["日期", "姓名", "单位", "类型", "平台", "数量"]


def test_a_row_dated_after_this_month_or_before_2000_is_refused_and_located():
    rows = [
        LOG_HEADER,
        ["2014-07-01", "张三", "团市委", "转发", "微信", 2],
        ["2099-01-03", "张三", "团市委", "转发", "微信", 1],  # the mistyped year of the issue
        [D(2024, 6, 30), "张三", "团市委", "评论", "微博", 1],  # the last day of "this month": kept
        [D(2024, 7, 1), "张三", "团市委", "评论", "微博", 1],  # next month: refused
        ["1999-12-31", "张三", "团市委", "原创", "微信", 1],
        ["2000年1月", "张三", "团市委", "原创", "微信", 4],  # the first month accepted
    ]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx", reference=TODAY)
    assert fx.table(parsed.records, ["month", "type", "count", "row_no"]) == [
        (D(2014, 7, 1), "repost", 2, 2), (D(2024, 6, 1), "comment", 1, 4), (D(2000, 1, 1), "original", 4, 7),
    ]
    assert where(parsed) == [("row.date_out_of_range", "error", "Sheet1", r, 0) for r in (3, 5, 6)]
    assert (parsed.rows_seen, parsed.rows_rejected) == (6, 3)
    assert parsed.months == [D(2000, 1, 1), D(2014, 7, 1), D(2024, 6, 1)]  # 2099-01 is nowhere
    assert parsed.issues[0].message() == (
        "文件「log.xlsx」，工作表「Sheet1」，第 3 行，A 列「日期」：日期「2099-01-03」不在可接受的范围内"
        "（2000-01 至 2024-06，不能晚于本月），可能是年份填错了。本行未导入。"
    )
    assert parsed.issues[1].message("en") == (
        "File 'log.xlsx', sheet 'Sheet1', row 5, column A '日期': date '2024-07-01' is outside the accepted "
        "range (2000-01 to 2024-06, no later than this month); is the year mistyped? Row refused."
    )


def test_an_excel_serial_date_far_in_the_future_is_refused():
    rows = [LOG_HEADER, [41821, "张三", "团市委", "转发", "微信", 2], [60000, "张三", "团市委", "转发", "微信", 2]]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx", reference=TODAY)  # 41821 = 2014-07-01, 60000 = 2064-04-08
    assert fx.table(parsed.records, ["day", "row_no"]) == [(D(2014, 7, 1), 2)]
    assert [(i.code, i.row, i.params["value"]) for i in parsed.issues] == [("row.date_out_of_range", 3, "2064-04-08")]


def test_a_month_column_out_of_range_is_refused_in_a_wide_sheet():
    rows = [["月份", "姓名", "单位", "转发微信（条）"],
            ["2014年8月", "张三", "团市委", 3],
            ["2099年8月", "李四", "团市委", 5]]
    parsed = parse_file(fx.xlsx(rows), "统计.xlsx", reference=TODAY)
    assert fx.table(parsed.records, ["month", "name", "count"]) == [(AUG, "张三", 3)]
    assert [(i.code, i.row, i.col, i.params["value"]) for i in parsed.issues] == [
        ("row.date_out_of_range", 3, 0, "2099-08"),
    ]


WIDE = [["姓名", "单位", "转发微信（条）"], ["张三", "团市委", 3]]


@pytest.mark.parametrize(
    ("sheets", "file_name", "text"),
    [
        ({"Sheet1": [["2099年1月工作量统计表"], *WIDE]}, "统计.xlsx", "2099年1月工作量统计表"),
        ({"1999年12月": WIDE}, "统计.xlsx", "1999年12月"),
        ({"Sheet1": WIDE}, "统计_209901.xlsx", "统计_209901.xlsx"),
    ],
    ids=["title", "sheet", "file"],
)
def test_a_sheet_month_out_of_range_refuses_the_file(sheets, file_name, text):
    err = refused(fx.xlsx(sheets), file_name, reference=TODAY)
    assert err.issue.code == "err.period_out_of_range"
    assert (err.issue.sheet, err.issue.row) == (next(iter(sheets)), None)
    assert f"「{text}」中的月份" in str(err)
    assert "（2000-01 至 2024-06，不能晚于本月）" in str(err)
    # The fix the message offers works: a month picked on the page (or --period) is used instead.
    parsed = parse_file(fx.xlsx(sheets), file_name, reference=TODAY, period=AUG)
    assert fx.table(parsed.records, ["month", "count"]) == [(AUG, 3)]


def test_the_title_message_in_full():
    err = refused(fx.xlsx([["2099年1月工作量统计表"], *WIDE]), "统计.xlsx", reference=TODAY)
    assert str(err) == (
        "文件「统计.xlsx」，工作表「Sheet1」：「2099年1月工作量统计表」中的月份 2099-01 不在可接受的范围内"
        "（2000-01 至 2024-06，不能晚于本月），可能是年份填错了。"
        "请核对后重新上传，或在上传页选择月份（命令行用 --period）。"
    )


@pytest.mark.parametrize("period", [D(2099, 1, 1), D(2024, 7, 1), D(1999, 12, 1)])
def test_a_given_month_out_of_range_refuses_the_file(period):
    err = refused(fx.xlsx(WIDE), "统计.xlsx", reference=TODAY, period=period)
    assert err.issue.code == "err.given_period_out_of_range"
    assert str(err) == (
        f"文件「统计.xlsx」：所选月份 {period:%Y-%m} 不在可接受的范围内（2000-01 至 2024-06，不能晚于本月）。"
    )


def test_a_roster_dated_in_the_future_is_refused():
    rows = [["填报单位：福安团市委 填报日期：2099年6月10日"], ROSTER_HEADER, *ROSTER_BODY]
    err = refused(fx.xlsx(rows), "花名册.xlsx", reference=TODAY)
    assert err.issue.code == "err.period_out_of_range"
    assert err.issue.params["month"] == "2099-06"


def test_the_current_month_is_today_by_default():
    next_year = dt.date.today().year + 1
    err = refused(fx.xlsx([[f"{next_year}年1月工作量统计表"], *WIDE]), "统计.xlsx")
    assert err.issue.params["last"] == f"{dt.date.today():%Y-%m}"


@pytest.mark.parametrize(
    ("count", "accepted"),
    [(DEFAULT_MAX_COUNT, True), (DEFAULT_MAX_COUNT + 1, False), (13812345678, False), ("13812345678", False),
     (str(2**63), False), ("99999999999999999999999", False)],
    ids=["at-bound", "over", "phone", "phone-text", "2^63", "huge"],
)
def test_a_count_above_the_bound_refuses_the_row(count, accepted):
    rows = [LOG_HEADER,
            ["2014-07-01", "张三", "团市委", "转发", "微信", count],
            ["2014-07-02", "李四", "团市委", "评论", "微博", 2]]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx", reference=TODAY)
    expected = [("张三", DEFAULT_MAX_COUNT)] if accepted else []
    assert fx.table(parsed.records, ["name", "count"]) == [*expected, ("李四", 2)]
    assert parsed.records["count"].dtype == "int64"
    if not accepted:
        assert where(parsed) == [("row.count_too_large", "error", "Sheet1", 2, 5)]
        assert parsed.issues[0].params["max"] == DEFAULT_MAX_COUNT


def test_the_count_bound_message_names_the_cell():
    rows = [["姓名", "单位", "转发微信（条）", "网络评论（条）"],
            ["张三", "团市委", 3, 13812345678],
            ["李四", "团市委", 1, 2]]
    parsed = parse_file(fx.xlsx(rows), "统计.xlsx", period=AUG, reference=TODAY)
    assert fx.table(parsed.records, ["name", "type", "count"]) == [("李四", "repost", 1), ("李四", "comment", 2)]
    assert [i.message() for i in parsed.issues] == [
        "文件「统计.xlsx」，工作表「Sheet1」，第 2 行，D 列「网络评论（条）」：数量「13812345678」超过上限 10000"
        "（每行或每格），可能误填了电话号码等，本行未导入。"
    ]


def test_negative_counts_are_refused():
    rows = [LOG_HEADER, ["2014-07-01", "张三", "团市委", "转发", "微信", -3]]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx", reference=TODAY)
    assert parsed.records.empty
    assert where(parsed) == [("row.bad_count", "error", "Sheet1", 2, 5)]


def test_the_count_bound_is_configurable(monkeypatch):
    monkeypatch.setenv("OUTREACH_MAX_COUNT", "50")
    rows = [["姓名", "单位", "转发微信（条）"], ["张三", "团市委", 50], ["李四", "团市委", 51]]
    parsed = parse_file(fx.xlsx(rows), "统计.xlsx", period=AUG, reference=TODAY)
    assert fx.table(parsed.records, ["name", "count"]) == [("张三", 50)]
    assert [(i.code, i.row, i.params["max"]) for i in parsed.issues] == [("row.count_too_large", 3, 50)]


@pytest.mark.parametrize(("value", "bound"), [("200", 200), ("20,000", 20000), ("", DEFAULT_MAX_COUNT),
                                              ("lots", DEFAULT_MAX_COUNT), ("0", DEFAULT_MAX_COUNT),
                                              ("-5", DEFAULT_MAX_COUNT)])
def test_max_count_reads_the_environment(monkeypatch, value, bound):
    monkeypatch.setenv("OUTREACH_MAX_COUNT", value)
    assert max_count() == bound


def test_refused_rows_never_reach_the_database(tmp_path):
    from outreach import store

    con = store.connect(tmp_path / "a.duckdb")
    rows = [
        LOG_HEADER,
        ["2014-07-01", "张三", "团市委", "转发", "微信", 2],
        ["2099-01-03", "张三", "团市委", "转发", "微信", 1],
        ["2014-07-02", "张三", "团市委", "评论", "微博", str(2**63)],
    ]
    load.import_bytes(con, fx.xlsx(rows), "log.xlsx")
    assert con.execute("SELECT month, count FROM activity").fetchall() == [(D(2014, 7, 1), 2)]
    assert con.execute("SELECT max(month) FROM roster_month").fetchone()[0] in (None, D(2014, 7, 1))
    con.close()


# =================================================================================================
# 4. Section lines
# =================================================================================================

SECTION_ROWS = [
    ["宁德市网宣员花名册", None, None, None],
    ["序号", "姓名", "单位", "县区"],
    ["一、市直单位", None, None, None],
    [1, "张三", "团市委", None],  # own unit; no county yet
    [2, "李四", None, None],  # the section's unit
    ["二、蕉城区", None, None, None],
    [3, "王五", "蕉城团区委", None],  # own unit, the section's county
    [4, "赵六", None, None],  # a county section: the county stands for the unit
    ["（一）城南镇团委", None, None, None],
    [5, "钱七", None, None],  # the sub-section's unit within 蕉城区
    [6, "孙八", "七都镇团委", "福安市"],  # own cells win over both sections
    ["三、东侨", None, None, None],  # no county ending, but 东侨 is a county in this file (row 14)
    [7, "周九", None, None],
    [8, "吴十", "东侨团工委", "东侨"],
]
SECTION_EXPECTED = [
    (None, "团市委", "张三", 4),
    (None, "市直单位", "李四", 5),
    ("蕉城区", "蕉城团区委", "王五", 7),
    ("蕉城区", "蕉城区", "赵六", 8),
    ("蕉城区", "城南镇团委", "钱七", 10),
    ("福安市", "七都镇团委", "孙八", 11),
    ("东侨", "东侨", "周九", 13),
    ("东侨", "东侨团工委", "吴十", 14),
]


def test_section_lines_set_the_county_or_unit_of_the_rows_below_xlsx():
    merged = ["A1:D1", "A3:D3", "A6:D6", "A9:D9", "A12:D12"]
    parsed = parse_file(fx.xlsx(SECTION_ROWS, merged=merged), "花名册.xlsx")
    assert fx.table(parsed.records, ["county", "unit", "name", "row_no"]) == SECTION_EXPECTED
    assert (parsed.rows_seen, parsed.issues) == (8, [])


def test_section_lines_set_the_county_or_unit_of_the_rows_below_xls():
    merged = {"Sheet1": [(0, 0, 0, 3), (2, 2, 0, 3), (5, 5, 0, 3), (8, 8, 0, 3), (11, 11, 0, 3)]}
    parsed = parse_file(fx.xls(SECTION_ROWS, merged=merged), "花名册.xls")
    assert fx.table(parsed.records, ["county", "unit", "name", "row_no"]) == SECTION_EXPECTED


def test_sections_alone_can_give_the_unit():
    # No unit or county column, no subtitle: without its sections this sheet would be refused.
    rows = [["序号", "姓名", "职务"], [1, "张三", "干事"], ["一、屏南县", None, None], [2, "李四", "科员"],
            ["二、团市委机关", None, None], [3, "王五", None]]
    parsed = parse_file(fx.xlsx(rows), "花名册.xlsx")
    assert fx.table(parsed.records, ["county", "unit", "name"]) == [("屏南县", "屏南县", "李四"),
                                                                    ("屏南县", "团市委机关", "王五")]
    assert where(parsed) == [("row.missing_unit", "error", "Sheet1", 2, None)]


def test_sections_in_a_wide_log():
    rows = [["2014年8月工作量统计表"], ["姓名", "转发微信（条）"],
            ["一、蕉城区"], ["张三", 3], ["二、福安市"], ["李四", 4]]
    parsed = parse_file(fx.xlsx(rows), "统计.xlsx")
    assert fx.table(parsed.records, ["month", "county", "unit", "name", "count"]) == [
        (AUG, "蕉城区", "蕉城区", "张三", 3), (AUG, "福安市", "福安市", "李四", 4),
    ]


@pytest.mark.parametrize(
    ("row", "name"),
    [
        (["二、蕉城区", None, None], "蕉城区"),
        (["一、市直单位（12人）"], "市直单位"),
        (["（一）城南镇团委"], "城南镇团委"),
        (["(三)、七都镇"], "七都镇"),
        (["十一．福安市"], "福安市"),
        (["二、蕉城区", "二、蕉城区", None], "蕉城区"),  # a merge spread over rows fills every cell
        (["一、", None], None),
        (["1、蕉城区"], None),  # Arabic numbering is a serial, not a section
        (["二、蕉城区", 3], None),
        (["蕉城区"], None),
        ([None, None], None),
    ],
)
def test_section_line(row, name):
    assert section_line(row) == name


@pytest.mark.parametrize(
    ("row", "total"),
    [
        (["合计", "200人", None], True),
        ([None, "共计：200人", None], True),
        ([None, None, "小计", 3], True),
        ([1, "张三", "团市委", "合计"], False),
        ([1, "张三", "SUMMER"], False),
        (["Sum:", 3], True),
    ],
)
def test_is_total_row(row, total):
    assert is_total_row(row, 1) is total


def test_a_subtitle_unit_typed_against_the_next_label_ends_before_it():
    ctx = read_context([["填报单位：福安团市委填报日期：2014年6月10日联系人：林某"], ["姓名"]], 1)
    assert ctx.unit == "福安团市委"
    ctx = read_context([["填报单位：福安团市委", "联系电话：0593-1234567"], ["姓名"]], 1)
    assert ctx.unit == "福安团市委"


def test_a_blank_county_without_a_unit_column_points_at_the_county_column():
    parsed = parse_file(fx.xlsx([["姓名", "县区"], ["张三", "蕉城区"], ["李四", None]]), "花名册.xlsx")
    assert fx.table(parsed.records, ["county", "unit", "name"]) == [("蕉城区", "蕉城区", "张三")]
    assert where(parsed) == [("row.missing_unit", "error", "Sheet1", 3, 1)]


def test_a_row_with_more_than_the_heading_is_a_record():
    rows = [["姓名", "单位"], ["一、张三", "团市委"]]
    parsed = parse_file(fx.xlsx(rows), "花名册.xlsx")
    assert fx.table(parsed.records, ["unit", "name"]) == [("团市委", "一、张三")]


# =================================================================================================
# 5. Placeholder counts
# =================================================================================================


def test_placeholders_in_wide_count_cells_are_zero_and_flagged():
    rows = [
        ["姓名", "单位", "转发微信（条）", "网络评论（条）", "原创作品（篇）"],
        ["张三", "团市委", 3, "-", "—"],
        ["李四", "团市委", "／", "无", 2],
        ["王五", "团市委", "–", "/", "——"],
    ]
    parsed = parse_file(fx.xlsx(rows), "统计.xlsx", period=AUG)
    assert fx.table(parsed.records, ["name", "type", "count"]) == [("张三", "repost", 3), ("李四", "original", 2)]
    assert [(i.code, i.severity, i.row, i.col, i.params["value"]) for i in parsed.issues] == [
        ("warn.placeholder_count", "warning", 2, 3, "-"),
        ("warn.placeholder_count", "warning", 2, 4, "—"),
        ("warn.placeholder_count", "warning", 3, 2, "/"),
        ("warn.placeholder_count", "warning", 3, 3, "无"),
        ("warn.placeholder_count", "warning", 4, 2, "–"),
        ("warn.placeholder_count", "warning", 4, 3, "/"),
        ("warn.placeholder_count", "warning", 4, 4, "——"),
    ]
    assert (parsed.rows_seen, parsed.rows_rejected, parsed.rows_accepted) == (3, 0, 3)
    assert parsed.issues[0].message() == (
        "文件「统计.xlsx」，工作表「Sheet1」，第 2 行，D 列「网络评论（条）」：数量「-」按 0 计。"
    )


def test_a_placeholder_in_a_long_log_count_is_zero_and_flagged():
    rows = [LOG_HEADER,
            ["2014-07-01", "张三", "团市委", "转发", "微信", "-"],
            ["2014-07-01", "李四", "团市委", "转发", "微信", 2]]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx", reference=TODAY)
    assert fx.table(parsed.records, ["name", "count"]) == [("李四", 2)]
    assert where(parsed) == [("warn.placeholder_count", "warning", "Sheet1", 2, 5)]
    assert (parsed.rows_seen, parsed.rows_rejected) == (2, 0)
