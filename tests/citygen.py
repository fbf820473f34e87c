"""A fictional city's outreach team, the messy files its staff upload, and the ground truth behind them.

Used by tests/test_differential.py. The ground truth is kept from the generator's own records (who is on
which roster, which count went into which cell, which (unit, month, type) a file reports) and evaluated
by :class:`Truth`, plain Python written from the product rules in SPEC.md and issue #10. Nothing here
imports outreach: the figures must not come from the parser, the loader or the queries under test.

Everything is drawn from one ``random.Random(seed)``: the same seed gives the same city, the same files
(byte for byte) and the same sequence of steps.

    python tests/citygen.py --seed 7 --out /tmp/city7     # writes the files of seed 7 and a truth.json
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import random
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import openpyxl
import xlwt

YEAR = 2014
ACTIVE, LEFT = "在册", "退出"

# --------------------------------------------------------------------------------------------------
# Features: every messy shape can be switched off, so a failure class can be isolated
# --------------------------------------------------------------------------------------------------

FEATURES: tuple[str, ...] = (
    "same_named_units",  # 城南镇团委 / 城关镇团委 in two counties each, and namesakes inside them
    "namesakes",  # same-named people in different units, and two namesakes in one unit (told apart by phone)
    "section_lines",  # `二、蕉城区` lines setting the county of the rows below (the parser is being taught them)
    "total_rows",  # 合计 | 58人 (合计 in 序号, a count in 姓名), 合计 in the name column, 以下空白
    "two_row_headers",  # `转发（条）` merged over 微信 | 微博
    "merged_cells",  # 单位 (and 县区) merged down over a unit's rows
    "xls",  # legacy .xls written by xlwt
    "csv",  # GBK / GB18030 / UTF-8-BOM text
    "roster_filing_dates",  # a roster dated only by `填报日期：2014年6月10日` under its title
    "new_units",  # a unit that first appears in a later roster
    "backdated_rosters",  # a roster arriving late, dated before the newest one of its units
    "faults",  # a 2099 date, a phone number in 数量, `-` in a count cell (issue #10 item 5, 6)
    "undo",
    "reupload",  # the same bytes again
    "training",  # sign-in sheets spanning months
    "meetings",  # online meeting sheets spanning months
    "corrections",  # a draft month, then the corrected file
    "partial_types",  # a month's 舆情信息-only or 转发-only file next to its full log
)


@dataclass(frozen=True)
class Features:
    """Which shapes the generator may use. ``Features.parse("-section_lines,-faults")`` turns two off;
    ``Features.parse("only:csv,xls")`` keeps just those (plain xlsx shapes are always there)."""

    enabled: frozenset[str] = frozenset(FEATURES)

    def __contains__(self, name: object) -> bool:
        return name in self.enabled

    @classmethod
    def parse(cls, spec: str | None) -> Features:
        spec = (spec or "").strip()
        if not spec or spec == "all":
            return cls()
        if spec.startswith("only:"):
            names = {s.strip() for s in spec[5:].split(",") if s.strip()}
            unknown = names - set(FEATURES)
            if unknown:
                raise ValueError(f"unknown features {sorted(unknown)}; known: {', '.join(FEATURES)}")
            return cls(frozenset(names))
        enabled = set(FEATURES)
        for item in (s.strip() for s in spec.split(",") if s.strip()):
            name = item.lstrip("+-")
            if name not in FEATURES:
                raise ValueError(f"unknown feature {name!r}; known: {', '.join(FEATURES)}")
            if item.startswith("-"):
                enabled.discard(name)
            else:
                enabled.add(name)
        return cls(frozenset(enabled))

    def describe(self) -> str:
        off = [f for f in FEATURES if f not in self.enabled]
        return "all" if not off else "-" + ",-".join(off)


# --------------------------------------------------------------------------------------------------
# The city
# --------------------------------------------------------------------------------------------------

# county → (its county-level office, unique town units)
COUNTY_UNITS: dict[str, tuple[str, tuple[str, ...]]] = {
    "福安市": ("福安团市委", ("赛岐镇团委", "穆阳镇团委", "阳头街道团工委")),
    "寿宁县": ("寿宁团县委", ("鳌阳镇团委", "南阳镇团委", "斜滩镇团委")),
    "霞浦县": ("霞浦团县委", ("松城街道团工委", "长春镇团委", "三沙镇团委")),
    "蕉城区": ("蕉城团区委", ("蕉北街道团工委", "漳湾镇团委", "七都镇团委")),
    "福鼎市": ("福鼎团市委", ("桐山街道团工委", "点头镇团委", "秦屿镇团委")),
    "柘荣县": ("柘荣团县委", ("双城镇团委", "富溪镇团委", "楮坪乡团委")),
}
# Units that join in a later roster (feature new_units): one per county, never in the first roster.
LATE_UNITS: dict[str, str] = {c: f"{c[:2]}经济开发区团工委" for c in COUNTY_UNITS}
SHARED_UNITS = ("城南镇团委", "城关镇团委")
CITY_OFFICE = "宁德团市委"
SECTION_NUMERALS = "一二三四五六七八九十"

_SURNAMES = "林陈黄郑吴刘王李张杨魏缪阮雷蓝钟叶周游谢彭肖蔡何余施汤陆"
_GIVEN = {"男": "伟斌强军杰磊涛鹏辉峰建明华志文俊锋海松宇航浩晨东勇毅坤荣鑫",
          "女": "燕丽娟敏静婷琳芳雪霞萍玲洁颖倩慧娜莹佳欣雯蓉晓秀梅婧妍瑶"}
_POSITIONS = ("团委书记", "团委副书记", "团委干事", "宣传委员", "科员", "教师", "社区干部", "村官")
ROLES = ("网宣员", "骨干", "联络员")


@dataclass(frozen=True)
class Person:
    county: str
    unit: str
    name: str
    phone: str
    role: str  # 网宣员 / 骨干 / 联络员
    gender: str
    position: str
    drive: float  # how active this person is (a multiplier on every mean)

    @property
    def unit_key(self) -> tuple[str, str]:
        return (self.county, self.unit)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Who this is: a unit is (county, unit name); namesakes in a unit differ by phone."""
        return (self.county, self.unit, self.name, self.phone)


@dataclass
class City:
    counties: list[str]
    units: list[tuple[str, str]]  # (county, unit), roster order
    # The membership the staff currently hold for each unit (what the next roster file will list),
    # as (person, status). Changes as roster updates are planned.
    members: dict[tuple[str, str], list[tuple[Person, str]]]
    late_units: dict[str, str]  # county → a unit that may join later
    former: list[Person] = field(default_factory=list)  # people dropped from a roster
    taken_names: set[str] = field(default_factory=set)
    taken_phones: set[str] = field(default_factory=set)
    protected: set[tuple[str, str, str, str]] = field(default_factory=set)  # namesakes: never removed

    def seat(self, county: str) -> str:
        return COUNTY_UNITS[county][0]

    def units_of(self, county: str) -> list[tuple[str, str]]:
        return [u for u in self.units if u[0] == county]

    def active_people(self, units: Iterable[tuple[str, str]] | None = None) -> list[Person]:
        chosen = self.units if units is None else list(units)
        return [p for u in chosen for p, status in self.members.get(u, []) if status == ACTIVE]


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        gender = rng.choice("男女")
        name = rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN[gender], rng.choice((1, 2, 2))))
        if name not in taken:
            taken.add(name)
            return name


def _phone(rng: random.Random, taken: set[str]) -> str:
    while True:
        phone = f"1{rng.choice('358')}{rng.randrange(10)}{rng.randrange(10**8):08d}"
        if phone not in taken:
            taken.add(phone)
            return phone


def new_person(rng: random.Random, city: City, unit: tuple[str, str], role: str = "网宣员",
               name: str | None = None) -> Person:
    return Person(unit[0], unit[1], name or _name(rng, city.taken_names), _phone(rng, city.taken_phones), role,
                  rng.choice("男女"), rng.choice(_POSITIONS), rng.lognormvariate(0, 0.4))


def make_city(rng: random.Random, features: Features = Features(), n_counties: int = 3) -> City:
    """~3 counties, ~10 units, ~60 members. With same_named_units, 城南镇团委 is in counties 0 and 1 and
    城关镇团委 in counties 1 and 2; with namesakes, a few names recur (see the comments below)."""
    counties = rng.sample(sorted(COUNTY_UNITS), n_counties)
    units: list[tuple[str, str]] = []
    for i, county in enumerate(counties):
        seat, towns = COUNTY_UNITS[county]
        units.append((county, seat))
        units += [(county, t) for t in rng.sample(towns, 1 if "same_named_units" in features else 2)]
        if "same_named_units" in features:
            if i in (0, 1):
                units.append((county, SHARED_UNITS[0]))
            if i in (1, 2):
                units.append((county, SHARED_UNITS[1]))
    city = City(counties, units, {}, {c: LATE_UNITS[c] for c in counties})
    for unit in units:
        size = rng.randint(4, 7)
        people = [new_person(rng, city, unit, "联络员" if i == 0 else "骨干" if i <= rng.randint(1, 2) else "网宣员")
                  for i in range(size)]
        city.members[unit] = [(p, ACTIVE) for p in people]
    if "namesakes" in features:
        # A name shared by people of two different units (the city office and a town of another county).
        a, b = units[0], units[-1]
        shared = city.members[a][1][0].name
        twin = new_person(rng, city, b, name=shared)
        city.members[b].append((twin, ACTIVE))
        # Two namesakes in one unit, told apart by phone only.
        c = units[len(units) // 2]
        first = city.members[c][-1][0]
        second = new_person(rng, city, c, name=first.name)
        city.members[c].append((second, ACTIVE))
        city.protected |= {first.key, second.key}
    if "same_named_units" in features and "namesakes" in features:
        # The same name in 城南镇团委 of two counties: an activity row naming only the unit and the name
        # needs the phone (or the county) to find its person.
        u0, u1 = (counties[0], SHARED_UNITS[0]), (counties[1], SHARED_UNITS[0])
        name = city.members[u0][-1][0].name
        city.members[u1].append((new_person(rng, city, u1, name=name), ACTIVE))
        city.protected |= {city.members[u0][-1][0].key, city.members[u1][-1][0].key}
    return city


# --------------------------------------------------------------------------------------------------
# What a file means: the records the generator wrote into it
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rec:
    """One counted action record: one source row × one (type, platform), count > 0."""

    row: int  # source row id inside its upload (a wide row yields several records)
    county: str
    unit: str
    name: str
    phone: str | None  # as the file shows it (None when the file has no phone column)
    month: dt.date
    day: dt.date | None
    type: str
    platform: str
    count: int
    title: str | None


@dataclass
class RosterContent:
    month: dt.date  # the snapshot month the file is dated by
    entries: list[tuple[Person, str]]  # (person, 在册/退出)

    @property
    def units(self) -> set[tuple[str, str]]:
        return {p.unit_key for p, _ in self.entries}


@dataclass
class ActivityContent:
    records: list[Rec]
    reported: set[tuple[str, str, dt.date, str]]  # (county, unit, month, type) the file reports


@dataclass
class Upload:
    name: str
    data: bytes
    kind: str  # roster | activity
    roster: RosterContent | None = None
    activity: ActivityContent | None = None
    tags: tuple[str, ...] = ()  # the shapes used, for reading a failure

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def describe(self) -> str:
        if self.roster is not None:
            what = f"roster {self.roster.month:%Y-%m}, {len(self.roster.units)} units, {len(self.roster.entries)} rows"
        else:
            assert self.activity is not None
            months = sorted({m for _, _, m, _ in self.activity.reported})
            types = sorted({t for _, _, _, t in self.activity.reported})
            span = f"{months[0]:%Y-%m}" + (f"..{months[-1]:%Y-%m}" if len(months) > 1 else "") if months else "-"
            what = (f"activity {span}, {len({(c, u) for c, u, _, _ in self.activity.reported})} units, "
                    f"types {'/'.join(types)}, {sum(r.count for r in self.activity.records)} actions")
        return f"{self.name} [{what}; {' '.join(self.tags)}]"


# --------------------------------------------------------------------------------------------------
# The truth: the product rules, evaluated over the generator's records
# --------------------------------------------------------------------------------------------------


@dataclass
class Batch:
    no: int
    upload: Upload
    live: bool = True


class Truth:
    """The state the product must show after a sequence of imports and undos.

    Rules (SPEC.md, issue #10):
    - a unit is (county, unit name);
    - a unit's membership in month M is its newest live roster snapshot dated ≤ M (ties: the later
      batch); `members` for a period is the membership in the period's last month (在册 rows only),
      `units` the units with anyone on it;
    - activity replacement is scoped by (unit, month, type): the newest live batch reporting a key
      owns it; undo = the state as if that batch had never been imported;
    - identical bytes while the first copy is live change nothing;
    - a row is matched to a person on any live roster of its unit (history stays matched) by name,
      namesakes told apart by phone; rows matching nobody or several are counted and flagged.
    """

    def __init__(self) -> None:
        self.batches: list[Batch] = []

    # --- steps -------------------------------------------------------------------------------------

    def import_upload(self, upload: Upload) -> tuple[int, bool]:
        """(batch number, already imported)."""
        for b in self.batches:
            if b.live and b.upload.sha256 == upload.sha256:
                return b.no, True
        batch = Batch(len(self.batches) + 1, upload)
        self.batches.append(batch)
        return batch.no, False

    def undo(self, no: int) -> None:
        batch = self.batches[no - 1]
        if not batch.live:
            raise ValueError(f"batch {no} is not live")
        batch.live = False

    def live(self) -> list[Batch]:
        return [b for b in self.batches if b.live]

    # --- rosters -----------------------------------------------------------------------------------

    def roster_people(self) -> dict[tuple[str, str], set[tuple[str, str]]]:
        """(county, unit) → {(name, phone)} of everyone any live roster lists for it, any status."""
        out: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        for b in self.live():
            if b.upload.roster is not None:
                for p, _ in b.upload.roster.entries:
                    out[p.unit_key].add((p.name, p.phone))
        return out

    def snapshot(self, month: dt.date | None) -> dict[tuple[str, str], list[tuple[Person, str]]]:
        """Each unit's roster as it stood in ``month`` (None: the newest). Before a unit's first roster,
        its earliest roster stands for it (the product's rule: a log that arrives before the roster is
        still measured against the people the unit later reported)."""
        best: dict[tuple[str, str], tuple[tuple[dt.date, int], RosterContent]] = {}
        earliest: dict[tuple[str, str], tuple[tuple[dt.date, int], RosterContent]] = {}
        for b in self.live():
            roster = b.upload.roster
            if roster is None:
                continue
            for unit in roster.units:
                rank = (roster.month, b.no)
                if unit not in earliest or rank < earliest[unit][0]:
                    earliest[unit] = (rank, roster)
                if month is not None and roster.month > month:
                    continue
                if unit not in best or rank > best[unit][0]:
                    best[unit] = (rank, roster)
        best = {**earliest, **best}
        return {unit: [(p, s) for p, s in roster.entries if p.unit_key == unit] for unit, (_, roster) in best.items()}

    def resolve_county(self, unit: str, name: str, phone: str | None) -> str | None:
        """The county an activity row that names no county resolves to at import (None: it cannot be
        told): through the person — (unit, name) across counties, phone breaking ties — else through
        the unit when only one county has a unit of that name."""
        people = self.roster_people()
        found = [(c, ph) for (c, u), names in people.items() if u == unit for n, ph in names if n == name]
        counties = {c for c, _ in found}
        if len(counties) == 1:
            return counties.pop()
        if len(counties) > 1:
            by_phone = {c for c, ph in found if phone is not None and ph == phone}
            return by_phone.pop() if len(by_phone) == 1 else None
        unit_counties = {c for c, u in people if u == unit}
        return unit_counties.pop() if len(unit_counties) == 1 else None

    # --- activity ----------------------------------------------------------------------------------

    def live_records(self) -> list[tuple[int, Rec]]:
        owner: dict[tuple[str, str, dt.date, str], int] = {}
        for b in self.live():
            if b.upload.activity is not None:
                for key in b.upload.activity.reported:
                    owner[key] = b.no
        return [(b.no, r) for b in self.live() if b.upload.activity is not None
                for r in b.upload.activity.records if owner[(r.county, r.unit, r.month, r.type)] == b.no]

    @staticmethod
    def match(rec: Rec, people: dict[tuple[str, str], set[tuple[str, str]]]) -> tuple[str, str, str, str] | None:
        """The person a record is matched to, or None (unmatched, or several namesakes and no phone)."""
        phones = [ph for n, ph in people.get((rec.county, rec.unit), ()) if n == rec.name]
        if len(phones) == 1:
            return (rec.county, rec.unit, rec.name, phones[0])
        if len(phones) > 1 and rec.phone in phones:
            return (rec.county, rec.unit, rec.name, rec.phone)
        return None

    # --- figures -----------------------------------------------------------------------------------

    def headline(self, month_from: dt.date | None = None, month_to: dt.date | None = None) -> dict[str, object]:
        """The figures `summary --json` must print for the period (None: open-ended). Zero entries are
        left out of the per-county/type/platform maps."""
        snap = self.snapshot(month_to)
        by_county: Counter[str] = Counter()
        units = 0
        for (county, _), entries in snap.items():
            n = sum(1 for _, s in entries if s == ACTIVE)
            if n:
                by_county[county] += n
                units += 1
        people = self.roster_people()
        by_type: Counter[str] = Counter()
        by_platform_type: Counter[str] = Counter()
        active: set[tuple[str, str, str, str]] = set()
        trained: set[tuple[str, str, str, str]] = set()
        sessions: dict[str, set[tuple[dt.date, str]]] = {"training": set(), "meeting": set()}
        unmatched: set[tuple[int, int]] = set()
        for batch_no, r in self.live_records():
            if (month_from is not None and r.month < month_from) or (month_to is not None and r.month > month_to):
                continue
            by_type[r.type] += r.count
            by_platform_type[f"{r.platform}:{r.type}"] += r.count
            who = self.match(r, people)
            if who is None:
                unmatched.add((batch_no, r.row))
            else:
                active.add(who)
                if r.type == "training":
                    trained.add(who)
            if r.type in sessions:
                sessions[r.type].add((r.day or r.month, r.title or ""))
        return {
            "members": sum(by_county.values()),
            "members_by_county": dict(sorted(by_county.items())),
            "units": units,
            "actions": sum(by_type.values()),
            "actions_by_type": dict(sorted(by_type.items())),
            "actions_by_platform_type": dict(sorted(by_platform_type.items())),
            "active_members": len(active),
            "trained_members": len(trained),
            "training_sessions": len(sessions["training"]),
            "meeting_sessions": len(sessions["meeting"]),
            "unmatched_rows": len(unmatched),
            "batches": len(self.live()),
        }


# --------------------------------------------------------------------------------------------------
# Writing workbooks
# --------------------------------------------------------------------------------------------------


@dataclass
class SheetSpec:
    name: str
    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1; 0-based, inclusive
    formats: dict[tuple[int, int], str] = field(default_factory=dict)  # number formats of date cells


_STAMP = dt.datetime(2014, 10, 8, 9, 0, 0)
MONTH_FORMAT = 'yyyy"年"m"月"'


class _PinnedZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time: openpyxl stamps them with the clock otherwise."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, _STAMP.timetuple()[:6])
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        # openpyxl writes each worksheet to a temporary file and adds it with write().
        with open(filename, "rb") as f:
            self.writestr(str(arcname or filename), f.read())


def write_xlsx(sheets: list[SheetSpec]) -> bytes:
    """openpyxl, with every timestamp pinned so that the same seed gives the same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.created = wb.properties.modified = _STAMP
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for row in spec.rows:
            ws.append(row)
        for (r, c), fmt in spec.formats.items():
            ws.cell(row=r + 1, column=c + 1).number_format = fmt
        for r0, c0, r1, c1 in spec.merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    out = io.BytesIO()
    with _PinnedZip(out, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter directly: openpyxl's save_workbook would stamp `modified` with the clock.
        ExcelWriter(wb, archive).write_data()
    return out.getvalue()


def write_xls(sheets: list[SheetSpec]) -> bytes:
    """A legacy .xls (xlwt): date cells get a date format, merged ranges hold their top-left value."""
    wb = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, xlwt.XFStyle] = {}

    def style(fmt: str) -> xlwt.XFStyle:
        if fmt not in styles:
            styles[fmt] = xlwt.easyxf(num_format_str=fmt.replace('"', ""))
        return styles[fmt]

    for spec in sheets:
        ws = wb.add_sheet(spec.name)
        covered = set()
        for r0, c0, r1, c1 in spec.merges:
            value = spec.rows[r0][c0] if c0 < len(spec.rows[r0]) else None
            ws.write_merge(r0, r1, c0, c1, value)
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in covered:
                    continue
                if isinstance(value, dt.date):
                    ws.write(r, c, value, style(spec.formats.get((r, c), "YYYY-MM-DD")))
                else:
                    ws.write(r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_csv(sheet: SheetSpec, encoding: str) -> bytes:
    """Delimited text as Excel saves it: every line padded to the table's width, CRLF."""
    width = max(len(r) for r in sheet.rows)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in sheet.rows:
        cells = ["" if v is None else str(v) for v in row]
        writer.writerow(cells + [""] * (width - len(cells)))
    return buf.getvalue().encode(encoding)


def write_book(fmt: str, sheets: list[SheetSpec], encoding: str = "gbk") -> bytes:
    if fmt == "xlsx":
        return write_xlsx(sheets)
    if fmt == "xls":
        return write_xls(sheets)
    assert len(sheets) == 1, "a CSV holds one sheet"
    return write_csv(sheets[0], encoding)


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def add_months(m: dt.date, n: int) -> dt.date:
    y, k = divmod(m.year * 12 + m.month - 1 + n, 12)
    return dt.date(y, k + 1, 1)


def _cn_month(m: dt.date) -> str:
    return f"{m.year}年{m.month}月"


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method: enough for the small means here (random.Random has no Poisson draw)."""
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k, p = k + 1, p * rng.random()
    return k


# --------------------------------------------------------------------------------------------------
# Cell spellings
# --------------------------------------------------------------------------------------------------

ALIASES: dict[str, tuple[str, ...]] = {
    "serial": ("序号",),
    "name": ("姓名", "姓 名", "名字", "网宣员姓名"),
    "unit": ("单位", "所在单位", "工作单位", "单位名称", "所属单位"),
    "county": ("县区", "县（市、区）", "所属县区", "区县", "县市区"),
    "township": ("乡镇（街道）", "乡镇", "镇街"),
    "role": ("角色", "身份", "队伍角色"),
    "position": ("职务", "现任职务"),
    "phone": ("手机号码", "手机", "联系电话", "手机号"),
    "gender": ("性别",),
    "status": ("状态",),
    "date": ("日期", "时间", "活动日期"),
    "period": ("月份", "统计月份"),
    "type": ("类型", "工作类型", "活动类型"),
    "platform": ("平台", "发布平台"),
    "count": ("数量", "条数", "次数"),
    "title": ("标题", "内容", "主题"),
}


class Cells:
    """How one file spells dates, months, phones and counts (xlsx/xls cells can hold dates and numbers,
    CSV holds text)."""

    def __init__(self, rng: random.Random, fmt: str):
        self.rng = rng
        self.fmt = fmt
        # One spelling per file for dates, as one office's export would have.
        self.date_style = rng.choice(("text_slash", "text_dash", "text_cn") if fmt == "csv"
                                     else ("cell", "cell", "serial", "text_slash", "text_cn"))
        self.month_style = rng.choice(("cn", "dot", "dash") if fmt == "csv" else ("cn", "dot", "cell"))
        self.numeric_phones = fmt != "csv" and rng.random() < 0.5

    def date(self, d: dt.date) -> Any:
        s = self.date_style
        if s == "cell":
            return d
        if s == "serial":  # a number cell holding the Excel serial, as a pasted-values sheet has
            return excel_serial(d)
        if s == "text_slash":
            return f"{d.year}/{d.month}/{d.day}"
        if s == "text_dash":
            return d.isoformat()
        return f"{d.year}年{d.month}月{d.day}日"

    def month(self, m: dt.date) -> Any:
        s = self.month_style
        if s == "cell":
            return m
        if s == "dot":
            return f"{m.year}.{m.month:02d}"
        if s == "dash":
            return f"{m.year}-{m.month:02d}"
        return _cn_month(m)

    def phone(self, p: str | None) -> Any:
        if p is None:
            return None
        return int(p) if self.numeric_phones and self.rng.random() < 0.7 else p

    def count(self, n: int, dash_ok: bool) -> Any:
        """A wide count cell: 0 is often left blank; with faults on, sometimes `-` / `—` / `/` / `无`."""
        if n == 0:
            r = self.rng.random()
            if dash_ok and r < 0.08:
                return self.rng.choice(("-", "—", "/", "无"))
            return None if r < 0.6 else 0
        if self.rng.random() < 0.05:
            return f"{n}条"
        return str(n) if self.fmt == "csv" else n


def _header(rng: random.Random, fieldname: str) -> str:
    options = ALIASES[fieldname]
    return options[0] if rng.random() < 0.6 else rng.choice(options)


# --------------------------------------------------------------------------------------------------
# Rosters
# --------------------------------------------------------------------------------------------------


@dataclass
class RosterLayout:
    fmt: str
    encoding: str
    shape: str  # single (县区 column) | per_county (a sheet per county) | section (`一、福安市` lines) | unit
    columns: list[str]  # field names in order
    headers: dict[str, str]
    date_source: str  # filing | as_of | title | file
    total: str | None  # serial_count | name | blank_label | None
    footer: bool
    merged_units: bool


def roster_upload(rng: random.Random, city: City, month: dt.date, entries: list[tuple[Person, str]],
                  features: Features, *, shape: str | None = None, label: str = "") -> Upload:
    """One roster file listing ``entries`` (a county, several counties, or one unit), dated ``month``."""
    counties = list(dict.fromkeys(p.county for p, _ in entries))
    units = list(dict.fromkeys(p.unit_key for p, _ in entries))
    fmt = _pick_fmt(rng, features, csv_weight=0.15)
    if shape is None:
        shapes = ["single"] * 3 + ["per_county"] * (2 if fmt != "csv" else 0)
        if "section_lines" in features and len(counties) > 1:
            shapes.append("section")
        if len(units) == 1 and fmt != "csv":
            shapes = ["unit"]
        shape = rng.choice(shapes)
    if fmt == "csv" and shape in ("per_county", "unit"):
        fmt = "xlsx"
    columns = ["name", "unit", "phone", "role"]
    if shape == "single" or (shape == "unit" and rng.random() < 0.3):
        columns.append("county")
    if shape == "unit":
        columns.remove("unit")
    for extra in ("gender", "position", "township"):
        if rng.random() < 0.4:
            columns.append(extra)
    rng.shuffle(columns)
    needs_status = any(s == LEFT for _, s in entries)
    if needs_status or rng.random() < 0.3:
        columns.append("status")
    totals = [None] + (["serial_count", "serial_count", "name", "blank_label"] if "total_rows" in features else [])
    total = rng.choice(totals)
    if rng.random() < 0.6 or total == "serial_count":
        columns.insert(0, "serial")
    date_sources = ["as_of", "title", "file"] + (["filing", "filing"] if "roster_filing_dates" in features else [])
    layout = RosterLayout(
        fmt=fmt, encoding=rng.choice(("gbk", "gb18030", "utf-8-sig")), shape=shape, columns=columns,
        headers={c: _header(rng, c) for c in columns}, date_source=rng.choice(date_sources), total=total,
        footer=rng.random() < 0.4, merged_units=fmt != "csv" and "merged_cells" in features and rng.random() < 0.25,
    )
    cells = Cells(rng, fmt)
    scope = counties[0] if len(counties) == 1 else "全市"
    if shape == "unit":
        scope = units[0][1]
    if shape == "per_county":
        sheets = [_roster_sheet(rng, layout, cells, c, [e for e in entries if e[0].county == c], month, c, city)
                  for c in counties]
    else:
        sheet_name = counties[0] if shape == "unit" else rng.choice(("花名册", "Sheet1", "网宣员名单"))
        sheets = [_roster_sheet(rng, layout, cells, scope, entries, month, sheet_name, city)]
    if layout.date_source == "file":
        name = f"{scope}网宣员花名册_{_cn_month(month)}.{fmt}"
    else:
        name = f"{scope}网宣员花名册{rng.choice(('', '（报送）', '_最新'))}.{fmt}"
    if label:
        name = name.replace(".", f"{label}.", 1)
    data = write_book(fmt, sheets, layout.encoding)
    tags = ["roster", fmt, shape, f"date:{layout.date_source}"]
    if fmt == "csv":
        tags.append(layout.encoding)
    if total:
        tags.append(f"total:{total}")
    if layout.merged_units:
        tags.append("merged_units")
    if needs_status:
        tags.append("status:退出")
    return Upload(name, data, "roster", roster=RosterContent(month, list(entries)), tags=tuple(tags))


def _roster_sheet(rng: random.Random, layout: RosterLayout, cells: Cells, scope: str, entries: list[tuple[Person, str]],
                  month: dt.date, sheet_name: str, city: City) -> SheetSpec:
    width = len(layout.columns)
    rows: list[list[Any]] = []
    merges: list[tuple[int, int, int, int]] = []
    title = f"{scope}网络宣传员队伍花名册"
    if layout.date_source == "title":
        title += rng.choice((f"（截至{_cn_month(month)}）", f"（{_cn_month(month)}）"))
    rows.append([title] + [None] * (width - 1))
    merges.append((0, 0, 0, width - 1))
    office = city.seat(entries[0][0].county) if len({p.county for p, _ in entries}) == 1 else CITY_OFFICE
    if layout.shape == "unit":
        office = entries[0][0].unit
    day = dt.date(month.year, month.month, rng.randint(1, 28))
    if layout.date_source == "filing":
        rows.append([f"填报单位：{office}　填报日期：{day.year}年{day.month}月{day.day}日"] + [None] * (width - 1))
    elif layout.date_source == "as_of":
        last = add_months(month, 1) - dt.timedelta(days=1)
        rows.append([f"填报单位：{office}", None, f"统计截至：{last.year}年{last.month}月{last.day}日"][:max(width, 3)])
    elif layout.shape == "unit" or rng.random() < 0.5:
        rows.append([f"填报单位：{office}"] + [None] * (width - 1))
    rows.append([layout.headers[c] for c in layout.columns])
    serial = 0
    groups: list[tuple[str | None, list[tuple[Person, str]]]] = []
    if layout.shape == "section":
        for c in dict.fromkeys(p.county for p, _ in entries):
            groups.append((c, [e for e in entries if e[0].county == c]))
    else:
        groups.append((None, entries))
    for g, (section, group) in enumerate(groups):
        if section is not None:
            rows.append([f"{SECTION_NUMERALS[g]}、{section}"] + [None] * (width - 1))
            if layout.fmt != "csv" and rng.random() < 0.7:
                merges.append((len(rows) - 1, 0, len(rows) - 1, width - 1))
        by_unit: dict[tuple[str, str], list[tuple[Person, str]]] = defaultdict(list)
        for e in group:
            by_unit[e[0].unit_key].append(e)
        for unit_rows in by_unit.values():
            start = len(rows)
            for i, (p, status) in enumerate(unit_rows):
                serial += 1
                values = {"serial": serial, "name": p.name, "unit": p.unit, "county": p.county,
                          "phone": cells.phone(p.phone), "role": p.role, "gender": p.gender, "position": p.position,
                          "township": _township(p.unit),
                          "status": status if (status == LEFT or rng.random() < 0.5) else None}
                if layout.merged_units and i > 0:
                    values["unit"] = None
                    values["county"] = None
                rows.append([values[c] for c in layout.columns])
            if layout.merged_units and len(unit_rows) > 1:
                for fieldname in ("unit", "county"):
                    if fieldname in layout.columns:
                        col = layout.columns.index(fieldname)
                        merges.append((start, col, len(rows) - 1, col))
    n = sum(1 for _ in entries)
    if layout.total == "serial_count":
        row: list[Any] = [None] * width
        row[0] = "合计"
        row[layout.columns.index("name")] = f"{n}人"
        rows.append(row)
    elif layout.total == "name":
        row = [None] * width
        row[layout.columns.index("name")] = "合计"
        if "serial" in layout.columns:
            row[layout.columns.index("serial")] = None
        rows.append(row)
    elif layout.total == "blank_label":
        row = [None] * width
        row[layout.columns.index("name")] = "以下空白"
        rows.append(row)
    if layout.footer:
        rows += [[None] * width, ["填表人：叶小红　　审核人：郑建国"] + [None] * (width - 1)]
    return SheetSpec(sheet_name, rows, merges)


def _township(unit: str) -> str | None:
    m = re.match(r"(.+?(镇|乡|街道))团", unit)
    return m[1] if m else None


def _pick_fmt(rng: random.Random, features: Features, csv_weight: float = 0.2) -> str:
    r = rng.random()
    if "csv" in features and r < csv_weight:
        return "csv"
    if "xls" in features and r > 0.8:
        return "xls"
    return "xlsx"


# --------------------------------------------------------------------------------------------------
# Activity logs
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WideCol:
    header: str  # single-row header, or the sub-column under ``group``
    group: str | None
    type: str
    platform: str
    mean: float


WIDE_COLS: dict[str, WideCol] = {
    "repost_wechat": WideCol("转发微信（条）", None, "repost", "wechat", 2.0),
    "repost_weibo": WideCol("转发微博（条）", None, "repost", "weibo", 2.5),
    "repost_qq": WideCol("转发QQ空间（条）", None, "repost", "qq", 0.8),
    "comment": WideCol("网络评论（条）", None, "comment", "other", 1.5),
    "comment_toutiao": WideCol("今日头条评论（条）", None, "comment", "toutiao", 0.4),
    "original": WideCol("原创作品（篇）", None, "original", "other", 0.4),
    "opinion": WideCol("舆情信息（条）", None, "opinion_report", "other", 0.3),
    "rebuttal": WideCol("辟谣（条）", None, "rebuttal", "other", 0.1),
    "g_repost_wechat": WideCol("微信", "转发（条）", "repost", "wechat", 2.0),
    "g_repost_weibo": WideCol("微博", "转发（条）", "repost", "weibo", 2.5),
    "g_repost_qq": WideCol("QQ", "转发（条）", "repost", "qq", 0.8),
    "g_comment_weibo": WideCol("微博", "评论（条）", "comment", "weibo", 1.0),
    "g_comment_forum": WideCol("论坛", "评论（条）", "comment", "forum", 0.6),
}
_BASE = ["repost_wechat", "repost_weibo", "comment", "original", "opinion"]
WIDE_SETS: dict[str, list[str]] = {
    "base": _BASE,
    "base_qq": [*_BASE[:2], "repost_qq", *_BASE[2:]],
    "base_toutiao": [*_BASE[:3], "comment_toutiao", *_BASE[3:]],
    "base_rebuttal": [*_BASE, "rebuttal"],
    "two_row": ["g_repost_wechat", "g_repost_weibo", "g_repost_qq", "g_comment_weibo", "g_comment_forum",
                "original", "opinion"],
    # Supplementary files that carry some types only: they must leave the others alone.
    "opinion_only": ["opinion"],
    "reposts_only": ["repost_wechat", "repost_weibo"],
}

# Long log rows: (类型, 平台, type, platform, mean per person and month).
LONG_KINDS: tuple[tuple[str, str, str, str, float], ...] = (
    ("转发", "微信", "repost", "wechat", 1.5), ("转发", "微博", "repost", "weibo", 2.0),
    ("转发", "QQ", "repost", "qq", 0.5), ("评论", "微博", "comment", "weibo", 1.0),
    ("评论", "论坛", "comment", "forum", 0.5), ("评论", "今日头条", "comment", "toutiao", 0.3),
    ("原创", "微信", "original", "wechat", 0.3), ("原创", "", "original", "other", 0.2),
    ("舆情报送", "论坛", "opinion_report", "forum", 0.15), ("舆情报送", "", "opinion_report", "other", 0.15),
    ("辟谣", "微博", "rebuttal", "weibo", 0.05), ("点赞", "微信", "like", "wechat", 0.8),
)
_TYPE_WORD = {"repost": "转发", "comment": "评论", "original": "原创", "opinion_report": "舆情报送", "rebuttal": "辟谣",
              "training": "参加培训", "meeting": "线上会议", "like": "点赞"}
_PLATFORM_WORD = {"wechat": "微信", "weibo": "微博", "qq": "QQ", "toutiao": "今日头条", "forum": "论坛", "other": ""}
COURSES = ("网络宣传员业务培训班", "网络评论写作专题辅导", "新媒体运营实务培训", "舆情信息报送培训", "网络安全知识讲座",
           "短视频制作入门")
MEETINGS = ("线上主题团日", "网宣工作推进视频会", "线上三会一课", "QQ群网宣例会")


@dataclass
class Line:
    """One data row of an activity file, as the generator means it."""

    county: str
    unit: str
    name: str
    phone: str
    month: dt.date
    counts: list[int] = field(default_factory=list)  # wide: one per column
    # long:
    day: dt.date | None = None
    type: str | None = None
    platform: str | None = None
    count: int = 0
    title: str | None = None
    fault: str | None = None  # bad_date | absurd_count: a located row fault, never counted
    show_county: bool = False  # the row's 县区 cell is filled


@dataclass
class ActivityLayout:
    fmt: str
    encoding: str
    form: str  # wide | long
    shape: str  # single | per_county | section | unit
    cols: list[str]  # wide: keys of WIDE_COLS
    fixed: list[str]  # leading field columns in order
    headers: dict[str, str]
    month_source: str  # title | subtitle | sheet | file | column (wide); date | column (long)
    total: str | None
    total_col: bool
    subtitle: bool
    footer: bool
    merged_units: bool
    county_col: bool
    phone_col: bool
    title_col: bool
    kind_label: str  # 工作量统计表 | 工作台账 | 培训签到表 | 线上会议签到表 | 舆情信息报送统计表 …


def _two_row_ok(layout: ActivityLayout) -> bool:
    return any(WIDE_COLS[c].group for c in layout.cols)


def activity_layout(rng: random.Random, features: Features, form: str, *, set_name: str | None = None,
                    n_counties: int = 1, single_unit: bool = False, months: int = 1,
                    kind_label: str | None = None) -> ActivityLayout:
    fmt = _pick_fmt(rng, features, csv_weight=0.25)
    shapes = ["single"] * 4 + (["per_county"] * 2 if fmt != "csv" and n_counties > 1 else [])
    if "section_lines" in features and n_counties > 1:
        shapes.append("section")
    shape = "unit" if single_unit else rng.choice(shapes)
    if shape == "unit" and fmt == "csv":
        fmt = "xlsx"  # the county of a one-unit CSV would have to come from a column: keep it a workbook
    if form == "wide":
        if set_name is None:
            names = ["base", "base", "base_qq", "base_toutiao", "base_rebuttal"]
            if "two_row_headers" in features and fmt != "csv":
                names += ["two_row", "two_row"]
            set_name = rng.choice(names)
        cols = list(WIDE_SETS[set_name])
        if months > 1:
            month_source = "column"
        else:
            sources = ["title", "title", "subtitle", "file", "column"]
            if shape in ("single", "section") and fmt != "csv":  # a one-unit file's sheet is named after its county
                sources.append("sheet")
            month_source = rng.choice(sources)
        fixed = ["name", "unit"]
    else:
        cols = []
        month_source = "column" if rng.random() < 0.15 and kind_label is None else "date"
        fixed = ["name", "unit", "type", "platform", "count"]
    if shape == "unit":
        fixed.remove("unit")
    phone_col = rng.random() < 0.5
    if phone_col:
        fixed.insert(fixed.index("name") + 1, "phone")
    county_col = shape == "single" and rng.random() < 0.3
    if county_col:
        fixed.insert(0, "county")
    if form == "long":
        fixed.insert(0, "date" if month_source == "date" else "period")
    elif month_source == "column":
        fixed.insert(0, "period")
    title_col = form == "long" and (kind_label is not None or rng.random() < 0.4)
    if title_col:
        fixed.append("title")
    serial = rng.random() < 0.6
    totals = [None] + (["serial_count", "name", "blank_label", "plain"] if "total_rows" in features else ["plain"])
    total = rng.choice(totals)
    if serial or total == "serial_count":
        fixed.insert(0, "serial")
    headers = {c: _header(rng, c) for c in fixed}
    if kind_label in ("培训签到表",) and title_col:
        headers["title"] = rng.choice(("课程名称", "培训内容", "标题"))
    if kind_label in ("线上会议签到表",) and title_col:
        headers["title"] = rng.choice(("会议名称", "主题"))
    return ActivityLayout(
        fmt=fmt, encoding=rng.choice(("gbk", "gb18030", "utf-8-sig")), form=form, shape=shape, cols=cols,
        fixed=fixed, headers=headers, month_source=month_source, total=total,
        total_col=form == "wide" and rng.random() < 0.4, subtitle=rng.random() < 0.6, footer=rng.random() < 0.4,
        merged_units=fmt != "csv" and "merged_cells" in features and shape != "section" and rng.random() < 0.25,
        county_col=county_col, phone_col=phone_col, title_col=title_col,
        kind_label=kind_label or ("工作量统计表" if form == "wide" else "工作台账"),
    )


def wide_lines(rng: random.Random, city: City, months: list[dt.date], units: list[tuple[str, str]],
               cols: list[str], strength: float = 1.0) -> list[Line]:
    """One row per (active person, month) of ``units``; a person in seven does nothing that month."""
    lines = []
    for month in months:
        for unit in units:
            for p, status in city.members.get(unit, []):
                if status != ACTIVE:
                    continue
                idle = rng.random() < 0.15
                counts = [0 if idle else _poisson(rng, WIDE_COLS[c].mean * p.drive * strength) for c in cols]
                lines.append(Line(p.county, p.unit, p.name, p.phone, month, counts=counts))
    return lines


def long_lines(rng: random.Random, city: City, month: dt.date, units: list[tuple[str, str]],
               with_training: bool = False) -> list[Line]:
    """Long-log rows for a month: each nonzero (type, platform) of a person in one or two dated rows."""
    lines = []
    course_day = dt.date(month.year, month.month, rng.randint(5, 25))
    course = rng.choice(COURSES)
    for unit in units:
        for p, status in city.members.get(unit, []):
            if status != ACTIVE or rng.random() < 0.15:
                continue
            for _word, _pword, typ, platform, mean in LONG_KINDS:
                n = _poisson(rng, mean * p.drive)
                if not n:
                    continue
                parts = [n] if n == 1 or rng.random() < 0.6 else [1, n - 1]
                days = rng.sample(range(1, 29), len(parts))
                for k, d in zip(parts, days, strict=True):
                    lines.append(Line(p.county, p.unit, p.name, p.phone, month, day=dt.date(month.year, month.month, d),
                                      type=typ, platform=platform, count=k))
            if with_training and p.role != "网宣员" and rng.random() < 0.6:
                lines.append(Line(p.county, p.unit, p.name, p.phone, month, day=course_day, type="training",
                                  platform="other", count=1, title=course))
        # A unit that reports no opinion work this month says so with a 0 row: it still reports the type.
        people = [p for p, s in city.members.get(unit, []) if s == ACTIVE]
        if people and rng.random() < 0.3:
            p = people[0]
            lines.append(Line(p.county, p.unit, p.name, p.phone, month, day=dt.date(month.year, month.month, 28),
                              type="opinion_report", platform="other", count=0))
    return lines


def event_lines(rng: random.Random, city: City, months: list[dt.date], units: list[tuple[str, str]],
                kind: str) -> list[Line]:
    """A training sign-in sheet (kind training) or an online meeting sheet (kind meeting) over months:
    one event or two per month, one row per attendee with 数量 1."""
    lines = []
    for month in months:
        for _ in range(rng.choice((1, 1, 2))):
            day = dt.date(month.year, month.month, rng.randint(1, 28))
            title = rng.choice(COURSES if kind == "training" else MEETINGS)
            platform = rng.choice(("other", "other", "qq")) if kind == "training" else rng.choice(("qq", "wechat"))
            for unit in units:
                for p, status in city.members.get(unit, []):
                    if status == ACTIVE and rng.random() < (0.7 if p.role != "网宣员" else 0.35):
                        lines.append(Line(p.county, p.unit, p.name, p.phone, month, day=day, type=kind,
                                          platform=platform, count=1, title=title))
    return lines


def add_noise(rng: random.Random, city: City, lines: list[Line], units: list[tuple[str, str]], form: str,
              cols: list[str]) -> None:
    """People on no roster (newcomers the office forgot to add) and people who have left."""
    if not lines:
        return
    months = sorted({ln.month for ln in lines})
    if rng.random() < 0.5:
        unit = rng.choice(units)
        stranger = new_person(rng, city, unit)
        lines.append(_noise_line(rng, stranger, rng.choice(months), form, cols, lines))
    former = [p for p in city.former if p.unit_key in units]
    if former and rng.random() < 0.5:
        lines.append(_noise_line(rng, rng.choice(former), rng.choice(months), form, cols, lines))


def _noise_line(rng: random.Random, p: Person, month: dt.date, form: str, cols: list[str], lines: list[Line]) -> Line:
    if form == "wide":
        return Line(p.county, p.unit, p.name, p.phone, month, counts=[rng.randint(0, 3) for _ in cols])
    template = rng.choice([ln for ln in lines if ln.month == month])
    return Line(p.county, p.unit, p.name, p.phone, month, day=template.day, type=template.type,
                platform=template.platform, count=rng.randint(1, 3), title=template.title)


def add_faults(rng: random.Random, lines: list[Line], layout: ActivityLayout) -> None:
    """Located row faults a long log may carry: a date in 2099 or 1914, a phone number typed into 数量."""
    if layout.form != "long" or layout.month_source != "date" or not lines:
        return
    if rng.random() < 0.35:
        base = rng.choice(lines)
        year = rng.choice((2099, 1914))
        lines.append(replace(base, day=base.day.replace(year=year) if base.day else None, count=rng.randint(1, 3),
                             fault="bad_date", month=base.month.replace(year=year)))
    if rng.random() < 0.25:
        # Only where another row of the file reports the same (unit, month, type): whether a refused row
        # still "reports" its key is then moot.
        counted = [ln for ln in lines if ln.fault is None and ln.count > 0]
        if counted:
            base = rng.choice(counted)
            lines.append(replace(base, count=int(base.phone), fault="absurd_count",
                                 day=base.day.replace(day=29) if base.day else None))


def _display_county(layout: ActivityLayout) -> bool:
    """Whether every row's county is visible in the file without a 县区 cell."""
    return layout.shape in ("per_county", "section") or (layout.shape == "unit" and layout.fmt != "csv")


def settle_counties(rng: random.Random, truth: Truth, layout: ActivityLayout, lines: list[Line]) -> ActivityLayout:
    """Rows that name no county resolve through the person at import; a row that cannot be told (an
    unknown person in a unit name two counties use, namesakes across counties and no phone) carries its
    县区 — adding the column when the file has none."""
    if _display_county(layout):
        return layout
    needy = []
    for ln in lines:
        phone = ln.phone if layout.phone_col else None
        ln.show_county = layout.county_col and rng.random() < 0.5
        if truth.resolve_county(ln.unit, ln.name, phone) != ln.county:
            needy.append(ln)
    if not needy:
        return layout
    for ln in needy:
        ln.show_county = True
    if layout.county_col:
        return layout
    fixed = list(layout.fixed)
    at = fixed.index("name")
    fixed.insert(at, "county")
    return replace(layout, fixed=fixed, county_col=True, headers={**layout.headers, "county": _header(rng, "county")})


def dedupe(layout: ActivityLayout, lines: list[Line]) -> list[Line]:
    """The parser counts a row typed twice on one sheet once (and says so). The generator writes no such
    twins: namesakes without a phone column and equal counts get one more action."""
    seen: set[tuple] = set()
    out = []
    for ln in lines:
        while True:
            # What the parser would read from the row: the fields the file shows.
            sig = (_sheet_key(layout, ln), ln.county if (ln.show_county or _display_county(layout)) else None,
                   ln.unit, ln.name, ln.phone if layout.phone_col else None, ln.month,
                   ln.day if "date" in layout.fixed else None, tuple(ln.counts), ln.type, ln.platform, ln.count,
                   ln.title if layout.title_col else None)
            if sig not in seen:
                break
            if layout.form == "wide":
                ln.counts = [ln.counts[0] + 1, *ln.counts[1:]]
            else:
                ln = None
                break
        if ln is not None:
            seen.add(sig)
            out.append(ln)
    return out


def _sheet_key(layout: ActivityLayout, ln: Line) -> str:
    return ln.county if layout.shape == "per_county" else ""


def activity_content(layout: ActivityLayout, lines: list[Line]) -> ActivityContent:
    """What the file reports and counts, from the lines the generator wrote (row ids = line order)."""
    records, reported = [], set()
    types = {WIDE_COLS[c].type for c in layout.cols}
    for i, ln in enumerate(lines):
        if ln.fault is not None:
            continue
        if layout.form == "wide":
            for t in types:
                reported.add((ln.county, ln.unit, ln.month, t))
            for c, n in zip(layout.cols, ln.counts, strict=True):
                if n > 0:
                    col = WIDE_COLS[c]
                    records.append(Rec(i, ln.county, ln.unit, ln.name, ln.phone if layout.phone_col else None,
                                       ln.month, None, col.type, col.platform, n, None))
        else:
            assert ln.type is not None and ln.platform is not None
            reported.add((ln.county, ln.unit, ln.month, ln.type))
            if ln.count > 0:
                day = ln.day if layout.month_source == "date" else None
                records.append(Rec(i, ln.county, ln.unit, ln.name, ln.phone if layout.phone_col else None,
                                   ln.month, day, ln.type, ln.platform, ln.count,
                                   ln.title if layout.title_col else None))
    return ActivityContent(records, reported)


def render_activity(rng: random.Random, city: City, layout: ActivityLayout, lines: list[Line], name_hint: str,
                    features: Features) -> tuple[str, bytes]:
    months = sorted({ln.month for ln in lines if ln.fault is None})
    month = months[0] if months else dt.date(YEAR, 1, 1)
    cells = Cells(rng, layout.fmt)
    counties = list(dict.fromkeys(ln.county for ln in lines))
    if layout.shape == "per_county":
        sheets = [_activity_sheet(rng, city, layout, cells, [ln for ln in lines if ln.county == c], month, c, c,
                                  features) for c in counties]
    else:
        if layout.shape == "unit":
            sheet_name = lines[0].county
        elif layout.month_source == "sheet":
            sheet_name = rng.choice((_cn_month(month), f"{month.year}.{month.month:02d}", f"{month:%Y%m}"))
        else:
            sheet_name = rng.choice(("Sheet1", "统计表", "台账")) if layout.fmt != "csv" else "csv"
        scope = counties[0] if len(counties) == 1 else "全市"
        sheets = [_activity_sheet(rng, city, layout, cells, lines, month, sheet_name, scope, features)]
    scope = lines[0].unit if layout.shape == "unit" else (counties[0] if len(counties) == 1 else "全市")
    if layout.month_source == "file":
        stem = rng.choice((f"{scope}网宣{layout.kind_label}_{month:%Y%m}",
                           f"{_cn_month(month)}{scope}网宣{layout.kind_label}",
                           f"{scope}{layout.kind_label} {month:%Y-%m}"))
    else:
        stem = f"{scope}网宣{layout.kind_label}"
    return f"{stem}{name_hint}.{layout.fmt}", write_book(layout.fmt, sheets, layout.encoding)


def _activity_sheet(rng: random.Random, city: City, layout: ActivityLayout, cells: Cells, lines: list[Line],
                    month: dt.date, sheet_name: str, scope: str, features: Features) -> SheetSpec:
    fixed = layout.fixed
    cols = [WIDE_COLS[c] for c in layout.cols]
    width = len(fixed) + len(cols) + (1 if layout.total_col else 0)
    two_row = layout.form == "wide" and _two_row_ok(layout)
    rows: list[list[Any]] = []
    merges: list[tuple[int, int, int, int]] = []
    formats: dict[tuple[int, int], str] = {}
    pad = [None] * (width - 1)
    title = f"{scope}网络宣传员{layout.kind_label}"
    if layout.month_source == "title":
        title = f"{_cn_month(month)}{title}"
    if layout.month_source == "title" or rng.random() < 0.7:
        rows.append([title, *pad])
        merges.append((0, 0, 0, width - 1))
    if layout.month_source == "subtitle":
        office = _office(city, lines, layout)
        rows.append([f"填报单位：{office}", None, f"统计月份：{_cn_month(month)}"] + [None] * (width - 3))
    elif layout.subtitle or layout.shape == "unit":
        filed = add_months(month, 1).replace(day=rng.randint(1, 10))
        office = _office(city, lines, layout)
        rows.append([f"填报单位：{office}　填报日期：{filed.year}年{filed.month}月{filed.day}日", *pad])
    head_row = len(rows)
    header = [layout.headers[f] for f in fixed]
    if two_row:
        top, sub = list(header), [None] * len(fixed)
        for i in range(len(fixed)):
            merges.append((head_row, i, head_row + 1, i))
        j = len(fixed)
        while j < len(fixed) + len(cols):
            col = cols[j - len(fixed)]
            if col.group is None:
                top.append(col.header)
                sub.append(None)
                merges.append((head_row, j, head_row + 1, j))
                j += 1
                continue
            end = j
            while end + 1 < len(fixed) + len(cols) and cols[end + 1 - len(fixed)].group == col.group:
                end += 1
            for k in range(j, end + 1):
                top.append(col.group if k == j else None)
                sub.append(cols[k - len(fixed)].header)
            merges.append((head_row, j, head_row, end))
            j = end + 1
        if layout.total_col:
            top.append("合计")
            sub.append(None)
            merges.append((head_row, width - 1, head_row + 1, width - 1))
        rows += [top, sub]
    else:
        rows.append(header + [c.header for c in cols] + (["合计"] if layout.total_col else []))
    serial = 0
    groups: list[tuple[str | None, list[Line]]] = []
    if layout.shape == "section":
        for c in dict.fromkeys(ln.county for ln in lines):
            groups.append((c, [ln for ln in lines if ln.county == c]))
    else:
        groups.append((None, lines))
    dash_ok = "faults" in features
    sums = [0] * len(cols)
    total_count = 0
    for g, (section, group) in enumerate(groups):
        if section is not None:
            rows.append([f"{SECTION_NUMERALS[g]}、{section}", *pad])
            if layout.fmt != "csv" and rng.random() < 0.7:
                merges.append((len(rows) - 1, 0, len(rows) - 1, width - 1))
        previous_unit = None
        run_start = None
        for ln in group:
            serial += 1
            r = len(rows)
            values: dict[str, Any] = {
                "serial": serial, "name": ln.name, "unit": ln.unit,
                "phone": cells.phone(ln.phone) if layout.phone_col else None,
                "county": ln.county if ln.show_county else None,
                "period": cells.month(ln.month), "title": ln.title,
                "type": _TYPE_WORD.get(ln.type or ""),
                "platform": _PLATFORM_WORD.get(ln.platform or "") or None,
                "count": ln.count if layout.fmt != "csv" else str(ln.count),
                "date": cells.date(ln.day) if ln.day is not None else None,
            }
            if ln.fault == "bad_date":
                values["date"] = ln.day if layout.fmt != "csv" else ln.day.isoformat()
            merge_unit = layout.merged_units and (ln.county, ln.unit) == previous_unit and not ln.show_county
            if merge_unit:
                values["unit"] = None
            row = [values[f] for f in fixed]
            if layout.form == "wide":
                row += [cells.count(n, dash_ok) for n in ln.counts]
                if layout.total_col:
                    row.append(sum(ln.counts))
                sums = [a + b for a, b in zip(sums, ln.counts, strict=True)]
            elif ln.fault is None:
                total_count += ln.count
            rows.append(row)
            if "period" in fixed and cells.month_style == "cell" and layout.fmt != "csv":
                formats[(r, fixed.index("period"))] = MONTH_FORMAT
            if "unit" in fixed:
                col = fixed.index("unit")
                if merge_unit:
                    if run_start is None:
                        run_start = r - 1
                    if merges and merges[-1][:2] == (run_start, col):
                        merges[-1] = (run_start, col, r, col)
                    else:
                        merges.append((run_start, col, r, col))
                else:
                    run_start = None
            previous_unit = (ln.county, ln.unit)
    if layout.total is not None:
        row = [None] * width
        name_col = fixed.index("name")
        if layout.total == "serial_count":
            row[0] = "合计"
            row[name_col] = f"{len(lines)}人" if layout.form == "wide" else f"共{len(lines)}条"
        elif layout.total == "name":
            row[name_col] = "合计"
        elif layout.total == "blank_label":
            row = [None] * width
            row[name_col] = "以下空白"
        else:  # plain: 合计 in the first cell, nothing in the name column
            row[0] = "合计"
            if name_col == 0:
                row[0] = "合计"
        if layout.total != "blank_label":
            if layout.form == "wide":
                for k, s in enumerate(sums):
                    row[len(fixed) + k] = s
                if layout.total_col:
                    row[-1] = sum(sums)
            else:
                row[fixed.index("count")] = total_count
        rows.append(row)
    if layout.footer:
        rows += [[None] * width, ["填表人：叶小红　　审核人：郑建国", *pad]]
    if layout.fmt == "csv":
        rows = [[_csv_text(v) for v in row] for row in rows]
    return SheetSpec(sheet_name, rows, merges if layout.fmt != "csv" else [], formats)


def _csv_text(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _office(city: City, lines: list[Line], layout: ActivityLayout) -> str:
    if layout.shape == "unit":
        return lines[0].unit
    counties = {ln.county for ln in lines}
    return city.seat(counties.pop()) if len(counties) == 1 else CITY_OFFICE


def activity_upload(rng: random.Random, city: City, truth: Truth, layout: ActivityLayout, lines: list[Line],
                    features: Features, name_hint: str = "") -> tuple[Upload, ActivityLayout, list[Line]]:
    """Settle counties against the rosters live at import, drop would-be twin rows, render, record."""
    layout = settle_counties(rng, truth, layout, lines)
    lines = dedupe(layout, lines)
    name, data = render_activity(rng, city, layout, lines, name_hint, features)
    tags = [layout.form, layout.fmt, layout.shape, f"month:{layout.month_source}", layout.kind_label]
    if layout.form == "wide":
        types = sorted({WIDE_COLS[c].type for c in layout.cols})
        tags.append("cols:" + ("two_row" if _two_row_ok(layout) else "+".join(types)))
    if layout.fmt == "csv":
        tags.append(layout.encoding)
    if layout.total:
        tags.append(f"total:{layout.total}")
    if layout.merged_units:
        tags.append("merged_units")
    if layout.county_col:
        tags.append("county_col")
    if layout.phone_col:
        tags.append("phone_col")
    faults = sorted({ln.fault for ln in lines if ln.fault})
    tags += [f"fault:{f}" for f in faults]
    content = activity_content(layout, lines)
    return Upload(name, data, "activity", activity=content, tags=tuple(tags)), layout, lines


# --------------------------------------------------------------------------------------------------
# Sequences
# --------------------------------------------------------------------------------------------------


@dataclass
class Step:
    action: str  # import | undo
    upload: Upload | None = None
    target: int | None = None  # undo: the batch number (1 = the first batch created)
    label: str = ""
    months: tuple[dt.date, ...] = ()  # the months the step touches: one is checked on its own

    def describe(self) -> str:
        if self.action == "undo":
            return f"undo batch #{self.target} ({self.label})"
        assert self.upload is not None
        return f"{self.label}: {self.upload.describe()}"


@dataclass
class Plan:
    seed: int
    features: Features
    steps: list[Step]

    def describe(self) -> str:
        return "\n".join(f"  {i + 1:2d}. {s.describe()}" for i, s in enumerate(self.steps))


class _Planner:
    def __init__(self, seed: int, features: Features):
        self.rng = random.Random(seed)
        self.features = features
        self.city = make_city(self.rng, features)
        self.truth = Truth()  # simulated alongside, so files name the county where the product could not tell
        self.steps: list[Step] = []
        self.uploads: list[tuple[Upload, int | None]] = []  # every upload made, with its batch number
        self.m0 = dt.date(YEAR, self.rng.choice((3, 4, 5)), 1)
        self.next_month = self.m0
        self.logged: dict[dt.date, tuple[ActivityLayout, list[Line]]] = {}  # a month's last full log
        self.roster_month: dict[str, dt.date] = {}  # county → newest roster month planned
        self.joined: set[str] = set()  # counties whose late unit has joined

    def add_import(self, upload: Upload, label: str, months: Iterable[dt.date]) -> None:
        no, already = self.truth.import_upload(upload)
        self.uploads.append((upload, None if already else no))
        self.steps.append(Step("import", upload, label=label, months=tuple(sorted(set(months)))))

    # --- rosters -------------------------------------------------------------------------------------

    def base_rosters(self) -> None:
        rng, city = self.rng, self.city
        entries = [(p, s) for u in city.units for p, s in city.members[u]]
        if rng.random() < 0.7:
            self.add_import(roster_upload(rng, city, self.m0, entries, self.features), "base roster", [self.m0])
        else:  # each county sends its own
            for county in city.counties:
                mine = [e for e in entries if e[0].county == county]
                self.add_import(roster_upload(rng, city, self.m0, mine, self.features), f"base roster of {county}",
                                [self.m0])
        for county in city.counties:
            self.roster_month[county] = self.m0

    def roster_update(self) -> None:
        rng, city = self.rng, self.city
        county = rng.choice(city.counties)
        latest = self.roster_month[county]
        backdated = "backdated_rosters" in self.features and rng.random() < 0.2 and latest > self.m0
        if backdated:
            span = (latest.year * 12 + latest.month) - (self.m0.year * 12 + self.m0.month)
            month = add_months(self.m0, rng.randint(0, span - 1))
        else:
            month = add_months(latest, rng.randint(1, 2))
            self.roster_month[county] = month
        units = city.units_of(county)
        if rng.random() < 0.3:
            units = [rng.choice(units)]  # one unit's own roster
        elif "new_units" in self.features and county not in self.joined and not backdated and rng.random() < 0.5:
            late = (county, city.late_units[county])
            city.units.append(late)
            city.members[late] = [(new_person(rng, city, late, r), ACTIVE)
                                  for r in ("联络员", "骨干", "网宣员", "网宣员")]
            self.joined.add(county)
            units = [*units, late]
        for unit in units:
            roster = city.members[unit]
            movable = [i for i, (p, s) in enumerate(roster) if s == ACTIVE and p.key not in city.protected and i > 0]
            if movable and rng.random() < 0.5:
                i = rng.choice(movable)
                p = roster[i][0]
                city.former.append(p)
                if rng.random() < 0.5:
                    roster[i] = (p, LEFT)  # listed as 退出
                else:
                    del roster[i]  # simply no longer listed
            if rng.random() < 0.5:
                roster.append((new_person(rng, city, unit), ACTIVE))
        entries = [(p, s) for u in units for p, s in city.members[u]]
        label = "backdated roster update" if backdated else "roster update"
        self.add_import(roster_upload(rng, city, month, entries, self.features), f"{label} of {county}", [month])

    # --- logs ----------------------------------------------------------------------------------------

    def month_log(self, month: dt.date | None = None, draft: bool = False) -> None:
        rng, city = self.rng, self.city
        if month is None:
            month = self.next_month
            self.next_month = add_months(self.next_month, 1)
        scope = rng.random()
        if scope < 0.55:
            units, who = list(city.units), "city"
        elif scope < 0.9:
            county = rng.choice(city.counties)
            units, who = city.units_of(county), county
        else:  # one unit's own file: the unit in its subtitle, the county as the sheet name
            units = [rng.choice(city.units)]
            who = "/".join(units[0])
        form = "wide" if rng.random() < 0.65 else "long"
        layout = activity_layout(rng, self.features, form, n_counties=len({u[0] for u in units}),
                                 single_unit=len(units) == 1)
        if form == "wide":
            lines = wide_lines(rng, city, [month], units, layout.cols)
        else:
            with_training = "training" in self.features and rng.random() < 0.3
            lines = long_lines(rng, city, month, units, with_training)
        add_noise(rng, city, lines, units, form, layout.cols)
        if "faults" in self.features:
            add_faults(rng, lines, layout)
        hint = "（初稿）" if draft else ""
        upload, layout, lines = activity_upload(rng, city, self.truth, layout, lines, self.features, hint)
        self.add_import(upload, f"{'draft' if draft else 'log'} {month:%Y-%m} ({who})", [month])
        self.logged[month] = (layout, lines)

    def corrected(self, month: dt.date) -> None:
        """The corrected file of a month: same office, same shape; some counts change, a row goes, a
        missed person is added, and sometimes a whole unit is left out (its draft then stays)."""
        rng, city = self.rng, self.city
        layout, lines = self.logged[month]
        new = [replace(ln) for ln in lines if ln.fault is None]
        for ln in new:
            if rng.random() < 0.3:
                if layout.form == "wide":
                    ln.counts = [max(0, n + rng.randint(-2, 3)) for n in ln.counts]
                elif ln.type not in ("training", "meeting"):
                    ln.count = max(0, ln.count + rng.randint(-1, 2))
        if len(new) > 3 and rng.random() < 0.5:
            new.pop(rng.randrange(len(new)))
        units = list(dict.fromkeys((ln.county, ln.unit) for ln in new))
        if len(units) > 2 and rng.random() < 0.3:
            dropped = rng.choice(units)
            new = [ln for ln in new if (ln.county, ln.unit) != dropped]
        if layout.form == "wide" and units:
            unit = rng.choice(units)
            listed = {(ln.name, ln.phone) for ln in new}
            missing = [p for p in city.active_people([unit]) if (p.name, p.phone) not in listed]
            if missing:
                p = rng.choice(missing)
                counts = [rng.randint(0, 4) for _ in layout.cols]
                new.append(Line(p.county, p.unit, p.name, p.phone, month, counts=counts))
        for ln in new:
            ln.show_county = False
        upload, layout2, new = activity_upload(rng, city, self.truth, replace(layout), new, self.features,
                                               rng.choice(("（更正）", "（修正版）", "_更正")))
        self.add_import(upload, f"corrected {month:%Y-%m}", [month])
        self.logged[month] = (layout2, new)

    def supplementary(self) -> None:
        """A file carrying one kind of work only (舆情信息 or 转发) for a month already logged."""
        rng, city = self.rng, self.city
        month = rng.choice(sorted(self.logged))
        set_name = rng.choice(("opinion_only", "reposts_only"))
        county = rng.choice(city.counties)
        units = city.units_of(county)
        label = "舆情信息报送统计表" if set_name == "opinion_only" else "转发量统计表"
        layout = activity_layout(rng, self.features, "wide", set_name=set_name, n_counties=1, kind_label=label)
        lines = wide_lines(rng, city, [month], units, layout.cols)
        upload, _, _ = activity_upload(rng, city, self.truth, layout, lines, self.features)
        self.add_import(upload, f"{label} {month:%Y-%m} ({county})", [month])

    def events(self, kind: str) -> None:
        rng, city = self.rng, self.city
        known = sorted(self.logged) or [self.m0]
        months = sorted(rng.sample(known, min(len(known), rng.randint(2, 3)))) if len(known) > 1 else known
        units = list(city.units) if rng.random() < 0.6 else city.units_of(rng.choice(city.counties))
        label = "培训签到表" if kind == "training" else "线上会议签到表"
        layout = activity_layout(rng, self.features, "long", n_counties=len({u[0] for u in units}), kind_label=label)
        lines = event_lines(rng, city, months, units, kind)
        if not lines:
            return
        upload, _, _ = activity_upload(rng, city, self.truth, layout, lines, self.features)
        self.add_import(upload, f"{label} {months[0]:%Y-%m}..{months[-1]:%Y-%m}", months)

    # --- undo and the same bytes again ---------------------------------------------------------------

    def undo(self) -> None:
        live = self.truth.live()
        if len(live) < 2:
            return
        batch = self.rng.choice(live)
        self.truth.undo(batch.no)
        upload = batch.upload
        months = sorted({m for _, _, m, _ in upload.activity.reported}) if upload.activity else [upload.roster.month]
        self.steps.append(Step("undo", target=batch.no, label=upload.name, months=tuple(months)))

    def reupload(self) -> None:
        upload, _ = self.rng.choice(self.uploads[-3:] if self.rng.random() < 0.5 else self.uploads)
        months = sorted({m for _, _, m, _ in upload.activity.reported}) if upload.activity else [upload.roster.month]
        self.add_import(upload, "the same file again", months)

    def random_step(self) -> None:
        f, rng = self.features, self.rng
        choices: list[tuple[str, float]] = [("log", 4.0), ("roster", 1.2)]
        if "partial_types" in f and self.logged:
            choices.append(("supplementary", 0.8))
        if "corrections" in f:
            choices.append(("draft", 1.5))
            if self.logged:
                choices.append(("correct_old", 0.8))
        if "training" in f and self.logged:
            choices.append(("training", 1.0))
        if "meetings" in f and self.logged:
            choices.append(("meeting", 0.7))
        if "undo" in f and len(self.truth.live()) > 1:
            choices.append(("undo", 1.5))
        if "reupload" in f and self.uploads:
            choices.append(("reupload", 1.0))
        action = rng.choices([c for c, _ in choices], [w for _, w in choices])[0]
        if action in ("log", "draft") and self.next_month > add_months(self.m0, 5):
            action = "correct_old" if self.logged else "roster"
        if action == "log":
            self.month_log()
        elif action == "draft":
            month = self.next_month
            self.month_log(draft=True)
            self.corrected(month)
        elif action == "correct_old":
            self.corrected(rng.choice(sorted(self.logged)))
        elif action == "supplementary":
            self.supplementary()
        elif action == "roster":
            self.roster_update()
        elif action == "training":
            self.events("training")
        elif action == "meeting":
            self.events("meeting")
        elif action == "undo":
            self.undo()
        elif action == "reupload":
            self.reupload()


def plan_sequence(seed: int, n_steps: int = 8, features: Features | None = None) -> Plan:
    """The city of ``seed`` and a sequence of about ``n_steps`` steps: its roster(s) first, then logs,
    drafts and corrections, training and meeting sheets, roster updates, undos and re-uploads."""
    planner = _Planner(seed, features or Features())
    planner.base_rosters()
    planner.month_log()  # the first month's log, so that every sequence has activity early
    while len(planner.steps) < n_steps:
        planner.random_step()
    return Plan(seed, planner.features, planner.steps)


def cli_plan(seed: int, features: Features | None = None) -> Plan:
    """A short sequence for the command-line test: the roster(s), a month's log, a draft month and its
    corrected file, then undo of the corrected file (the draft comes back)."""
    planner = _Planner(seed, features or Features())
    planner.base_rosters()
    planner.month_log()
    month = planner.next_month
    planner.month_log(draft=True)
    planner.corrected(month)
    corrected = planner.uploads[-1][1]
    assert corrected is not None
    planner.truth.undo(corrected)
    planner.steps.append(Step("undo", target=corrected, label=planner.uploads[-1][0].name, months=(month,)))
    return Plan(seed, planner.features, planner.steps)


def data_months(plan: Plan, upto: int) -> list[dt.date]:
    """The months steps 0..upto touched."""
    return sorted({m for s in plan.steps[: upto + 1] for m in s.months})


# --------------------------------------------------------------------------------------------------
# Command line: write a seed's files for a look
# --------------------------------------------------------------------------------------------------


def _main() -> None:
    import argparse
    import pathlib

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--features", default="")
    ap.add_argument("--out", type=pathlib.Path, required=True)
    args = ap.parse_args()
    plan = plan_sequence(args.seed, args.steps, Features.parse(args.features))
    args.out.mkdir(parents=True, exist_ok=True)
    truth = Truth()
    log = []
    for i, step in enumerate(plan.steps, 1):
        if step.action == "import":
            assert step.upload is not None
            (args.out / f"{i:02d}_{step.upload.name}").write_bytes(step.upload.data)
            truth.import_upload(step.upload)
        else:
            assert step.target is not None
            truth.undo(step.target)
        log.append({"step": i, "what": step.describe(), "all_time": truth.headline()})
    (args.out / "truth.json").write_text(json.dumps(log, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(plan.describe())


if __name__ == "__main__":
    _main()
