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
