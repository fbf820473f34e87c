"""parse.py end to end: small files built in memory → exact records and exactly located issues."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.ingest.header import FIELD_ALIASES, ROSTER_FIELDS, classify_header, normalise_header
from outreach.ingest.issues import ImportRefused
from outreach.ingest.parse import parse_file
from outreach.ingest.parsed_file import ACTIVITY_COLUMNS, ROSTER_COLUMNS

try:
    from tests import fixtures as fx
except ImportError:  # tests/ on sys.path instead of the repo root
    import fixtures as fx

D = dt.date
REF = D(2024, 6, 1)  # "today" for turning ages into birth years

ACT = ["month", "day", "unit", "name", "type", "platform", "count", "row_no"]
WIDE = ["month", "unit", "name", "type", "platform", "count", "row_no"]


def refused(data: bytes, file_name: str, **kwargs) -> ImportRefused:
    with pytest.raises(ImportRefused) as exc:
        parse_file(data, file_name, **kwargs)
    return exc.value


def messages(parsed) -> list[str]:
    return [i.message() for i in parsed.issues]


# =================================================================================================
# Files refused whole
# =================================================================================================


@pytest.mark.parametrize(
    ("data", "code", "text"),
    [
        (b"%PDF-1.4\n1 0 obj\n", "err.not_spreadsheet", "不是电子表格：文件内容看起来是 PDF 文档"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "err.not_spreadsheet", "不是电子表格：文件内容看起来是 PNG 图片"),
        (fx.docx_zip(), "err.not_spreadsheet", "不是电子表格：文件内容看起来是 Word 文档"),
        (bytes(range(256)) * 4, "err.not_spreadsheet", "不是电子表格：文件内容看起来是 二进制文件"),
        (b"", "err.empty_file", "文件是空的（0 字节）"),
        (fx.ole_with_encryption_streams(), "err.encrypted", "工作簿设置了打开密码，无法读取"),
        (fx.xlsx([[None]]), "err.no_sheets", "工作簿里没有任何有内容的工作表"),
    ],
    ids=["pdf", "png", "docx", "binary", "empty", "ole-encrypted", "blank-workbook"],
)
def test_file_level_refusals_name_the_file(data, code, text):
    err = refused(data, "网宣员花名册.xlsx")
    assert err.issue.code == code
    assert err.issue.severity == "error"
    assert str(err).startswith("文件「网宣员花名册.xlsx」：")
    assert text in str(err)


def test_really_encrypted_workbook_is_refused():
    pytest.importorskip("msoffcrypto")
    err = refused(fx.encrypted_xlsx([["姓名", "单位"], ["张三", "团市委"]]), "加密.xlsx")
    assert err.issue.code == "err.encrypted"
    assert str(err).startswith("文件「加密.xlsx」：工作簿设置了打开密码，无法读取。")
    assert "清空密码" in str(err)


def test_no_recognisable_header_lists_the_name_aliases():
    data = fx.xlsx({"名单": [["序", "人", "电话号"], [1, "张三", "13812345678"]]})
    err = refused(data, "乱表头.xlsx")
    assert err.issue.code == "err.no_header"
    assert str(err) == (
        "文件「乱表头.xlsx」，工作表「名单」：前 20 行中找不到表头。表头行应至少包含「姓名」列"
        "（也认：" + "、".join(FIELD_ALIASES["name"]) + "），"
        "工作台账还应包含「类型」列或「转发微信（条）」这样的数量列。"
    )
    for alias in ("姓名", "名字", "网宣员姓名"):
        assert alias in str(err)


def test_header_below_the_scanned_rows_is_not_found():
    rows = [[f"说明第{i}行"] for i in range(20)] + [["姓名", "单位"], ["张三", "团市委"]]
    assert refused(fx.xlsx(rows), "a.xlsx").issue.code == "err.no_header"


def test_missing_unit_column_names_the_columns_it_looks_for():
    data = fx.xlsx([["网宣员名单"], ["序号", "姓名", "职务", "微信名"], [1, "张三", "干事", "zs"]], merged=["A1:D1"])
    err = refused(data, "名单.xlsx")
    assert err.issue.code == "err.missing_unit"
    assert str(err) == (
        "文件「名单.xlsx」，工作表「Sheet1」：表头（第 2 行）中没有「单位」列，工作表名和标题里也找不到单位或县区。"
        "请加一列「单位」（也认：单位、所在单位、工作单位、填报单位、所属单位、单位名称、报送单位），"
        "或在标题下写一行「填报单位：XX」。"
    )


def test_csv_file_name_is_not_taken_for_a_unit():
    err = refused(fx.csv_bytes([["姓名", "职务"], ["张三", "干事"]]), "members.csv")
    assert err.issue.code == "err.missing_unit"


def test_csv_named_after_a_county_gives_the_county():
    parsed = parse_file(fx.csv_bytes([["姓名", "职务"], ["张三", "干事"]]), "蕉城区.csv")
    assert fx.table(parsed.records, ["county", "unit", "name"]) == [("蕉城区", "蕉城区", "张三")]


def test_roster_asked_to_be_read_as_activity_is_refused():
    data = fx.xlsx([["姓名", "单位"], ["张三", "团市委"]])
    err = refused(data, "名单.xlsx", kind="activity")
    assert err.issue.code == "err.missing_activity"
    assert str(err).startswith("文件「名单.xlsx」，工作表「Sheet1」：这是工作台账吗？表头（第 1 行）里既没有「类型」列")


# =================================================================================================
# Rosters
# =================================================================================================

ROSTER_ROWS = [
    ["蕉城区网宣员花名册", None, None, None, None, None, None, None, None],
    ["序号", "姓 名", "所在单位", "手机号码", "角色", "年龄", "状态", "县（市、区）", "乡镇（街道）"],
    [1, "张三", "蕉城团区委", 13812345678.0, "骨干", 38, "在册", "蕉城区", "城南街道"],
    [2, "李 四", "蕉城团区委", "１３９００００００００", "联络员", None, "退出", "蕉城区", None],
    [None, None, None, None, None, None, None, None, None],
    [3, "王五", "蕉城团区委", "1.38E+10", None, None, None, "蕉城区", "七都镇"],
    [4, "赵六", "蕉城团区委", "138 1234 5670", "网宣员", "1985年3月", None, "蕉城区", None],
    ["小计", None, None, None, None, None, None, None, None],
    [None, "合计", None, None, None, 4, None, None, None],
    ["填表人：林某", None, None, "审核人：陈某", None, None, None, None, None],
]
ROSTER_COLS = ["unit", "county", "township", "name", "role", "phone", "birth_year", "status", "row_no"]
ROSTER_EXPECTED = [
    ("蕉城团区委", "蕉城区", "城南街道", "张三", "core", "13812345678", 1986, "active", 3),
    ("蕉城团区委", "蕉城区", None, "李四", "liaison", "13900000000", None, "left", 4),
    ("蕉城团区委", "蕉城区", "七都镇", "王五", "member", None, None, "active", 6),
    ("蕉城团区委", "蕉城区", None, "赵六", "member", "13812345670", 1985, "active", 7),
]


def test_roster_xlsx_with_title_blank_total_and_footer_rows():
    parsed = parse_file(fx.xlsx(ROSTER_ROWS, merged=["A1:I1"]), "蕉城区花名册.xlsx", reference=REF)
    assert parsed.kind == "roster"
    assert list(parsed.records.columns) == ROSTER_COLUMNS
    assert fx.table(parsed.records, ROSTER_COLS) == ROSTER_EXPECTED
    assert (parsed.rows_seen, parsed.rows_rejected, parsed.rows_duplicate, parsed.rows_accepted) == (4, 0, 0, 4)
    assert messages(parsed) == [
        "文件「蕉城区花名册.xlsx」，工作表「Sheet1」，第 6 行，D 列「手机号码」：手机号「1.38E+10」无效"
        "（应为 11 位数字，以 1 开头；科学计数法如 1.38E+10 已丢失数字），已留空。"
    ]
    assert parsed.units == ["蕉城团区委"]


def test_roster_xls_reads_the_same():
    merged = {"Sheet1": [(0, 0, 0, 8)]}
    parsed = parse_file(fx.xls(ROSTER_ROWS, merged=merged), "蕉城区花名册.xls", reference=REF)
    assert fx.table(parsed.records, ROSTER_COLS) == ROSTER_EXPECTED
    assert [(i.code, i.row, i.col) for i in parsed.issues] == [("warn.bad_phone", 6, 3)]


@pytest.mark.parametrize(
    ("value", "role", "warned"),
    [("网宣员", "member", False), ("骨干", "core", False), ("联络员", "liaison", False),
     ("骨干成员", "core", False), (None, "member", False), ("组长", "member", True)],
)
def test_role_values_and_default(value, role, warned):
    parsed = parse_file(fx.xlsx([["姓名", "单位", "身份"], ["张三", "团市委", value]]), "a.xlsx")
    assert fx.table(parsed.records, ["role"]) == [(role,)]
    if warned:
        assert messages(parsed) == [
            "文件「a.xlsx」，工作表「Sheet1」，第 2 行，C 列「身份」：角色「组长」不认识，按「网宣员」处理。"
        ]
    else:
        assert parsed.issues == []


@pytest.mark.parametrize(
    ("value", "status"),
    [("退出", "left"), ("已退出", "left"), ("调离", "left"), ("在册", "active"), (None, "active")],
)
def test_status(value, status):
    parsed = parse_file(fx.xlsx([["姓名", "单位", "状态"], ["张三", "团市委", value]]), "a.xlsx")
    assert fx.table(parsed.records, ["status"]) == [(status,)]


def test_age_becomes_birth_year_relative_to_the_reference_date():
    rows = [["姓名", "单位", "年龄"], ["张三", "团市委", 38], ["李四", "团市委", "45岁"], ["王五", "团市委", "不详"]]
    parsed = parse_file(fx.xlsx(rows), "a.xlsx", reference=D(2024, 6, 1))
    assert fx.table(parsed.records, ["name", "birth_year"]) == [("张三", 1986), ("李四", 1979), ("王五", None)]
    assert messages(parsed) == [
        "文件「a.xlsx」，工作表「Sheet1」，第 4 行，C 列「年龄」：出生年月「不详」无法识别，已留空。"
    ]


def test_full_roster_fields():
    rows = [
        ["姓名", "单位", "职务", "微信名", "性别", "出生年月", "所在支部", "人员类别", "加入时间", "联系电话"],
        ["张三", "团市委", "宣传部干事", "zs_wx", "男", D(1990, 5, 4), "第一支部", "团干部", "2014/7/1",
         "0593-2881234"],
        ["李四", "团市委", None, None, "F", "1962.10", None, "离退休干部", 41821, None],
    ]
    parsed = parse_file(fx.xlsx(rows), "a.xlsx", reference=REF)
    cols = ["name", "position", "wechat", "gender", "birth_year", "branch", "category", "joined", "phone"]
    assert fx.table(parsed.records, cols) == [
        ("张三", "宣传部干事", "zs_wx", "男", 1990, "第一支部", "团干部", D(2014, 7, 1), "0593-2881234"),
        ("李四", None, None, "女", 1962, None, "离退休干部", D(2014, 7, 1), None),
    ]
    assert parsed.issues == []


# --- header aliases: every alias maps to its field ------------------------------------------------

SPEC_ROSTER_ALIASES = {  # SPEC.md, "Roster" table
    "name": ["姓名", "姓 名", "名字", "网宣员姓名"],
    "unit": ["单位", "所在单位", "工作单位", "填报单位", "所属单位", "单位名称"],
    "county": ["县区", "县（市、区）", "县市区", "所属县区", "地区", "区域", "区县"],
    "township": ["乡镇", "乡镇（街道）", "街道", "镇街"],
    "role": ["角色", "身份", "队伍角色"],
    "position": ["职务", "职务（职称）", "原职务", "原任职务", "现任职务"],
    "wechat": ["微信名", "微信号", "微信昵称"],
    "phone": ["手机", "手机号", "手机号码", "联系电话", "电话"],
    "gender": ["性别"],
    "birth": ["出生年月", "出生日期", "年龄"],
    "branch": ["支部", "所在支部", "党支部"],
    "category": ["类别", "人员类别", "群体"],
    "joined": ["加入时间", "入队时间"],
    "status": ["状态"],
}
SPEC_LOG_ALIASES = {"date": ["日期"], "period": ["月份"], "type": ["类型"], "platform": ["平台"], "count": ["数量"],
                    "title": ["标题"], "link": ["链接"], "note": ["备注"], "serial": ["序号"]}

ALL_ALIASES = sorted(
    {(f, a) for f, aliases in FIELD_ALIASES.items() for a in aliases}
    | {(f, a) for spec in (SPEC_ROSTER_ALIASES, SPEC_LOG_ALIASES) for f, aliases in spec.items() for a in aliases}
)


@pytest.mark.parametrize(("field", "alias"), ALL_ALIASES, ids=[f"{f}-{a}" for f, a in ALL_ALIASES])
def test_every_alias_maps_to_its_field(field, alias):
    assert classify_header(alias).field == field


@pytest.mark.parametrize(
    ("header", "field"),
    [("姓　名", "name"), (" 姓名 ", "name"), ("姓名*", "name"), ("姓名（必填）", "name"), ("手机号码(11位)", "phone"),
     ("县(市、区)", "county"), ("县（市、区）", "county"), ("所属单位：", "unit"), ("【单位】", None)],
)
def test_header_matching_ignores_spaces_width_and_brackets(header, field):
    assert classify_header(header).field == field


def test_spec_aliases_are_all_known_to_the_parser():
    known = {normalise_header(a) for aliases in FIELD_ALIASES.values() for a in aliases}
    for aliases in SPEC_ROSTER_ALIASES.values():
        for alias in aliases:
            assert normalise_header(alias) in known, alias


ALIAS_SAMPLES = {  # field: (cell value, record column, expected value)
    "county": ("蕉城区", "county", "蕉城区"),
    "township": ("城南街道", "township", "城南街道"),
    "role": ("联络员", "role", "liaison"),
    "position": ("干事", "position", "干事"),
    "wechat": ("zs_wx", "wechat", "zs_wx"),
    "phone": ("13812345678", "phone", "13812345678"),
    "gender": ("男", "gender", "男"),
    "birth": ("1985-03", "birth_year", 1985),
    "branch": ("第一支部", "branch", "第一支部"),
    "category": ("团干部", "category", "团干部"),
    "joined": ("2014-07-01", "joined", D(2014, 7, 1)),
    "status": ("退出", "status", "left"),
}
ROSTER_ALIAS_CASES = sorted(
    {(f, a) for f in ROSTER_FIELDS for a in FIELD_ALIASES[f]}
    | {(f, a) for f, aliases in SPEC_ROSTER_ALIASES.items() for a in aliases}
)


@pytest.mark.parametrize(("field", "alias"), ROSTER_ALIAS_CASES, ids=[f"{f}-{a}" for f, a in ROSTER_ALIAS_CASES])
def test_roster_alias_end_to_end(field, alias):
    if field == "name":
        rows = [[alias, "单位"], ["张 三", "团市委"]]
        column, expected = "name", "张三"
    elif field == "unit":
        rows = [["姓名", alias], ["张三", "蕉城团区委"]]
        column, expected = "unit", "蕉城团区委"
    else:
        value, column, expected = ALIAS_SAMPLES[field]
        if alias == "年龄":
            value, expected = 38, 1986
        rows = [["姓名", "单位", alias], ["张三", "团市委", value]]
    parsed = parse_file(fx.xlsx(rows), "a.xlsx", kind="roster", reference=REF)
    assert fx.table(parsed.records, [column]) == [(expected,)]
    assert parsed.issues == []


# --- where the unit and county come from ----------------------------------------------------------


def test_subtitle_gives_the_unit():
    rows = [
        ["网宣员花名册", None, None],
        ["填报单位：蕉城团区委", None, "填报日期：2014年8月31日"],
        ["序号", "姓名", "职务"],
        [1, "张三", "干事"],
        [2, "李四", "科员"],
    ]
    parsed = parse_file(fx.xlsx(rows, merged=["A1:C1"]), "花名册.xlsx")
    assert fx.table(parsed.records, ["unit", "county", "name", "position", "row_no"]) == [
        ("蕉城团区委", None, "张三", "干事", 4),
        ("蕉城团区委", None, "李四", "科员", 5),
    ]


def test_subtitle_with_a_stamp_note_gives_the_unit():
    rows = [["填报单位（盖章）：蕉城团区委"], ["姓名", "职务"], ["张三", "干事"]]
    parsed = parse_file(fx.xlsx(rows), "花名册.xlsx")
    assert fx.table(parsed.records, ["unit", "name"]) == [("蕉城团区委", "张三")]


def test_unit_column_wins_over_subtitle():
    rows = [["填报单位：蕉城团区委"], ["姓名", "单位"], ["张三", "城南街道团工委"], ["李四", None]]
    parsed = parse_file(fx.xlsx(rows), "花名册.xlsx")
    assert fx.table(parsed.records, ["unit", "name"]) == [("城南街道团工委", "张三"), ("蕉城团区委", "李四")]


def test_sheet_per_county_workbook():
    header = ["序号", "姓名", "职务", "微信名"]
    data = fx.xlsx({
        "蕉城区": [header, [1, "张三", "干事", "zs"], [2, "李四", None, None]],
        "福安市": [["福安市网宣员名单"], header, [1, "王五", "科员", "ww"]],
        "市直": [header, [1, "赵六", None, None]],
        "Sheet4": [],
    }, merged={"福安市": ["A1:D1"]})
    parsed = parse_file(data, "各县区网宣员.xlsx")
    assert parsed.sheets == ["蕉城区", "福安市", "市直"]
    assert fx.table(parsed.records, ["county", "unit", "name", "position", "sheet", "row_no"]) == [
        ("蕉城区", "蕉城区", "张三", "干事", "蕉城区", 2),
        ("蕉城区", "蕉城区", "李四", None, "蕉城区", 3),
        ("福安市", "福安市", "王五", "科员", "福安市", 3),
        ("市直", "市直", "赵六", None, "市直", 2),
    ]


@pytest.mark.parametrize("sheet", ["Sheet1", "Sheet1 (2)", "工作表1", "花名册", "网宣员名单", "2014年8月"])
def test_generic_sheet_names_are_not_units(sheet):
    err = refused(fx.xlsx({sheet: [["姓名", "职务"], ["张三", "干事"]]}), "a.xlsx")
    assert err.issue.code == "err.missing_unit"
    assert f"工作表「{sheet}」" in str(err)


def test_sheet_per_county_with_unit_column():
    data = fx.xlsx({
        "蕉城区": [["姓名", "单位"], ["张三", "城南街道"]],
        "Sheet1 (2)": [["姓名", "单位"], ["李四", "团市委"]],
    })
    parsed = parse_file(data, "a.xlsx")
    assert fx.table(parsed.records, ["county", "unit", "name"]) == [
        ("蕉城区", "城南街道", "张三"), (None, "团市委", "李四"),
    ]


UNIT_MERGED_ROWS = [
    ["单位", "姓名", "角色"],
    ["团市委", "张三", "骨干"],
    [None, "李四", "联络员"],
    [None, "王五", None],
    ["市委网信办", "赵六", "骨干"],
    [None, "钱七", None],
]
UNIT_MERGED_EXPECTED = [
    ("团市委", "张三", "core", 2), ("团市委", "李四", "liaison", 3), ("团市委", "王五", "member", 4),
    ("市委网信办", "赵六", "core", 5), ("市委网信办", "钱七", "member", 6),
]


def test_unit_merged_vertically_over_its_members_xlsx():
    parsed = parse_file(fx.xlsx(UNIT_MERGED_ROWS, merged=["A2:A4", "A5:A6"]), "a.xlsx")
    assert fx.table(parsed.records, ["unit", "name", "role", "row_no"]) == UNIT_MERGED_EXPECTED
    assert parsed.issues == []


def test_unit_merged_vertically_over_its_members_xls():
    data = fx.xls(UNIT_MERGED_ROWS, merged={"Sheet1": [(1, 3, 0, 0), (4, 5, 0, 0)]})
    parsed = parse_file(data, "a.xls")
    assert fx.table(parsed.records, ["unit", "name", "role", "row_no"]) == UNIT_MERGED_EXPECTED


def test_section_line_merged_across_a_row_is_not_a_member():
    rows = [
        ["序号", "姓名", "单位", "职务"],
        ["一、市直单位", None, None, None],
        [1, "张三", "团市委", "干事"],
        ["二、蕉城区", None, None, None],
        [2, "李四", "蕉城团区委", "科员"],
    ]
    parsed = parse_file(fx.xlsx(rows, merged=["A2:D2", "A4:D4"]), "a.xlsx")
    # The rows' own units win over the sections; `二、蕉城区` names a county, so it gives 李四 one.
    assert fx.table(parsed.records, ["county", "unit", "name", "position"]) == [
        (None, "团市委", "张三", "干事"), ("蕉城区", "蕉城团区委", "李四", "科员"),
    ]
    assert (parsed.rows_seen, parsed.issues) == (2, [])  # a section line is context, not a row


def test_blank_unit_without_merge_refuses_that_row_only():
    parsed = parse_file(fx.xlsx([["姓名", "单位"], ["张三", "团市委"], ["李四", None]]), "a.xlsx")
    assert fx.table(parsed.records, ["name"]) == [("张三",)]
    assert (parsed.rows_seen, parsed.rows_rejected) == (2, 1)
    assert messages(parsed) == ["文件「a.xlsx」，工作表「Sheet1」，第 3 行，B 列「单位」：单位为空，本行未导入。"]


def test_blank_name_refuses_that_row_with_location():
    rows = [["序号", "姓名", "单位"], [1, "张三", "团市委"], [2, None, "团市委"]]
    parsed = parse_file(fx.xlsx(rows), "a.xlsx")
    assert fx.table(parsed.records, ["name"]) == [("张三",)]
    assert messages(parsed) == ["文件「a.xlsx」，工作表「Sheet1」，第 3 行，B 列「姓名」：姓名为空，本行未导入。"]
    assert parsed.errors[0].as_row() == {
        "severity": "错误", "file": "a.xlsx", "sheet": "Sheet1", "row": 3, "column": "B「姓名」",
        "message": "姓名为空，本行未导入。",
    }


def test_footer_lines_in_any_column_are_not_members():
    rows = [
        ["姓名", "单位"], ["张三", "团市委"],
        ["填表人：林某", None], [None, "审核人：陈某"], ["注：本表每月5日前报送", None], ["说明：无", None],
    ]
    parsed = parse_file(fx.xlsx(rows), "a.xlsx")
    assert fx.table(parsed.records, ["name"]) == [("张三",)]
    assert (parsed.rows_seen, parsed.issues) == (1, [])


# --- CSV encodings end to end --------------------------------------------------------------------

CSV_ROWS = [
    ["姓名", "单位", "手机号码"],
    ["张三", "蕉城团区委", "13812345678"],
    ["李䶮", "团市委", "１３９００００００００"],  # 䶮: in GB18030, not in GBK
]
CSV_GBK_ROWS = [CSV_ROWS[0], CSV_ROWS[1], ["李四", "团市委", "１３９００００００００"]]


@pytest.mark.parametrize(
    ("rows", "kwargs"),
    [
        (CSV_GBK_ROWS, {"encoding": "gbk"}),
        (CSV_ROWS, {"encoding": "gb18030"}),
        (CSV_ROWS, {"encoding": "utf-8", "bom": True}),
        (CSV_ROWS, {"encoding": "utf-8"}),
        (CSV_ROWS, {"encoding": "utf-16-le", "bom": True, "delimiter": "\t"}),
        (CSV_ROWS, {"encoding": "utf-8", "delimiter": ";"}),
    ],
    ids=["gbk", "gb18030", "utf8-bom", "utf8", "utf16-tab", "semicolon"],
)
def test_csv_roster_in_every_encoding(rows, kwargs):
    parsed = parse_file(fx.csv_bytes(rows, **kwargs), "花名册.csv")
    assert fx.table(parsed.records, ["unit", "name", "phone", "sheet", "row_no"]) == [
        ("蕉城团区委", "张三", "13812345678", "花名册", 2),
        ("团市委", rows[2][0], "13900000000", "花名册", 3),
    ]
    assert parsed.issues == []


def test_csv_phone_saved_as_number_text():
    data = fx.csv_bytes([["姓名", "单位", "手机"], ["张三", "团市委", "13812345678.0"], ["李四", "团市委", "1.38E+10"]])
    parsed = parse_file(data, "导出.csv")
    assert fx.table(parsed.records, ["name", "phone"]) == [("张三", "13812345678"), ("李四", None)]
    assert messages(parsed)[0].startswith(
        "文件「导出.csv」，工作表「导出」，第 3 行，C 列「手机」：手机号「1.38E+10」无效"
    )


# =================================================================================================
# Long activity logs
# =================================================================================================

LOG_HEADER = ["日期", "姓名", "单位", "类型", "平台", "数量"]


def log_rows(*dates):
    types = [("转发", "微信", 2), ("评论", "微博", None), ("原创", "抖音", "３")]
    return [LOG_HEADER] + [[d, "张三", "团市委", *types[i % 3]] for i, d in enumerate(dates)]


def expected_log(*days):
    kinds = [("repost", "wechat", 2), ("comment", "weibo", 1), ("original", "douyin", 3)]
    return [(day.replace(day=1), day, "团市委", "张三", *kinds[i % 3], i + 2) for i, day in enumerate(days)]


def test_long_log_with_raw_serial_dates_1900_system():
    parsed = parse_file(fx.xlsx(log_rows(41821, 41852.75, 41883)), "log.xlsx")
    assert parsed.kind == "activity"
    assert list(parsed.records.columns) == ACTIVITY_COLUMNS
    assert fx.table(parsed.records, ACT) == expected_log(D(2014, 7, 1), D(2014, 8, 1), D(2014, 9, 1))
    assert parsed.months == [D(2014, 7, 1), D(2014, 8, 1), D(2014, 9, 1)]
    assert parsed.issues == []


def test_long_log_with_raw_serial_dates_1904_system():
    parsed = parse_file(fx.xlsx(log_rows(40359, 40390, 40421), date1904=True), "mac.xlsx")
    assert fx.table(parsed.records, ACT) == expected_log(D(2014, 7, 1), D(2014, 8, 1), D(2014, 9, 1))


def test_xls_raw_serial_dates_1900_and_1904_systems():
    days = (D(2014, 7, 1), D(2014, 8, 1), D(2014, 9, 1))
    assert fx.table(parse_file(fx.xls(log_rows(41821, 41852, 41883)), "a.xls").records, ACT) == expected_log(*days)
    data = fx.xls(log_rows(40359, 40390, 40421), date1904=True)
    assert fx.table(parse_file(data, "mac.xls").records, ACT) == expected_log(*days)


@pytest.mark.parametrize("date1904", [False, True], ids=["1900", "1904"])
def test_date_formatted_cells_xlsx(date1904):
    dates = (D(2014, 7, 1), dt.datetime(2014, 7, 2, 21, 30), D(2014, 12, 31))
    parsed = parse_file(fx.xlsx(log_rows(*dates), date1904=date1904), "log.xlsx")
    assert fx.table(parsed.records, ACT) == expected_log(D(2014, 7, 1), D(2014, 7, 2), D(2014, 12, 31))


def test_date_formatted_cells_xls():
    parsed = parse_file(fx.xls(log_rows(D(2014, 7, 1), D(2014, 7, 2))), "log.xls")
    assert fx.table(parsed.records, ACT) == expected_log(D(2014, 7, 1), D(2014, 7, 2))


def test_date_formatted_number_cells_xlsx():
    data = fx.xlsx(log_rows(41821, 41822), number_formats={"A2": "yyyy/m/d", "A3": "yyyy\"年\"m\"月\"d\"日\""})
    parsed = parse_file(data, "log.xlsx")
    assert fx.table(parsed.records, ACT) == expected_log(D(2014, 7, 1), D(2014, 7, 2))


def test_text_dates_and_months():
    rows = [
        LOG_HEADER,
        ["2014/7/1", "张三", "团市委", "转发", "微信", 1],
        ["2014年7月", "李四", "团市委", "转发", "微信", 1],
        ["2014.07", "王五", "团市委", "转发", "微信", 1],
        ["2014-07-01", "赵六", "团市委", "转发", "微信", 1],
        ["２０１４年８月３日", "钱七", "团市委", "转发", "微信", 1],
    ]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx")
    assert fx.table(parsed.records, ["month", "day", "name"]) == [
        (D(2014, 7, 1), D(2014, 7, 1), "张三"),
        (D(2014, 7, 1), None, "李四"),
        (D(2014, 7, 1), None, "王五"),
        (D(2014, 7, 1), D(2014, 7, 1), "赵六"),
        (D(2014, 8, 1), D(2014, 8, 3), "钱七"),
    ]
    assert parsed.issues == []


def test_unreadable_date_refuses_the_row_and_names_the_cell():
    rows = [
        LOG_HEADER,
        ["7月1日", "张三", "团市委", "转发", "微信", 1],
        ["2014-07-02", "李四", "团市委", "转发", "微信", 1],
    ]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx")
    assert fx.table(parsed.records, ["name"]) == [("李四",)]
    assert messages(parsed) == [
        "文件「log.xlsx」，工作表「Sheet1」，第 2 行，A 列「日期」：日期「7月1日」无法识别"
        "（可写 2014-07-01、2014/7/1、2014年7月、2014.07）。本行未导入。"
    ]


def test_month_column_instead_of_dates():
    rows = [["月份", "姓名", "单位", "类型", "平台", "数量"], ["2014年8月", "张三", "团市委", "舆情报送", None, 2],
            [201409, "张三", "团市委", "参加培训", None, None]]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx")
    assert fx.table(parsed.records, ACT) == [
        (D(2014, 8, 1), None, "团市委", "张三", "opinion_report", "other", 2, 2),
        (D(2014, 9, 1), None, "团市委", "张三", "training", "other", 1, 3),
    ]


def test_long_log_first_data_row_without_numbers_is_not_a_second_header_row():
    rows = [LOG_HEADER, [D(2014, 7, 1), "张三", "团市委", "转发", "微信", None],
            [D(2014, 7, 2), "李四", "团市委", "评论", "微博", None]]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx")
    assert fx.table(parsed.records, ACT) == [
        (D(2014, 7, 1), D(2014, 7, 1), "团市委", "张三", "repost", "wechat", 1, 2),
        (D(2014, 7, 1), D(2014, 7, 2), "团市委", "李四", "comment", "weibo", 1, 3),
    ]
    assert parsed.issues == []


def test_long_log_types_platforms_and_counts():
    rows = [
        LOG_HEADER,
        ["2014-07-01", "张三", "团市委", "转发", "微信", None],  # 2: blank count = 1
        ["2014-07-01", "张三", "团市委", "点名", "微信", 1],  # 3: unknown type → refused
        ["2014-07-02", "张三", "团市委", "评论", "脸书", 2],  # 4: unknown platform → other, warned
        ["2014-07-03", "张三", "团市委", "转发", "微信", 2.5],  # 5
        ["2014-07-04", "张三", "团市委", "转发", "微信", -1],  # 6
        ["2014-07-05", "张三", "团市委", "转发", "微信", "很多"],  # 7
        ["2014-07-06", "张三", "团市委", "原创", "学习强国", "３篇"],  # 8: full-width count with a unit word
        ["2014-07-07", "张三", "团市委", "辟谣", None, 1],  # 9: no platform → other, silently
        ["2014-07-08", "张三", "团市委", "线上会议", "QQ", 0],  # 10: zero → nothing to count
        ["2014-07-09", "张三", "团市委", "点赞", "今日头条", 5],  # 11
    ]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx")
    assert fx.table(parsed.records, ["day", "type", "platform", "count", "row_no"]) == [
        (D(2014, 7, 1), "repost", "wechat", 1, 2),
        (D(2014, 7, 2), "comment", "other", 2, 4),
        (D(2014, 7, 6), "original", "xuexi", 3, 8),
        (D(2014, 7, 7), "rebuttal", "other", 1, 9),
        (D(2014, 7, 9), "like", "toutiao", 5, 11),
    ]
    assert (parsed.rows_seen, parsed.rows_rejected) == (10, 4)
    where = "文件「log.xlsx」，工作表「Sheet1」，"
    assert messages(parsed) == [
        where + "第 3 行，D 列「类型」：类型「点名」不认识"
        "（可写：转发、评论、原创、舆情报送、辟谣、参加培训、线上会议、点赞），本行未导入。",
        where + "第 4 行，E 列「平台」：平台「脸书」不认识，记为「其他」。",
        where + "第 5 行，F 列「数量」：数量「2.5」不是非负整数，本行未导入。",
        where + "第 6 行，F 列「数量」：数量「-1」不是非负整数，本行未导入。",
        where + "第 7 行，F 列「数量」：数量「很多」不是非负整数，本行未导入。",
    ]
    assert [i.severity for i in parsed.issues] == ["error", "warning", "error", "error", "error"]


def test_total_rows_in_a_long_log_are_skipped():
    rows = [LOG_HEADER, ["2014-07-01", "张三", "团市委", "转发", "微信", 2], [None, "小计", None, None, None, 2],
            [None, None, None, None, None, None], ["合计", None, None, None, None, 2]]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx")
    assert fx.table(parsed.records, ["name", "count"]) == [("张三", 2)]
    assert (parsed.rows_seen, parsed.issues) == (1, [])


def test_long_log_from_gbk_csv():
    rows = [
        LOG_HEADER,
        ["2014/7/1", "张三", "团市委", "转发", "微信", "2"],
        ["2014/7/2 21:30", "李四", "团市委", "评论", "微博", ""],
    ]
    parsed = parse_file(fx.csv_bytes(rows, encoding="gbk"), "台账.csv")
    assert fx.table(parsed.records, ACT) == [
        (D(2014, 7, 1), D(2014, 7, 1), "团市委", "张三", "repost", "wechat", 2, 2),
        (D(2014, 7, 1), D(2014, 7, 2), "团市委", "李四", "comment", "weibo", 1, 3),
    ]


# =================================================================================================
# Wide monthly summaries
# =================================================================================================

WIDE_HEADER = [
    "序号", "姓名", "单位",
    "转发微信（条）", "转发微博（条）", "网络评论（条）", "原创作品（篇）", "舆情信息（条）", "合计",
]
WIDE_BODY = [
    [1, "张三", "团市委", 3, 2, 1, None, 1, 7],
    [2, "李四", "团市委", "５", 0, 2, 1, None, 8],
    [None] * 9,
    ["合计", None, None, 8, 2, 3, 1, 1, 15],
]
AUG = D(2014, 8, 1)


def wide_expected(first_row: int, unit: str = "团市委") -> list[tuple]:
    return [
        (AUG, unit, "张三", "repost", "wechat", 3, first_row),
        (AUG, unit, "张三", "repost", "weibo", 2, first_row),
        (AUG, unit, "张三", "comment", "other", 1, first_row),
        (AUG, unit, "张三", "opinion_report", "other", 1, first_row),
        (AUG, unit, "李四", "repost", "wechat", 5, first_row + 1),
        (AUG, unit, "李四", "comment", "other", 2, first_row + 1),
        (AUG, unit, "李四", "original", "other", 1, first_row + 1),
    ]


def test_wide_summary_reads_types_from_headers_and_never_counts_the_total_column():
    data = fx.xlsx([["2014年8月工作量统计表"], WIDE_HEADER, *WIDE_BODY], merged=["A1:I1"])
    parsed = parse_file(data, "统计表.xlsx")
    assert parsed.kind == "activity"
    assert fx.table(parsed.records, WIDE) == wide_expected(3)
    assert parsed.records["count"].sum() == 15  # the 合计 column (7, 8) and 合计 row are not added in
    assert (parsed.period, parsed.period_source) == (AUG, "title")
    assert (parsed.rows_seen, parsed.rows_rejected, parsed.issues) == (2, 0, [])


@pytest.mark.parametrize("total", ["合计", "小计", "总计", "总数", "得分", "合计（条）"])
def test_total_like_columns_are_not_activity(total):
    header = ["姓名", "单位", "转发微信（条）", total]
    parsed = parse_file(fx.xlsx([header, ["张三", "团市委", 3, 99]]), "a.xlsx", period=AUG)
    assert fx.table(parsed.records, ["type", "count"]) == [("repost", 3)]


def test_wide_summary_with_two_row_header_xlsx():
    rows = [
        ["2014年8月工作量统计表", None, None, None, None, None],
        ["姓名", "单位", "转发", None, "网络评论（条）", "合计"],
        [None, None, "微信", "微博", None, None],
        ["张三", "团市委", 3, 2, 1, 6],
        ["李四", "团市委", 1, None, None, 1],
    ]
    data = fx.xlsx(rows, merged=["A1:F1", "A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:F3"])
    parsed = parse_file(data, "a.xlsx")
    assert fx.table(parsed.records, WIDE) == [
        (AUG, "团市委", "张三", "repost", "wechat", 3, 4),
        (AUG, "团市委", "张三", "repost", "weibo", 2, 4),
        (AUG, "团市委", "张三", "comment", "other", 1, 4),
        (AUG, "团市委", "李四", "repost", "wechat", 1, 5),
    ]


def test_wide_summary_with_two_row_header_xls():
    rows = [
        ["姓名", "单位", "转发", None, "评论", None],
        [None, None, "微信", "微博", "微信", "微博"],
        ["张三", "团市委", 3, 2, 1, 4],
    ]
    data = fx.xls(rows, merged={"Sheet1": [(0, 1, 0, 0), (0, 1, 1, 1), (0, 0, 2, 3), (0, 0, 4, 5)]})
    parsed = parse_file(data, "2014年8月.xls")
    assert fx.table(parsed.records, ["type", "platform", "count", "row_no"]) == [
        ("repost", "wechat", 3, 3), ("repost", "weibo", 2, 3), ("comment", "wechat", 1, 3), ("comment", "weibo", 4, 3),
    ]


# --- where the month of a wide sheet comes from ---------------------------------------------------


def test_month_only_in_the_title():
    parsed = parse_file(fx.xlsx([["2014年8月工作量统计表"], WIDE_HEADER, *WIDE_BODY], merged=["A1:I1"]), "统计.xlsx")
    assert (parsed.period, parsed.period_source) == (AUG, "title")
    assert set(parsed.records["month"]) == {AUG}


def test_month_only_in_the_subtitle_with_the_unit():
    header = [h for h in WIDE_HEADER if h != "单位"]
    body = [[r[0], r[1], *r[3:]] for r in WIDE_BODY]
    rows = [["网宣员工作量统计表"], ["填报单位：蕉城团区委", None, None, "统计月份：2014年8月"], header, *body]
    parsed = parse_file(fx.xlsx(rows, merged=["A1:H1"]), "统计.xlsx")
    assert (parsed.period, parsed.period_source) == (AUG, "title")
    assert fx.table(parsed.records, WIDE) == wide_expected(4, unit="蕉城团区委")


@pytest.mark.parametrize("sheet", ["2014年8月", "2014.08", "201408"])
def test_month_only_in_the_sheet_name(sheet):
    parsed = parse_file(fx.xlsx({sheet: [WIDE_HEADER, *WIDE_BODY]}), "统计.xlsx")
    assert (parsed.period, parsed.period_source) == (AUG, "sheet")
    assert fx.table(parsed.records, WIDE) == wide_expected(2)


@pytest.mark.parametrize("file_name", ["网宣工作量_201408.xlsx", "2014年8月统计.xlsx", "统计 2014-08.xlsx"])
def test_month_only_in_the_file_name(file_name):
    parsed = parse_file(fx.xlsx([WIDE_HEADER, *WIDE_BODY]), file_name)
    assert (parsed.period, parsed.period_source) == (AUG, "file")
    assert fx.table(parsed.records, WIDE) == wide_expected(2)


def test_month_nowhere_is_refused_unless_given():
    data = fx.xlsx([WIDE_HEADER, *WIDE_BODY])
    err = refused(data, "统计.xlsx")
    assert err.issue.code == "err.missing_period"
    assert str(err) == (
        "文件「统计.xlsx」，工作表「Sheet1」：没有找到统计月份：表中没有「月份」或「日期」列，"
        "标题、工作表名、文件名里也没有年月。请在上传页选择月份（命令行用 --period 2014-08）。"
    )
    parsed = parse_file(data, "统计.xlsx", period=AUG)
    assert (parsed.period, parsed.period_source) == (AUG, "given")
    assert fx.table(parsed.records, WIDE) == wide_expected(2)


def test_given_period_overrides_the_title():
    data = fx.xlsx([["2014年7月工作量统计表"], WIDE_HEADER, *WIDE_BODY])
    parsed = parse_file(data, "统计.xlsx", period=AUG)
    assert (parsed.period, parsed.period_source) == (AUG, "given")
    assert set(parsed.records["month"]) == {AUG}


def test_title_wins_over_sheet_name_and_file_name():
    data = fx.xlsx({"2014年9月": [["2014年8月工作量统计表"], WIDE_HEADER, *WIDE_BODY]})
    parsed = parse_file(data, "统计_201410.xlsx")
    assert (parsed.period, parsed.period_source) == (AUG, "title")


def test_month_column_in_a_wide_sheet():
    rows = [
        ["月份", "姓名", "单位", "转发微信（条）"],
        ["2014年8月", "张三", "团市委", 3],
        ["2014.09", "张三", "团市委", 4],
    ]
    parsed = parse_file(fx.xlsx(rows), "统计.xlsx")
    assert fx.table(parsed.records, ["month", "count"]) == [(AUG, 3), (D(2014, 9, 1), 4)]
    assert parsed.months == [AUG, D(2014, 9, 1)]


def test_month_column_holding_date_cells_gives_no_action_day():
    rows = [
        ["月份", "姓名", "单位", "转发微信（条）"],
        [D(2014, 8, 1), "张三", "团市委", 3],
        [41883, "张三", "团市委", 4],
    ]
    parsed = parse_file(fx.xlsx(rows, number_formats={"A2": "yyyy\"年\"m\"月\""}), "统计.xlsx")
    assert fx.table(parsed.records, ["month", "day", "count"]) == [(AUG, None, 3), (D(2014, 9, 1), None, 4)]


def test_roster_sheet_beside_a_monthly_log_is_left_out_of_the_activity_import():
    data = fx.xlsx({
        "花名册": [["姓名", "单位", "职务"], ["张三", "团市委", "干事"]],
        "2014年8月": [["姓名", "单位", "转发微信（条）"], ["张三", "团市委", 3]],
    })
    parsed = parse_file(data, "台账.xlsx")
    assert (parsed.kind, parsed.sheets) == ("activity", ["2014年8月"])
    assert fx.table(parsed.records, ["month", "name", "count", "sheet"]) == [(AUG, "张三", 3, "2014年8月")]


def test_bad_count_in_a_wide_column_refuses_the_row_and_names_the_column():
    rows = [
        ["姓名", "单位", "转发微信（条）", "网络评论（条）"],
        ["张三", "团市委", 3, "很多"],
        ["李四", "团市委", 1, 2.5],
        ["王五", "团市委", 2, 1],
    ]
    parsed = parse_file(fx.xlsx(rows), "统计.xlsx", period=AUG)
    assert fx.table(parsed.records, ["name", "type", "count"]) == [("王五", "repost", 2), ("王五", "comment", 1)]
    assert messages(parsed) == [
        "文件「统计.xlsx」，工作表「Sheet1」，第 2 行，D 列「网络评论（条）」：数量「很多」不是非负整数，本行未导入。",
        "文件「统计.xlsx」，工作表「Sheet1」，第 3 行，D 列「网络评论（条）」：数量「2.5」不是非负整数，本行未导入。",
    ]
    assert (parsed.rows_seen, parsed.rows_rejected) == (3, 2)


# --- formulas ------------------------------------------------------------------------------------


def test_formula_cells_are_read_as_their_cached_values():
    rows = [
        ["2014年8月工作量统计表"],
        ["姓名", "单位", "转发微信（条）", "转发微博（条）", "合计"],
        ["张三", ("=\"团\"&\"市委\"", "团市委"), ("=1+2", 3), 2, ("=C3+D3", 5)],
        ["李四", "团市委", ("=2*2", 4), ("=0", 0), ("=C4+D4", 4)],
        ["合计", None, ("=SUM(C3:C4)", 7), ("=SUM(D3:D4)", 2), ("=SUM(E3:E4)", 9)],
    ]
    parsed = parse_file(fx.xlsx_with_formulas(rows), "统计.xlsx")
    assert fx.table(parsed.records, WIDE) == [
        (AUG, "团市委", "张三", "repost", "wechat", 3, 3),
        (AUG, "团市委", "张三", "repost", "weibo", 2, 3),
        (AUG, "团市委", "李四", "repost", "wechat", 4, 4),
    ]
    assert parsed.issues == []


def test_formula_without_a_saved_result_is_warned_about_where_it_is():
    rows = [["姓名", "单位", "转发微信（条）", "合计"], ["张三", "团市委", "=1+2", "=C2"], ["李四", "团市委", 4, "=C3"]]
    parsed = parse_file(fx.xlsx(rows), "脚本生成.xlsx", period=AUG)
    assert fx.table(parsed.records, ["name", "count"]) == [("李四", 4)]
    assert messages(parsed) == [
        "文件「脚本生成.xlsx」，工作表「Sheet1」，第 2 行，C 列「转发微信（条）」："
        "单元格是公式但没有保存计算结果，按空值处理。请在 Excel 中打开并保存后再上传。"
    ]


# =================================================================================================
# Duplicates
# =================================================================================================


def test_exact_duplicate_rows_in_a_long_log_count_once_and_are_reported():
    rows = [
        LOG_HEADER,
        ["2014-07-01", "张三", "团市委", "转发", "微信", 2],
        ["2014-07-01", "李四", "团市委", "转发", "微信", 2],
        ["2014-07-01", "张三", "团市委", "转发", "微信", 2],
        ["2014-07-01", "张三", "团市委", "转发", "微信", 3],
        ["2014-07-01", "张三", "团市委", "转发", "微信", 2],
    ]
    parsed = parse_file(fx.xlsx(rows), "log.xlsx")
    assert fx.table(parsed.records, ["name", "count", "row_no"]) == [("张三", 2, 2), ("李四", 2, 3), ("张三", 3, 5)]
    assert (parsed.rows_seen, parsed.rows_duplicate, parsed.rows_accepted) == (5, 2, 3)
    assert messages(parsed) == [
        "文件「log.xlsx」，工作表「Sheet1」，第 4 行：与第 2 行完全相同，只计一次。",
        "文件「log.xlsx」，工作表「Sheet1」，第 6 行：与第 2 行完全相同，只计一次。",
    ]
    assert all(i.severity == "warning" for i in parsed.issues)


def test_exact_duplicate_rows_in_a_wide_sheet_count_once():
    rows = [["姓名", "单位", "转发微信（条）", "网络评论（条）"], ["张三", "团市委", 3, 1], ["张三", "团市委", 3, 1],
            ["张三", "团市委", 3, 2]]
    parsed = parse_file(fx.xlsx(rows), "统计.xlsx", period=AUG)
    assert fx.table(parsed.records, ["type", "count", "row_no"]) == [
        ("repost", 3, 2), ("comment", 1, 2), ("repost", 3, 4), ("comment", 2, 4),
    ]
    assert [(i.code, i.row, i.params) for i in parsed.issues] == [("warn.duplicate_row", 3, {"first": 2})]


def test_duplicate_roster_rows_are_reported():
    rows = [["姓名", "单位"], ["张三", "团市委"], ["李四", "团市委"], ["张三", "团市委"]]
    parsed = parse_file(fx.xlsx(rows), "a.xlsx")
    assert fx.table(parsed.records, ["name", "row_no"]) == [("张三", 2), ("李四", 3)]
    assert messages(parsed) == ["文件「a.xlsx」，工作表「Sheet1」，第 4 行：与第 2 行完全相同，只计一次。"]


def test_same_rows_on_different_sheets_are_not_duplicates():
    sheet = [["姓名", "职务"], ["张三", "干事"]]
    parsed = parse_file(fx.xlsx({"蕉城区": sheet, "福安市": sheet}), "a.xlsx")
    assert fx.table(parsed.records, ["county", "name"]) == [("蕉城区", "张三"), ("福安市", "张三")]
    assert parsed.issues == []


# =================================================================================================
# Result bookkeeping
# =================================================================================================


def test_parsed_file_carries_hash_size_and_sheets():
    data = fx.xlsx({"名单": [["姓名", "单位"], ["张三", "团市委"]]})
    parsed = parse_file(data, "a.xlsx")
    import hashlib

    assert parsed.sha256 == hashlib.sha256(data).hexdigest()
    assert parsed.size == len(data)
    assert parsed.file_name == "a.xlsx"
    assert parsed.sheets == ["名单"]


def test_english_rendering_of_the_same_issue():
    parsed = parse_file(fx.xlsx([["姓名", "单位"], ["张三", None]]), "a.xlsx")
    assert parsed.issues[0].message("en") == (
        "File 'a.xlsx', sheet 'Sheet1', row 2, column B '单位': unit is empty; row refused."
    )
