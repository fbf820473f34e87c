"""normalise.py: one cell as offices type it → one clean value, or ValueError."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.ingest import normalise as norm

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  \u3000 ", None),
        ("  蕉城 团区委 ", "蕉城 团区委"),
        ("ＡＢＣ１２３", "ABC123"),
        (3.0, "3"),
        (2.5, "2.5"),
        (dt.datetime(2014, 7, 1, 9, 30), "2014-07-01"),
        ("团\t市\n委", "团 市 委"),
    ],
)
def test_text(value, expected):
    assert norm.text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("张 三", "张三"), ("张\u3000三", "张三"), (" 欧阳 修 ", "欧阳修"), ("John  Smith", "John Smith"), ("", None)],
)
def test_person_name(value, expected):
    assert norm.person_name(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (13812345678.0, "13812345678"),  # a number cell
        (13812345678, "13812345678"),
        ("13812345678", "13812345678"),
        ("13812345678.0", "13812345678"),  # a number cell exported to text
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("0593-2881234", "0593-2881234"),
        ("05932881234", "05932881234"),
        (None, None),
        ("  ", None),
    ],
)
def test_phone_accepts(value, expected):
    assert norm.phone(value) == expected


@pytest.mark.parametrize(
    "value",
    ["1.38E+10", "1.38123E+10", "1.38e10", 1.38e10 + 0.5, "1381234567", "23812345678", "无", True, "138123456789"],
)
def test_phone_refuses(value):
    with pytest.raises(ValueError):
        norm.phone(value)


@pytest.mark.parametrize(
    ("serial", "date1904", "expected"),
    [
        (41821, False, D(2014, 7, 1)),
        (41821.75, False, D(2014, 7, 1)),  # the time of day is dropped
        (40359, True, D(2014, 7, 1)),  # 1904 system: 1462 days fewer
        (41821, True, D(2018, 7, 2)),
        (61, False, D(1900, 3, 1)),
    ],
)
def test_excel_serial_to_date(serial, date1904, expected):
    assert norm.excel_serial_to_date(serial, date1904) == expected


@pytest.mark.parametrize(
    ("value", "date1904", "expected"),
    [
        (41821, False, (D(2014, 7, 1), True)),
        (41821.0, False, (D(2014, 7, 1), True)),
        (40359, True, (D(2014, 7, 1), True)),
        (dt.date(2014, 7, 1), False, (D(2014, 7, 1), True)),
        (dt.datetime(2014, 7, 2, 18, 0), False, (D(2014, 7, 2), True)),
        ("2014/7/1", False, (D(2014, 7, 1), True)),
        ("2014-07-01", False, (D(2014, 7, 1), True)),
        ("2014.7.1", False, (D(2014, 7, 1), True)),
        ("2014年7月1日", False, (D(2014, 7, 1), True)),
        ("２０１４年７月１日", False, (D(2014, 7, 1), True)),
        ("20140701", False, (D(2014, 7, 1), True)),
        ("2014/7/1 10:30", False, (D(2014, 7, 1), True)),  # a date-time cell exported to CSV
        ("2014-07-01 10:30:00", False, (D(2014, 7, 1), True)),
        ("2014-07-01T10:30:00", False, (D(2014, 7, 1), True)),
        ("2014年7月", False, (D(2014, 7, 1), False)),
        ("2014.07", False, (D(2014, 7, 1), False)),
        ("2014-07", False, (D(2014, 7, 1), False)),
        ("2014/7", False, (D(2014, 7, 1), False)),
        ("201407", False, (D(2014, 7, 1), False)),
        (201407, False, (D(2014, 7, 1), False)),
    ],
)
def test_date_or_month(value, date1904, expected):
    assert norm.date_or_month(value, date1904) == expected


@pytest.mark.parametrize(
    "value", ["7月", "昨天", "2014/7/1 下午", "", None, 12, 99999, 201450, "2014年13月", "2014-02-30", True]
)
def test_date_or_month_refuses(value):
    with pytest.raises(ValueError):
        norm.date_or_month(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014年8月工作量统计表", D(2014, 8, 1)),
        ("填报单位：蕉城团区委  统计月份：2014年8月", D(2014, 8, 1)),
        ("统计月份：2014 年 08 月", D(2014, 8, 1)),
        ("2014.08", D(2014, 8, 1)),
        ("网宣台账_201408.xlsx", D(2014, 8, 1)),
        ("网宣台账 2014-8.xlsx", D(2014, 8, 1)),
        ("工作量统计表", None),
        ("2014年度考评", None),
        ("2014年1-8月汇总", None),
        ("导出20240115.xlsx", None),
        ("201413", None),
        (None, None),
    ],
)
def test_month_in_text(value, expected):
    assert norm.month_in_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, 3), (3.0, 3), (0, 0), ("3", 3), ("３", 3), ("１２", 12), ("3条", 3), ("12 次", 12), ("2篇", 2),
     ("1,200", 1200), ("4.0", 4)],
)
def test_count_accepts(value, expected):
    assert norm.count(value) == expected


@pytest.mark.parametrize("value", [2.5, -1, "-1", "2.5", "很多", "", None, True, "3-4"])
def test_count_refuses(value):
    with pytest.raises(ValueError):
        norm.count(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (38, 1986),  # an age
        ("38", 1986),
        ("38岁", 1986),
        (1985, 1985),
        ("1985", 1985),
        ("1985年", 1985),
        ("1985-03", 1985),
        ("1985年3月", 1985),
        ("1985.03", 1985),
        (dt.date(1985, 3, 2), 1985),
        (31107, 1985),  # raw serial of 1985-03-02
        (16438, 1945),  # raw serial of 1945-01-01: a retired cadre's birth date
    ],
)
def test_birth_year(value, expected):
    assert norm.birth_year(value, 2024) == expected


def test_birth_year_from_1904_serial():
    assert norm.birth_year(31107 - 1462, 2024, date1904=True) == 1985


@pytest.mark.parametrize("value", ["不详", "", 5, 200])
def test_birth_year_refuses(value):
    with pytest.raises(ValueError):
        norm.birth_year(value, 2024)


# --- issue #10: the roster's date, the accepted months, names that are not people, placeholders ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("填报单位：福安团市委\u3000填报日期：2014年6月10日", D(2014, 6, 1)),
        ("填报单位：福安团市委填报日期：2014年6月10日", D(2014, 6, 1)),
        ("报送日期：2014-06-10", D(2014, 6, 1)),
        ("统计截至2014年6月30日", D(2014, 6, 1)),
        ("数据截止：2014.6", D(2014, 6, 1)),
        ("截至日期 20140630", D(2014, 6, 1)),
        ("上报时间：201406", D(2014, 6, 1)),
        ("日期：2014/6/10", D(2014, 6, 1)),
        ("填报日期：    年  月  日 截至2014年5月", D(2014, 5, 1)),  # a blank field, then a filled one
        ("花名册_填报日期20140610.xlsx", D(2014, 6, 1)),
        ("２０１４年６月１０日填报", None),  # no keyword before the date
        ("出生日期：1985年3月", None),
        ("2014年8月工作量统计表", None),
        ("截至目前", None),
        ("填报日期：2014年13月1日", None),
        (None, None),
    ],
)
def test_filing_month_in_text(value, expected):
    assert norm.filing_month_in_text(value) == expected


@pytest.mark.parametrize(
    ("month", "inside"),
    [(D(2000, 1, 1), True), (D(1999, 12, 31), False), (D(2024, 6, 30), True), (D(2024, 7, 1), False),
     (D(2099, 1, 3), False)],
)
def test_month_in_range(month, inside):
    assert norm.month_in_range(month, D(2024, 6, 15)) is inside


@pytest.mark.parametrize(
    "name", ["200人", "共200名", "以下空白", "合计", "小计:15人", "小计：15人", "200", "1,200", "15人次", "计15人",
             "同上", "—", "N/A", "此处空白"],
)
def test_counts_and_labels_are_not_names(name):
    assert norm.is_count_or_label(norm.person_name(name))


@pytest.mark.parametrize(
    "name", ["张三", "阿依古丽·买买提", "买买提•艾力", "欧阳娜娜", "Mary Smith", "李四（女）", "王五2"],
)
def test_real_names_are_names(name):
    assert not norm.is_count_or_label(norm.person_name(name))


@pytest.mark.parametrize(("value", "placeholder"), [
    ("-", True), ("—", True), ("–", True), ("——", True), ("/", True), ("／", True), ("无", True), (" - ", True),
    ("－", True), (0, False), ("0", False), ("-1", False), ("无效", False), ("", False), (None, False),
])
def test_is_count_placeholder(value, placeholder):
    assert norm.is_count_placeholder(value) is placeholder
