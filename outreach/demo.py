"""Demo files: a fictional Youth League outreach team of Ningde in 2014, written the way offices send them.

Modelled on a real 2014 report (city level 400 members, 200 per county), scaled down 10×. Every person
is made up. The same seed gives the same bytes, so tests, the `demo` command and screenshots agree.
The files are deliberately messy (merged titles, subtitles instead of unit columns, GBK CSV, two-row
headers, 合计 rows, legacy .xls) because the import has to cope with exactly that.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import pathlib
import random
from dataclasses import dataclass

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from outreach.xlsx import reproducible_xlsx

CITY = "市本级"
COUNTIES: tuple[str, ...] = (
    CITY, "蕉城区", "福安市", "福鼎市", "霞浦县", "古田县", "屏南县", "寿宁县", "周宁县", "柘荣县")
_COUNTY_UNIT = dict(zip(COUNTIES[1:], ("蕉城团区委", "福安团市委", "福鼎团市委", "霞浦团县委", "古田团县委",
                                       "屏南团县委", "寿宁团县委", "周宁团县委", "柘荣团县委"), strict=True))
# City units: (unit, members, category mix).
_CITY_UNITS = (("团市委", 12, "league"), ("市直机关团工委", 10, "organs"),
               ("宁德师范学院团委", 10, "college"), ("宁德职业技术学院团委", 8, "college"))
# How much a unit's members do compared with an average unit: the dashboards should show strong and weak.
_STRENGTH = {"团市委": 1.5, "市直机关团工委": 0.9, "宁德师范学院团委": 1.3, "宁德职业技术学院团委": 0.7,
             "蕉城团区委": 1.3, "福安团市委": 1.1, "福鼎团市委": 1.0, "霞浦团县委": 1.2, "古田团县委": 0.8,
             "屏南团县委": 0.6, "寿宁团县委": 0.5, "周宁团县委": 0.7, "柘荣团县委": 0.9}
_MONTH_FACTOR = {5: 0.8, 6: 0.9, 7: 1.1, 8: 0.95, 9: 1.2}  # 七一 and the September anniversaries lift activity
# Quota gaps the Team page should flag.
_NO_LIAISON = {"宁德职业技术学院团委", "周宁团县委"}
_NO_CORE = {"柘荣团县委"}
_SILENT_IN_SEPTEMBER = "寿宁团县委"  # never reports 2014-09
_CSV_COUNTY = "福鼎市"  # sends its own September log as CSV, so the .xls leaves it out (one file per unit+month)
# Activity rows whose person is on no roster (newcomers the office forgot to add): imported, flagged unmatched.
UNMATCHED: tuple[tuple[str, str], ...] = (("古田团县委", "陈晓东"), ("蕉城团区委", "林秋生"), ("福鼎团市委", "蔡丽华"))

_MIX = {"league": {"团干部": 5, "网络阅评员": 5}, "organs": {"团干部": 4, "网络阅评员": 4, "离退休干部": 2},
        "college": {"大学生志愿者": 7, "青年教师": 3},
        "county": {"团干部": 3, "网络阅评员": 3, "青年教师": 2, "大学生志愿者": 1, "离退休干部": 2}}
_BORN = {"团干部": (1980, 1991), "网络阅评员": (1972, 1990), "大学生志愿者": (1992, 1996),
         "青年教师": (1979, 1990), "离退休干部": (1944, 1954)}
_POSITIONS = {"团干部": ("团委书记", "团委副书记", "团委干事", "团支部书记", "宣传委员"),
              "网络阅评员": ("科员", "干部", "编辑", "记者"), "大学生志愿者": ("学生", "学生会宣传部部长", "班长"),
              "青年教师": ("教师", "辅导员", "教研组长"), "离退休干部": ("原科长", "原副局长", "原乡镇党委副书记")}
_TOWNSHIPS = {"蕉城区": ("蕉北街道", "蕉南街道", "城南镇", "漳湾镇", "七都镇", "洋中镇"),
              "福安市": ("城北街道", "城南街道", "阳头街道", "赛岐镇", "穆阳镇"),
              "霞浦县": ("松城街道", "松港街道", "长春镇", "牙城镇", "三沙镇"),
              "古田县": ("城东街道", "城西街道", "平湖镇", "大桥镇")}
_SURNAMES = "林陈黄郑吴刘王李张杨魏缪阮雷蓝钟叶周游谢彭肖蔡何余施汤陆"
_GIVEN = {"男": "伟斌强军杰磊涛鹏辉峰建明华志文俊锋海松宇航浩晨东勇毅坤荣鑫",
          "女": "燕丽娟敏静婷琳芳雪霞萍玲洁颖倩慧娜莹佳欣雯蓉晓秀梅婧妍瑶"}
_NICKS = ("宁德青年", "追梦人", "蓝天白云", "小鱼儿", "向日葵", "闽东之光", "三都澳", "太姥山下", "海的女儿", "阳光")

# Wide monthly columns: (header, sub-header for a two-row header or None, mean per active member).
_BASE = [("转发微信（条）", None, 3.0), ("转发微博（条）", None, 5.0), ("网络评论（条）", None, 2.5),
         ("原创作品（篇）", None, 0.4), ("舆情信息（条）", None, 0.2)]
_WIDE = {5: _BASE, 6: [*_BASE, ("今日头条评论（条）", None, 0.4)],
         7: [("转发", "微信", 3.0), ("转发", "微博", 5.0), ("转发", "QQ", 1.0), ("评论", "微博", 1.5),
             ("评论", "论坛", 0.8), ("原创作品（篇）", None, 0.4), ("舆情信息（条）", None, 0.2)],
         8: [*_BASE[:2], ("转发QQ空间（条）", None, 1.0), *_BASE[2:]]}
# September long log: (type, platform, mean per active member). No 抖音 (2016) or 学习强国 (2019) in 2014.
_LONG = (("转发", "微信", 3.0), ("转发", "微博", 5.0), ("转发", "QQ", 1.0), ("评论", "微博", 1.5),
         ("评论", "论坛", 0.8), ("评论", "今日头条", 0.4), ("原创", "微信", 0.3), ("原创", "微博", 0.2),
         ("舆情报送", "论坛", 0.25))
_TOPICS = ("庆祝第30个教师节", "首个烈士纪念日：缅怀革命先烈", "喜迎新中国成立65周年", "中秋假期平安出行提示",
           "宁德创建全国文明城市", "“我的中国梦”网络主题活动")
_ORIGINALS = ("《青年志愿者走进山区小学》", "《我眼中的三都澳》", "《记身边的好团干》", "《青春在基层闪光》")
_OPINIONS = ("关于网帖反映小区停水问题的舆情", "关于网民议论城区道路施工的舆情", "关于台风防御网民关切的舆情")
_COURSES = ((dt.date(2014, 9, 12), "2014年全市网络宣传员业务培训班", ""),
            (dt.date(2014, 9, 24), "网络评论写作专题辅导（QQ群网络课堂）", "QQ"))
_MEETING = (dt.date(2014, 9, 29), "线上主题团日：纪念首个烈士纪念日", "QQ")
# Campaigns (专项活动) inside the demo's months, drawn as bands on the trend charts. The second falls in
# September, the month with dated rows, so the weekly view and the calendar show it too.
CAMPAIGNS = (("「我的中国梦」七一网络主题宣传", dt.date(2014, 6, 25), dt.date(2014, 7, 5), "纪念建党93周年"),
             ("喜迎新中国成立65周年网络宣传", dt.date(2014, 9, 20), dt.date(2014, 9, 30), "含首个烈士纪念日"))
_STAMP = (2014, 10, 8, 9, 0, 0)  # fixed "saved at", so output bytes do not depend on the clock


@dataclass
class _Member:
    unit: str
    county: str
    name: str
    gender: str
    born: tuple[int, int]
    category: str
    position: str
    role: str
    wechat: str | None
    phone: str
    township: str | None
    drive: float  # personal activity level


def _roster(rng: random.Random) -> list[_Member]:
    plan = [(u, CITY, n, mix) for u, n, mix in _CITY_UNITS]
    plan += [(u, c, 20 + rng.randint(-2, 2), "county") for c, u in _COUNTY_UNIT.items()]
    taken = {name for _, name in UNMATCHED}
    members = []
    for unit, county, size, mix in plan:
        liaison = unit not in _NO_LIAISON
        n_core = 0 if unit in _NO_CORE else rng.randint(1, 3)
        for i in range(size):
            role = "联络员" if liaison and i == 0 else "骨干" if i < n_core + liaison else "网宣员"
            category = "团干部" if role == "联络员" else rng.choices(*zip(*_MIX[mix].items(), strict=True))[0]
            gender = rng.choice("男女")
            name = ""
            while not name or name in taken:
                name = rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN[gender], rng.choice((1, 2, 2))))
            taken.add(name)
            wechat = rng.choice((name[1:], rng.choice(_NICKS), f"{rng.choice(_NICKS)}{rng.randint(1, 99)}", None))
            members.append(_Member(
                unit, county, name, gender, (rng.randint(*_BORN[category]), rng.randint(1, 12)), category,
                rng.choice(_POSITIONS[category]), role, wechat,
                f"1{rng.choice('358')}{rng.choice('0123456789')}{rng.randrange(10**8):08d}",
                rng.choice(_TOWNSHIPS[county]) if county in _TOWNSHIPS else None,
                rng.lognormvariate(0, 0.35) * {"骨干": 1.4, "联络员": 1.2}.get(role, 1.0)))
    return members


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method: fine for the small means here, and random.Random has no Poisson draw of its own."""
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k, p = k + 1, p * rng.random()
    return k


def _counts(rng: random.Random, m: _Member, month: int, means: list[float]) -> list[int]:
    if rng.random() < 0.15:  # about one member in seven does nothing in a given month
        return [0] * len(means)
    rate = _STRENGTH[m.unit] * m.drive * _MONTH_FACTOR[month]
    return [_poisson(rng, mean * rate) for mean in means]


def _xlsx(wb: openpyxl.Workbook) -> bytes:
    return reproducible_xlsx(wb, dt.datetime(*_STAMP))


def _sheet(wb: openpyxl.Workbook, name: str, rows: list[list], merges: list[tuple[int, int, int, int]]) -> Worksheet:
    ws = wb.create_sheet(name)
    for row in rows:
        ws.append(row)
    for r0, c0, r1, c1 in merges:  # 1-based, inclusive
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
    return ws


def _roster_row(m: _Member, headers: list[str], birth: str, numeric_phone: bool = False) -> list:
    y, mo = m.born
    births = {"dot": f"{y}.{mo:02d}", "cn": f"{y}年{mo}月", "dash": f"{y}-{mo:02d}", "date": dt.datetime(y, mo, 1)}
    values = {"姓名": m.name, "性别": m.gender, "出生年月": births[birth], "单位": m.unit, "县区": m.county,
              "乡镇（街道）": m.township, "职务": m.position, "微信名": m.wechat,
              "手机号码": int(m.phone) if numeric_phone else m.phone, "类别": m.category, "角色": m.role}
    return [values.get(h) for h in headers]


_ROSTER_HEAD = ["姓名", "性别", "出生年月", "单位", "县区", "职务", "微信名", "手机号码", "类别", "角色"]
# Per county sheet of 花名册_各县区.xlsx: the quirks that office's sheet has.
_QUIRKS = {"蕉城区": {"subtitle", "township"}, "福安市": {"serial", "township", "footer"},
           "福鼎市": {"numeric_phone"}, "古田县": {"subtitle", "township", "serial"}, "屏南县": {"date_birth"},
           "寿宁县": {"footer", "cn_birth"}, "周宁县": set(), "柘荣县": {"subtitle"}}


def _county_sheet(wb: openpyxl.Workbook, county: str, members: list[_Member]) -> None:
    q = _QUIRKS[county]
    # The sheet name is the county; a subtitle names the unit where the sheet has no 单位 column.
    skip = {"县区", "单位"} if "subtitle" in q else {"县区"}
    head = ["序号"] * ("serial" in q) + [h for h in _ROSTER_HEAD if h not in skip]
    if "township" in q:
        head.insert(head.index("职务"), "乡镇（街道）")
    rows = [[f"{county}网络宣传员队伍花名册"]]
    rows += [[f"填报单位：{_COUNTY_UNIT[county]}　　填报时间：2014年5月"]] if "subtitle" in q else [["截至2014年5月"]]
    rows.append(head)
    birth = "date" if "date_birth" in q else "cn" if "cn_birth" in q else "dot"
    for i, m in enumerate(members, 1):
        row = _roster_row(m, head, birth, "numeric_phone" in q)
        rows.append([i, *row[1:]] if "serial" in q else row)
    if "footer" in q:
        rows += [[], ["填表人：叶小红　　审核人：郑建国"]]
    ws = _sheet(wb, county, rows, [(1, 1, 1, len(head))])
    if "date_birth" in q:
        col = head.index("出生年月") + 1
        for cells in ws.iter_rows(min_row=4, min_col=col, max_col=col):
            cells[0].number_format = "yyyy-mm"  # shown as 1986-05, stored as a date


def _wide_book(rng: random.Random, month: int, members: list[_Member]) -> bytes:
    cols = _WIDE[month]
    two = any(sub for _, sub, _ in cols)
    fixed = ["序号", "县区", "单位", "姓名"]
    width, h = len(fixed) + len(cols) + 1, 3 if two else 2  # h: last header row
    # August's title forgets the month: the file name is then the only place that says it.
    title = "网络宣传员工作量统计表" if month == 8 else f"2014年{month}月网络宣传员工作量统计表"
    rows: list[list] = [[title], [*fixed, *(c[0] for c in cols), "合计"]]
    merges = [(1, 1, 1, width)]
    if two:  # `转发` merged over `微信 | 微博 | QQ`; single headers merged down over both rows
        subs = [None] * len(fixed) + [c[1] for c in cols] + [None]
        rows.append(subs)
        j = 0
        while j < width:
            end = j
            while subs[j] and end + 1 < width and subs[end + 1] and rows[1][end + 1] == rows[1][j]:
                end += 1
            merges.append((2, j + 1, 2, end + 1) if subs[j] else (2, j + 1, 3, j + 1))
            j = end + 1
    means, first, last = [c[2] for c in cols], h + 1, get_column_letter(width - 1)
    for unit in dict.fromkeys(m.unit for m in members):
        group = [m for m in members if m.unit == unit]
        people = [(m.county, m.name, _counts(rng, m, month, means)) for m in group]
        if month == 7 and unit == UNMATCHED[0][0]:  # a newcomer reported before being put on the roster
            people.append((group[0].county, UNMATCHED[0][1], [_poisson(rng, x) for x in means]))
        start = len(rows) + 1
        for county, name, counts in people:
            r = len(rows) + 1
            rows.append([r - h, county, unit, name, *counts, f"=SUM(E{r}:{last}{r})"])
        if month == 6:  # June's office merged 县区 and 单位 down over each unit's rows
            merges += [(start, 2, len(rows), 2), (start, 3, len(rows), 3)]
    end = len(rows)
    letters = [get_column_letter(c) for c in range(5, width + 1)]
    rows.append(["合计", None, None, None, *(f"=SUM({c}{first}:{c}{end})" for c in letters)])
    rows += [[], [f"填表人：叶小红　　审核人：郑建国　　填表日期：2014年{month + 1}月3日"]]
    merges.append((end + 1, 1, end + 1, 4))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _sheet(wb, f"{month}月", rows, merges)
    return _xlsx(wb)


def _long_row(rng: random.Random, m: _Member | tuple[str, str], kind: str, platform: str, n: int) -> list:
    """[日期, 姓名, 单位, 类型, 平台, 数量, 标题, 链接, 备注]; links only where a reviewer would ask for one."""
    unit, name = (m.unit, m.name) if isinstance(m, _Member) else m
    title = {"转发": rng.choice((*_TOPICS, None, None, None)), "原创": rng.choice(_ORIGINALS),
             "舆情报送": rng.choice(_OPINIONS)}.get(kind)
    link = None
    if kind in ("原创", "舆情报送"):
        link = f"http://bbs.example.com/thread-{rng.randint(10000, 99999)}-1-1.html"
    note = "已报送团市委" if kind == "舆情报送" else None
    return [dt.date(2014, 9, rng.randint(1, 30)), name, unit, kind, platform, n, title, link, note]


def _september(rng: random.Random, members: list[_Member]) -> dict[str, list[list]]:
    """September's long log, per unit. The silent unit is missing altogether."""
    out: dict[str, list[list]] = {}
    means = [c[2] for c in _LONG]
    for m in members:
        if m.unit == _SILENT_IN_SEPTEMBER:
            continue
        rows = out.setdefault(m.unit, [])
        for (kind, platform, _), n in zip(_LONG, _counts(rng, m, 9, means), strict=True):
            if n:  # a month's reposts are logged in one to three entries, each on a day of its own
                cuts = sorted(rng.sample(range(1, n), min(n - 1, rng.randint(0, 2))))
                days = sorted(rng.sample(range(1, 31), len(cuts) + 1))
                for a, b, day in zip([0, *cuts], [*cuts, n], days, strict=True):
                    rows.append([dt.date(2014, 9, day), *_long_row(rng, m, kind, platform, b - a)[1:]])
        # Training and meetings: one row per person, the same date and title for everyone who came.
        (day1, course1, _), (day2, course2, via2) = _COURSES
        if m.role != "网宣员" or (m.county == CITY and rng.random() < 0.5):
            rows.append([day1, m.name, m.unit, "参加培训", "", 1, course1, None, None])
        if m.county != CITY and rng.random() < 0.25:
            rows.append([day2, m.name, m.unit, "参加培训", via2, 1, course2, None, None])
        if m.unit in ("团市委", "蕉城团区委", "霞浦团县委", "福安团市委", "福鼎团市委") and rng.random() < 0.7:
            rows.append([_MEETING[0], m.name, m.unit, "线上会议", _MEETING[2], 1, _MEETING[1], None, None])
    newcomer, stranger = UNMATCHED[1], UNMATCHED[2]
    out[newcomer[0]] += [_long_row(rng, newcomer, "转发", "微信", 3), _long_row(rng, newcomer, "评论", "微博", 1)]
    out[stranger[0]].append(_long_row(rng, stranger, "舆情报送", "论坛", 1))
    # Rebuttals are rare: one in the whole month, by 福鼎's liaison.
    liaison = next(m for m in members if m.county == _CSV_COUNTY and m.role == "联络员")
    out[liaison.unit].append([dt.date(2014, 9, 27), liaison.name, liaison.unit, "辟谣", "微博", 1,
                              "网传“太姥山景区国庆封闭”系谣言", "http://weibo.example.com/2014092701", "已报送团市委"])
    for rows in out.values():
        rows.sort(key=lambda r: r[0])  # stable: a day's entries keep the roster order
    return out


# Where 福鼎's September opinion reports, rebuttals and originals were adopted (采用级别, 采用单位/平台): drawn
# from the row's place, not the random stream, so every other sample keeps its bytes.
_ADOPTERS = (("市级", "宁德文明网"), ("省级", "福建文明网"), (None, None), ("中央", "中国文明网"), ("市级", "闽东网"))


def _adoption(row: list, i: int) -> list:
    """[采用级别, 采用单位/平台] of a long-log row: adopted opinion reports, rebuttals and some originals."""
    if row[3] in ("舆情报送", "辟谣") or (row[3] == "原创" and i % 2 == 0):
        return list(_ADOPTERS[i % len(_ADOPTERS)])
    return [None, None]


def _csv(rows: list[list]) -> str:
    width = max(len(r) for r in rows)
    buf = io.StringIO()  # Excel pads every line to the table's width, title lines included
    csv.writer(buf, lineterminator="\r\n").writerows([[*r, *[""] * (width - len(r))] for r in rows])
    return buf.getvalue()


def _xls(rows: list[list]) -> bytes:
    """The legacy .xls most offices still saved in 2014; the 链接/备注 columns are not in this one."""
    # xlwt is a dev-only dependency (requirements-dev.txt): the app imports this module through
    # demo_load, but only ever reads the committed samples in data/samples/. Importing xlwt here keeps
    # a runtime install (requirements.txt alone) working; regenerating the samples needs the dev set.
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("9月台账")
    ws.write_merge(0, 0, 0, 6, "2014年9月网络宣传员工作台账")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")  # real date cells, as Excel stores them
    for r, row in enumerate([["日期", "姓名", "单位", "类型", "平台", "数量", "标题"], *rows], 1):
        for c, value in enumerate(row[:7]):
            if value not in (None, ""):
                ws.write(r, c, value, date_style if isinstance(value, dt.date) else xlwt.Style.default_style)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _campaign_book() -> bytes:
    """The city office's campaign list: a merged title, a 序号 column, one date typed as text."""
    head = ["序号", "活动名称", "开始日期", "结束日期", "备注"]
    rows: list[list] = [["2014年全市网络宣传专项活动安排"], head]
    for i, (name, starts, ends, note) in enumerate(CAMPAIGNS, 1):
        typed = f"{ends.year}年{ends.month}月{ends.day}日" if i == 1 else dt.datetime.combine(ends, dt.time())
        rows.append([i, name, dt.datetime.combine(starts, dt.time()), typed, note])
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    ws = _sheet(wb, "专项活动", rows, [(1, 1, 1, len(head))])
    for cells in ws.iter_rows(min_row=3, min_col=3, max_col=4):
        for cell in cells:
            cell.number_format = "yyyy-mm-dd"
    ws.column_dimensions["B"].width = 34
    return _xlsx(wb)


def write_samples(folder: pathlib.Path, seed: int = 2014) -> list[pathlib.Path]:
    """Write the demo files into ``folder``; return them in import order (rosters, then months)."""
    rng = random.Random(seed)
    members = _roster(rng)
    files: dict[str, bytes] = {}

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    city = [_roster_row(m, _ROSTER_HEAD, "dot") for m in members if m.county == CITY]
    _sheet(wb, "2014年5月", [["宁德市网络宣传员队伍花名册"], _ROSTER_HEAD, *city], [(1, 1, 1, len(_ROSTER_HEAD))])
    files["花名册_市本级.xlsx"] = _xlsx(wb)

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for county in _QUIRKS:
        _county_sheet(wb, county, [m for m in members if m.county == county])
    files["花名册_各县区.xlsx"] = _xlsx(wb)

    head = ["序号", *_ROSTER_HEAD[:5], "乡镇（街道）", *_ROSTER_HEAD[5:]]
    xiapu = [m for m in members if m.county == "霞浦县"]
    xiapu = [[i, *_roster_row(m, head, "dash")[1:]] for i, m in enumerate(xiapu, 1)]
    files["花名册_霞浦县.csv"] = _csv([["霞浦县网络宣传员队伍花名册（截至2014年5月）"], head, *xiapu]).encode("gbk")

    for month in _WIDE:
        files[f"2014年{month}月工作量统计表.xlsx"] = _wide_book(rng, month, members)

    september = _september(rng, members)
    fuding = september.pop(_COUNTY_UNIT[_CSV_COUNTY])
    files["2014年9月工作台账.xls"] = _xls([row for rows in september.values() for row in rows])
    head = ["日期", "姓名", "单位", "类型", "平台", "数量", "标题", "链接", "备注", "采用级别", "采用单位/平台"]
    fuding = [[f"{r[0].year}/{r[0].month}/{r[0].day}", *r[1:], *_adoption(r, i)] for i, r in enumerate(fuding)]
    files["福鼎市2014年9月网宣工作台账.csv"] = ("\ufeff" + _csv([head, *fuding])).encode("utf-8")
    files["2014年专项活动安排.xlsx"] = _campaign_book()  # no random draws: the files above keep their bytes

    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]
