"""The parse's fast paths (issue #15) against slow references, on generated messy files.

The sheet parser normalises each distinct cell value once per sheet (outreach.ingest.cell_memo) and
drops duplicate rows in one linear pass. Here the same messy long logs and rosters are parsed with the
caches on and off (off: every cell normalised anew, as before), and the duplicate pass is compared with
the pandas groupby it replaced: records, dtypes, issues in order, counters and report keys must agree.
"""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from outreach.ingest import cell_memo, parse
from outreach.ingest.issues import ImportRefused, Issue
from outreach.ingest.parse import parse_file
from outreach.ingest.parsed_file import ACTIVITY_COLUMNS, ParsedFile

try:
    from tests import fixtures as fx
except ImportError:  # tests/ on sys.path instead of the repo root
    import fixtures as fx

REF = dt.date(2024, 6, 1)

NAMES = ["张三", "李 四", "王五", "Mary Smith", "赵六", "  孙七 ", "周八", "200人", "以下空白", "", None, "合计",
         "填表人：王某", "吴九", "郑十", "ＡＢ", "阿依古丽·买买提", "1", "欧阳娜娜", "冯亮建"]
DATES = [dt.date(2024, 5, 3), dt.datetime(2024, 4, 9, 10, 30), "2024-05-07", "2024/5/8", "2024年5月9日", "20240510",
         "2024.05", "2024年5月", 45400.0, 45400, 202405, 202405.0, "2099-01-01", "1999-12-31", "明天", "", None,
         "2024-13-01", 12.5, True, "２０２４－０５－１１"]
COUNTIES = ["蕉城区", "福安市", "", None, "屏南县", "市直"]
UNITS = ["团市委", "城南镇团委", "", None, "蕉城区·单位00001", "福安团市委 "]
PHONES = ["13812345678", "138 1234 5678", "+86-138-1234-5678", 13812345678.0, 13812345678, "1.38E+10", "0593-1234567",
          "12345", "", None, "13812345678.0", 1.5, "（0593）1234567"]
TYPES = ["转发", "评论", "点赞", "原创", "舆情信息", "辟谣", "培训", "会议", "repost", "吃饭", "", None, "学习强国转发"]
PLATFORMS = ["微信", "微博", "抖音", "学习强国", "QQ", "今日头条", "快手", "论坛", "外星网", "", None]
COUNTS = [1, 2.0, 3, "4", "５条", "12 次", "-", "—", "/", "无", "很多", -1, 2.5, 0, "0", 99999, "1,000", True, "", None,
          13812345678]
TITLES = ["2024年05月网宣员业务培训（第1期）", "线上主题党日", "", None, "标题  with   spaces", "ｆｕｌｌ"]
LEVELS = ["省级", "市级", "", None, "国家级", "乱写", "无", "-"]
OUTLETS = ["湖北文明网", "中国文明网", "", None, "某某网"]


def messy_long_rows(n: int, seed: int) -> list[list[object]]:
    """A long log with a title line, header, and rows of every shape offices type (and some twice)."""
    rng = random.Random(seed)
    rows: list[list[object]] = [
        ["2024年5月网宣工作台账"] + [None] * 12,
        ["日期", "月份", "县区", "单位", "姓名", "手机号", "类型", "平台", "数量", "标题", "采用级别", "采用单位",
         "备注"],
    ]
    for i in range(n):
        if i % 97 == 5:
            rows.append(["二、蕉城区"] + [None] * 12)  # a section line
            continue
        if i % 89 == 7:
            rows.append(["合计", None, None, None, "200人", None, None, None, 200, None, None, None, None])
            continue
        if i % 83 == 3:
            rows.append([None] * 13)
            continue
        if i % 41 == 9 and len(rows) > 3:
            rows.append(list(rows[-1]))  # an exact duplicate of the row above
            continue
        pick = rng.choice
        rows.append([
            pick(DATES), pick(["2024年05月", "", None, "2024-04", "坏月份"]), pick(COUNTIES), pick(UNITS),
            pick(NAMES), pick(PHONES), pick(TYPES), pick(PLATFORMS), pick(COUNTS), pick(TITLES), pick(LEVELS),
            pick(OUTLETS), pick(["", None, "备注 一", "ｎｏｔｅ"]),
        ])
    return rows


def messy_roster_rows(n: int, seed: int) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = [
        ["花名册", None, None, None, None, None, None, None],
        ["填报单位：蕉城团区委  填报日期：2024年5月10日"] + [None] * 7,
        ["姓名", "单位", "县区", "手机号码", "性别", "出生年月", "角色", "状态"],
    ]
    for i in range(n):
        if i % 53 == 4:
            rows.append(["一、市直单位（12人）"] + [None] * 7)
            continue
        pick = rng.choice
        rows.append([pick(NAMES), pick(UNITS), pick(COUNTIES), pick(PHONES),
                     pick(["男", "女", "M", "female", "", None]),
                     pick(["1985-03", "1985年3月", 38, "38岁", 1990, dt.date(1980, 2, 1), "很老", 20000.0, "", None]),
                     pick(["联络员", "骨干", "成员", "乱写", "", None]), pick(["在岗", "已退出", "", None])])
    return rows


def _csv(rows: list[list[object]]) -> bytes:
    def cell(v: object) -> str:
        if v is None:
            return ""
        s = str(v)
        return f'"{s}"' if "," in s else s
    return fx.csv_bytes([[cell(v) for v in row] for row in rows])


def _snapshot(data: bytes, name: str) -> object:
    try:
        p = parse_file(data, name, reference=REF)
    except ImportRefused as exc:
        return ("refused", exc.issue)
    return {"records": p.records, "issues": p.issues, "seen": p.rows_seen, "rejected": p.rows_rejected,
            "duplicate": p.rows_duplicate, "reports": p.reports, "reporters": p.reporters, "period": p.period,
            "period_source": p.period_source, "sheets": p.sheets, "kind": p.kind}


def _assert_same(fast: object, slow: object) -> None:
    if isinstance(slow, tuple) or isinstance(fast, tuple):
        assert fast == slow
        return
    assert isinstance(fast, dict) and isinstance(slow, dict)
    pd.testing.assert_frame_equal(fast["records"], slow["records"], check_exact=True)
    assert list(fast["records"].dtypes) == list(slow["records"].dtypes)
    for key in slow:
        if key != "records":
            assert fast[key] == slow[key], key


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", ["long", "roster"])
def test_cached_parse_equals_per_cell_parse(monkeypatch, seed, fmt, kind):
    rows = messy_long_rows(1500, seed) if kind == "long" else messy_roster_rows(800, seed)
    if fmt == "xlsx":
        data, name = fx.xlsx({"蕉城区": rows}), "2024年5月台账.xlsx"
    else:
        data, name = _csv(rows), "2024年5月台账.csv"
    fast = _snapshot(data, name)
    assert not isinstance(fast, tuple) and fast["issues"], "the messy file should raise issues"
    monkeypatch.setattr(cell_memo, "ENABLED", False)
    slow = _snapshot(data, name)
    _assert_same(fast, slow)


def _reference_drop_exact_duplicates(parsed: ParsedFile) -> None:
    """The groupby version _drop_exact_duplicates replaced (kept here as the reference)."""
    df = parsed.records
    if df.empty:
        return
    values = [c for c in df.columns if c not in ("sheet", "row_no")]
    record_sig = df[values[0]].map(str)
    for column in values[1:]:
        record_sig = record_sig + "\x1f" + df[column].map(str)
    row_sig = record_sig.groupby([df["sheet"], df["row_no"]], sort=False).agg("\x1e".join)
    first_seen: dict[tuple, int] = {}
    dup_rows: set[tuple[str, int]] = set()
    for (sheet, row_no), signature in row_sig.items():
        key = (sheet, signature)
        if key in first_seen:
            dup_rows.add((sheet, row_no))
            parsed.issues.append(Issue("warn.duplicate_row", "warning", parsed.file_name, sheet, int(row_no),
                                       params={"first": first_seen[key]}))
        else:
            first_seen[key] = int(row_no)
    if dup_rows:
        keep = [(s, r) not in dup_rows for s, r in zip(df["sheet"], df["row_no"], strict=True)]
        parsed.records = df[keep].reset_index(drop=True)
    parsed.rows_duplicate = len(dup_rows)


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_duplicate_pass_equals_groupby(seed):
    rng = random.Random(seed)
    recs = []
    for row_no in range(2, 600):
        sheet = rng.choice(["甲", "乙"])
        for _ in range(rng.choice([1, 1, 1, 2, 3])):  # a wide row gives several records
            recs.append({"month": dt.date(2024, 5, 1), "day": rng.choice([None, dt.date(2024, 5, 2)]),
                         "unit": rng.choice(["团市委", "城南镇团委"]), "county": rng.choice([None, "蕉城区"]),
                         "name": rng.choice(["张三", "李四"]), "phone": None, "type": rng.choice(["repost", "like"]),
                         "platform": "wechat", "count": rng.choice([1, 2]), "title": None, "link": None,
                         "note": None, "sheet": sheet, "row_no": row_no, "adopt_level": None, "adopt_outlet": None,
                         "adopted": rng.choice([None, 1])})
    frame = pd.DataFrame.from_records(recs, columns=ACTIVITY_COLUMNS)
    fast = ParsedFile("f.xlsx", "", 0, "activity", None, None, frame.copy())
    slow = ParsedFile("f.xlsx", "", 0, "activity", None, None, frame.copy())
    parse._drop_exact_duplicates(fast)
    _reference_drop_exact_duplicates(slow)
    assert fast.rows_duplicate == slow.rows_duplicate > 0
    assert fast.issues == slow.issues
    pd.testing.assert_frame_equal(fast.records, slow.records, check_exact=True)


def test_long_line_pattern_finds_what_the_unanchored_one_found():
    """limits._LONG_LINE is anchored at line starts; the matches are those of the unanchored pattern."""
    import re

    from outreach.ingest import limits

    unanchored = re.compile(rf"[^\n]{{{limits.MAX_COLUMNS},}}")
    rng = random.Random(7)
    pieces = ["x" * limits.MAX_COLUMNS, "y" * (limits.MAX_COLUMNS - 1), "\n", "\r\n", ",", "z" * 30]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert [m.span() for m in limits._LONG_LINE.finditer(text)] == [m.span() for m in unanchored.finditer(text)]


def test_check_zip_says_which_parts_hold_formulas():
    """readers skips re-inflating a sheet without `<f` (limits.check_zip's answer); one with a formula
    saved without its result is still found."""
    from outreach.ingest import limits, readers

    plain = fx.xlsx([["姓名", "单位"], ["张三", "团市委"]])
    assert limits.check_zip(plain, "a.xlsx").get("xl/worksheets/sheet1.xml") is False
    assert readers._xlsx_formula_blanks(plain, limits.check_zip(plain, "a.xlsx")) == {}
    with_formula = fx.xlsx_with_formulas([["姓名", "数量"], ["张三", ("=1+1", None)]])
    formulas = limits.check_zip(with_formula, "b.xlsx")
    assert formulas.get("xl/worksheets/sheet1.xml") is True
    assert readers._xlsx_formula_blanks(with_formula, formulas) == readers._xlsx_formula_blanks(with_formula)


def _long_frame(rng: random.Random, n: int, awkward: bool) -> pd.DataFrame:
    """One record per source row, as a long log gives; ``awkward`` mixes in values whose text collides
    (a literal `nan` beside a missing value, 1 beside `1`, the separator inside a title)."""
    titles = ["标题", None, "nan", "<NA>", "a\x1fNone", "a"] if awkward else ["标题", None, "通知"]
    links = [None, "None", 1, "1", 1.0] if awkward else [None, "http://x"]
    days = [None, dt.date(2024, 5, 2), "2024-05-02"] if awkward else [None, dt.date(2024, 5, 2)]
    recs = []
    for row_no in range(2, n + 2):
        recs.append({"month": dt.date(2024, 5, 1), "day": rng.choice(days),
                     "unit": rng.choice(["团市委", "城南镇团委"]), "county": rng.choice([None, "蕉城区"]),
                     "name": rng.choice(["张三", "李四", "王五"]),
                     "phone": rng.choice([None, "13812345678"]), "type": rng.choice(["repost", "like"]),
                     "platform": "wechat", "count": rng.choice([1, 2]), "title": rng.choice(titles),
                     "link": rng.choice(links), "note": None, "sheet": rng.choice(["甲", "乙"]), "row_no": row_no,
                     "adopt_level": None, "adopt_outlet": None, "adopted": rng.choice([None, 1])})
    return pd.DataFrame.from_records(recs, columns=ACTIVITY_COLUMNS)


@pytest.mark.parametrize("awkward", [False, True])
@pytest.mark.parametrize("n", [3, 40, 400])
@pytest.mark.parametrize("seed", [6, 7, 8])
def test_long_duplicate_shortcut_equals_groupby(seed, n, awkward):
    """fast_long.rows_surely_distinct lets the duplicate pass stop early: never where it finds a copy."""
    from outreach.ingest import fast_long

    frame = _long_frame(random.Random(seed), n, awkward)
    fast = ParsedFile("f.xlsx", "", 0, "activity", None, None, frame.copy())
    slow = ParsedFile("f.xlsx", "", 0, "activity", None, None, frame.copy())
    parse._drop_exact_duplicates(fast)
    _reference_drop_exact_duplicates(slow)
    assert fast.rows_duplicate == slow.rows_duplicate
    assert fast.issues == slow.issues
    pd.testing.assert_frame_equal(fast.records, slow.records, check_exact=True)
    values = [c for c in frame.columns if c not in ("sheet", "row_no")]
    if fast_long.rows_surely_distinct(frame, values):
        assert slow.rows_duplicate == 0


def test_duplicate_shortcut_sees_separator_collisions():
    """Two rows whose joined texts agree though their cells differ are copies to the full pass."""
    base = {c: None for c in ACTIVITY_COLUMNS} | {"month": dt.date(2024, 5, 1), "unit": "团市委", "name": "张三",
                                                          "type": "repost", "platform": "wechat", "count": 1,
                                                          "sheet": "甲"}
    recs = [base | {"title": "a\x1fb", "link": "c", "row_no": 2}, base | {"title": "a", "link": "b\x1fc", "row_no": 3},
            base | {"title": "nan", "row_no": 4}, base | {"title": None, "row_no": 5}]
    frame = pd.DataFrame.from_records(recs, columns=ACTIVITY_COLUMNS)
    fast = ParsedFile("f.xlsx", "", 0, "activity", None, None, frame.copy())
    slow = ParsedFile("f.xlsx", "", 0, "activity", None, None, frame.copy())
    parse._drop_exact_duplicates(fast)
    _reference_drop_exact_duplicates(slow)
    assert fast.rows_duplicate == slow.rows_duplicate == 2
    assert fast.issues == slow.issues


def _reference_check_cell_text(rows: list[list[object]]) -> object:
    from outreach.ingest import limits

    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value.__class__ is str and len(value) > limits.MAX_CELL_CHARS:
                return (r + 1, c)
    return None


@pytest.mark.parametrize("seed", range(6))
def test_cell_text_check_finds_the_first_long_cell(seed):
    from outreach.ingest import limits

    rng = random.Random(seed)
    long_text = "x" * (limits.MAX_CELL_CHARS + 1)
    cells = ["a", "", None, 0, 0.0, 1e308, -1e-308, True, False, dt.datetime(2024, 5, 1, 10), dt.date(2024, 5, 1),
             dt.time(10, 30), dt.timedelta(days=99999), "y" * limits.MAX_CELL_CHARS]
    rows = [[rng.choice(cells) for _ in range(rng.randint(0, 6))] for _ in range(rng.randint(0, 60))]
    for _ in range(rng.randint(0, 3)):
        if rows:
            row = rng.choice(rows)
            if row:
                row[rng.randrange(len(row))] = long_text
    want = _reference_check_cell_text(rows)
    try:
        limits.check_cell_text("f.xlsx", "甲", rows)
        got = None
    except ImportRefused as exc:
        got = (exc.issue.row, exc.issue.col)
    assert got == want


def test_duplicate_shortcut_answers_for_distinct_long_logs():
    """A long log whose rows differ in name: the shortcut decides (no copies), as the full pass would."""
    from outreach.ingest import fast_long

    frame = _long_frame(random.Random(9), 300, False)
    frame["name"] = [f"成员{i}" for i in range(len(frame))]
    values = [c for c in frame.columns if c not in ("sheet", "row_no")]
    assert fast_long.rows_surely_distinct(frame, values)
    slow = ParsedFile("f.xlsx", "", 0, "activity", None, None, frame.copy())
    _reference_drop_exact_duplicates(slow)
    assert slow.rows_duplicate == 0 and not slow.issues
    frame.loc[7, "title"] = "a\x1fb"  # a separator in a value: not known, the full pass decides
    assert not fast_long.rows_surely_distinct(frame, values)
