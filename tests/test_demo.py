"""demo.py: the demo files are deterministic and import as intended (kind, month, no refused rows)."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach import demo
from outreach.ingest.parse import parse_file

MAY, SEPTEMBER = dt.date(2014, 5, 1), dt.date(2014, 9, 1)
# In import order: rosters first, then the months in order. Rosters carry "2014年5月" (sheet name,
# title or subtitle) so loading the demo never depends on today's date.
EXPECTED = [
    ("花名册_市本级.xlsx", "roster", MAY),
    ("花名册_各县区.xlsx", "roster", MAY),
    ("花名册_霞浦县.csv", "roster", MAY),
    ("2014年5月工作量统计表.xlsx", "activity", MAY),
    ("2014年6月工作量统计表.xlsx", "activity", dt.date(2014, 6, 1)),
    ("2014年7月工作量统计表.xlsx", "activity", dt.date(2014, 7, 1)),
    ("2014年8月工作量统计表.xlsx", "activity", dt.date(2014, 8, 1)),
    ("2014年9月工作台账.xls", "activity", SEPTEMBER),
    ("福鼎市2014年9月网宣工作台账.csv", "activity", SEPTEMBER),
    ("2014年专项活动安排.xlsx", "campaign", None),  # campaigns carry their own dates, no sheet month
]


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    paths = demo.write_samples(tmp_path_factory.mktemp("demo"))
    return {p.name: parse_file(p.read_bytes(), p.name) for p in paths}


def test_same_seed_writes_the_same_bytes(tmp_path):
    first = demo.write_samples(tmp_path / "a")
    second = demo.write_samples(tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_files_come_in_import_order(parsed):
    assert list(parsed) == [name for name, _, _ in EXPECTED]


@pytest.mark.parametrize(("name", "kind", "month"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_file_parses_to_its_kind_and_month_without_errors(parsed, name, kind, month):
    pf = parsed[name]
    assert pf.kind == kind
    assert pf.errors == []
    assert pf.rows_rejected == 0
    assert pf.rows_accepted > 0
    assert pf.period == month
    if kind == "activity":
        assert pf.months == [month]


def test_rosters_cover_every_county_and_unit(parsed):
    rosters = [pf.records for pf in parsed.values() if pf.kind == "roster"]
    assert {c for r in rosters for c in r["county"]} == set(demo.COUNTIES)
    # Sheets without a 单位 column take the unit from their `填报单位：…` subtitle, not the county name.
    units = {u for r in rosters for u in r["unit"]}
    assert units == {u for u, _, _ in demo._CITY_UNITS} | set(demo._COUNTY_UNIT.values())


def test_unmatched_names_are_in_activity_but_on_no_roster(parsed):
    roster_names = {n for pf in parsed.values() if pf.kind == "roster" for n in pf.records["name"]}
    active = {(u, n) for pf in parsed.values() if pf.kind == "activity"
              for u, n in zip(pf.records["unit"], pf.records["name"], strict=True)}
    for unit, name in demo.UNMATCHED:
        assert (unit, name) in active
        assert name not in roster_names


def test_each_unit_month_comes_from_one_file_only(parsed):
    seen: dict[tuple[str, dt.date], str] = {}
    for name, pf in parsed.items():
        if pf.kind != "activity":
            continue
        for key in set(zip(pf.records["unit"], pf.records["month"], strict=True)):
            assert key not in seen, f"{key} in {seen.get(key)} and {name}"
            seen[key] = name
    assert (demo._SILENT_IN_SEPTEMBER, SEPTEMBER) not in seen
