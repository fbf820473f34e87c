"""Roles and scope (issue #12): the permission matrix cell by cell, each role's scope on a city with two
same-named units in different counties, and the write checks that refuse a file or an undo whole."""

from __future__ import annotations

import re

import pytest

from outreach import access
from outreach.access import OPEN, Viewer, WriteRefused, may, rows_outside_scope, scope
from outreach.ingest import load
from outreach.ingest.parse import parse_file
from tests.fixtures import xlsx
from tests.scope_team import ALL_UNITS, FUAN, HEADER, SHOUNING, build

# The spec: every role (and 'open', the viewer while no account exists) × every action.
# Y = allowed, - = refused, G = allowed only with the can_unmask grant. It must equal the table in
# outreach/access.py's docstring (test_the_docstring_states_the_same_table).
MATRIX = """
| action           | admin | city_staff | county_staff | unit_staff | leader | presenter | open |
|------------------|-------|------------|--------------|------------|--------|-----------|------|
| import           |   Y   |     Y      |      Y       |     Y      |   -    |     -     |  Y   |
| undo             |   Y   |     Y      |      Y       |     Y      |   -    |     -     |  Y   |
| adjust           |   Y   |     Y      |      -       |     -      |   -    |     -     |  Y   |
| campaign         |   Y   |     Y      |      -       |     -      |   -    |     -     |  Y   |
| rubric           |   Y   |     -      |      -       |     -      |   -    |     -     |  Y   |
| users            |   Y   |     -      |      -       |     -      |   -    |     -     |  -   |
| audit            |   Y   |     -      |      -       |     -      |   -    |     -     |  -   |
| export           |   Y   |     Y      |      Y       |     Y      |   Y    |     Y     |  Y   |
| unmask           |   Y   |     G      |      G       |     G      |   G    |     G     |  Y   |
| page:overview    |   Y   |     Y      |      Y       |     Y      |   Y    |     -     |  Y   |
| page:team        |   Y   |     Y      |      Y       |     Y      |   Y    |     -     |  Y   |
| page:activity    |   Y   |     Y      |      Y       |     Y      |   Y    |     -     |  Y   |
| page:evaluation  |   Y   |     Y      |      Y       |     Y      |   Y    |     -     |  Y   |
| page:meeting     |   Y   |     Y      |      Y       |     Y      |   Y    |     Y     |  Y   |
| page:data        |   Y   |     Y      |      Y       |     Y      |   Y    |     -     |  Y   |
| page:admin       |   Y   |     -      |      -       |     -      |   -    |     -     |  -   |
"""
ROLES_AND_OPEN = (*access.ROLES, "open")
# A place for each role, as accounts hold them (permissions do not depend on it).
PLACES = {
    "admin": {}, "city_staff": {}, "county_staff": {"county": "福安市"},
    "unit_staff": {"county": "福安市", "unit": "福安市/城南镇团委"}, "leader": {"county": "寿宁县"},
    "presenter": {}, "open": {},
}


def _table(text: str) -> dict[tuple[str, str], str]:
    lines = [line for line in text.strip().splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    cells = {}
    for line in lines[2:]:
        row = [c.strip() for c in line.strip("|").split("|")]
        for role, value in zip(header[1:], row[1:], strict=True):
            cells[(role, row[0])] = value
    return cells


CELLS = _table(MATRIX)


def test_the_matrix_covers_every_role_and_every_action():
    assert {role for role, _ in CELLS} == set(ROLES_AND_OPEN)
    assert {action for _, action in CELLS} == set(access.ACTIONS)
    assert len(CELLS) == len(ROLES_AND_OPEN) * len(access.ACTIONS)
    assert set(CELLS.values()) <= {"Y", "-", "G"}


@pytest.mark.parametrize(("role", "action"), sorted(CELLS))
@pytest.mark.parametrize("granted", [False, True], ids=["no-grant", "grant"])
def test_permission_matrix(role, action, granted):
    viewer = Viewer(None if role == "open" else f"u_{role}", role, can_unmask=granted, **PLACES[role])
    expected = {"Y": True, "-": False, "G": granted}[CELLS[(role, action)]]
    assert may(viewer, action) is expected


def test_the_docstring_states_the_same_table():
    doc = access.__doc__
    start = doc.index("| action ")
    block = doc[start:doc.index("\n\n", start)]
    assert _table(block) == CELLS


def test_an_unknown_role_may_nothing_and_an_unknown_action_is_an_error():
    stranger = Viewer("x", "guest")
    assert not any(may(stranger, a) for a in access.ACTIONS)
    with pytest.raises(ValueError):
        may(OPEN, "delete_everything")


def test_require_and_landing_page():
    presenter = Viewer("p", "presenter")
    assert access.landing_page(presenter) == "meeting"
    assert access.landing_page(Viewer("l", "leader")) == "overview"
    with pytest.raises(WriteRefused) as refused:
        access.require(presenter, "import")
    assert refused.value.key == "access.err.denied"
    assert refused.value.message("zh") == "当前账号（汇报人）无权导入数据。"
    assert refused.value.message("en") == "This account (Presenter) may not import data."
    with pytest.raises(WriteRefused, match="open the Admin page"):
        access.require(Viewer("l", "leader"), "page:admin")


# --- scope ---------------------------------------------------------------------------------------------


@pytest.fixture
def city(tmp_path):
    con = build(tmp_path / "city.duckdb")
    yield con
    con.close()


@pytest.fixture(scope="module")
def city_read(tmp_path_factory):
    """The city, shared by the tests that only read it."""
    con = build(tmp_path_factory.mktemp("city") / "city.duckdb")
    yield con
    con.close()


@pytest.mark.parametrize(("viewer", "expected"), [
    (Viewer("a", "admin"), None),
    (Viewer("c", "city_staff"), None),
    (Viewer("f", "county_staff", "福安市"), FUAN),
    (Viewer("s", "county_staff", "寿宁县"), SHOUNING),
    (Viewer("u", "unit_staff", "寿宁县", "寿宁县/城南镇团委"), ["寿宁县/城南镇团委"]),
    (Viewer("l", "leader"), None),
    (Viewer("l", "leader", "福安市"), FUAN),
    (Viewer("p", "presenter"), None),
    (Viewer("p", "presenter", "寿宁县"), SHOUNING),
    (OPEN, None),
    (Viewer("g", "guest", "福安市"), []),
    (Viewer("n", "county_staff", "周宁县"), []),  # a county with no data yet sees nothing, not everything
])
def test_scope_of_each_role(city_read, viewer, expected):
    assert scope(city_read, viewer) == expected
    seen = ALL_UNITS if expected is None else expected
    assert all(k in ALL_UNITS for k in seen)


def test_a_county_keeps_a_unit_named_only_in_an_undone_roster(city):
    roster = [["花名册"], ["姓名", "单位", "县区"], ["吴九", "甘棠镇团委", "福安市"]]
    batch = load.import_bytes(city, xlsx(roster), "new.xlsx").batch_id
    load.undo(city, batch)
    live = {r[0] for r in city.execute("SELECT unit_key(county, unit) FROM units").fetchall()}
    assert "福安市/甘棠镇团委" not in live
    assert scope(city, Viewer("f", "county_staff", "福安市")) == sorted([*FUAN, "福安市/甘棠镇团委"])


def test_units_outside_scope(city_read):
    city = city_read
    keys = ["福安市/城南镇团委", "寿宁县/城南镇团委", "/城南镇团委", "城南镇团委", "福安市/甘棠镇团委"]
    assert access.units_outside_scope(city, Viewer("a", "admin"), keys) == []
    # A county account writes to its county's units, new ones included; a key with no county is no county's.
    assert access.units_outside_scope(city, Viewer("f", "county_staff", "福安市"), keys) == sorted(
        ["寿宁县/城南镇团委", "/城南镇团委", "城南镇团委"])
    unit = Viewer("u", "unit_staff", "福安市", "福安市/城南镇团委")
    assert access.units_outside_scope(city, unit, keys) == sorted(set(keys) - {"福安市/城南镇团委"})


# --- writes --------------------------------------------------------------------------------------------

FUAN_STAFF = Viewer("fa", "county_staff", "福安市")


def test_a_county_file_holding_one_other_county_row_is_refused_naming_it(city):
    # No 县区 column: 张三 and 李四 are told apart by the roster, 王五's unit exists in one county only.
    log = [["2014年8月工作量统计表"], HEADER, ["张三", "城南镇团委", 3, ""], ["王五", "阳头街道团委", 1, 1],
           ["李四", "城南镇团委", 2, ""]]
    parsed = parse_file(xlsx(log), "福安8月.xlsx")
    assert rows_outside_scope(FUAN_STAFF, parsed, city) == [("Sheet1", 5, "寿宁县/城南镇团委")]
    assert rows_outside_scope(Viewer("s", "county_staff", "寿宁县"), parsed, city) == [
        ("Sheet1", 3, "福安市/城南镇团委"), ("Sheet1", 4, "福安市/阳头街道团委")]
    assert rows_outside_scope(Viewer("c", "city_staff"), parsed, city) == []
    with pytest.raises(WriteRefused) as refused:
        access.check_import(city, FUAN_STAFF, parsed)
    assert refused.value.key == "access.err.rows_outside"
    assert refused.value.message("zh") == (
        "文件「福安8月.xlsx」有 1 行属于本账号范围（福安市）以外的单位，整个文件未导入："
        "Sheet1 第 5 行（寿宁县 / 城南镇团委）")
    assert "Sheet1 row 5 (寿宁县 / 城南镇团委)" in refused.value.message("en")
    before = city.execute("SELECT count(*) FROM batches").fetchall()
    # Without the other county's row, the same account may import it.
    ok = parse_file(xlsx(log[:4]), "福安8月-改.xlsx")
    access.check_import(city, FUAN_STAFF, ok)
    assert city.execute("SELECT count(*) FROM batches").fetchall() == before  # checking writes nothing


def test_a_roster_row_of_another_county_and_a_row_of_no_county(city):
    roster = [["花名册"], ["姓名", "单位", "县区"], ["张三", "城南镇团委", "福安市"], ["钱十", "城南镇团委", "寿宁县"],
              ["郑一", "城南镇团委", ""]]
    parsed = parse_file(xlsx(roster), "roster2.xlsx")
    outside = rows_outside_scope(FUAN_STAFF, parsed, city)
    assert outside == [("Sheet1", 4, "寿宁县/城南镇团委"), ("Sheet1", 5, "/城南镇团委")]
    with pytest.raises(WriteRefused) as refused:
        access.check_import(city, FUAN_STAFF, parsed)
    assert "未注明县区" in refused.value.message("zh")


def test_a_unit_account_and_a_summary_row_of_zeros(city):
    unit = Viewer("u", "unit_staff", "福安市", "福安市/城南镇团委")
    # 赵六's row reports 鳌阳镇团委 (寿宁县) with zeros: importing it would replace that unit's figures.
    log = [["2014年8月工作量统计表"], HEADER, ["张三", "城南镇团委", 3, ""], ["赵六", "鳌阳镇团委", "", ""]]
    parsed = parse_file(xlsx(log), "aug.xlsx")
    assert rows_outside_scope(unit, parsed, city) == [(None, None, "寿宁县/鳌阳镇团委")]
    assert rows_outside_scope(unit, parse_file(xlsx(log[:3]), "aug2.xlsx"), city) == []
    assert rows_outside_scope(FUAN_STAFF, parsed, city) == [(None, None, "寿宁县/鳌阳镇团委")]


def test_a_log_resolved_through_the_roster_uploaded_with_it(city):
    roster = [["花名册"], ["姓名", "单位", "县区"], ["吴九", "甘棠镇团委", "福安市"]]
    log = [["2014年8月工作量统计表"], HEADER, ["吴九", "甘棠镇团委", 2, ""]]
    r, parsed = parse_file(xlsx(roster), "r.xlsx"), parse_file(xlsx(log), "l.xlsx")
    assert rows_outside_scope(FUAN_STAFF, parsed, city) == [("Sheet1", 3, "/甘棠镇团委")]
    assert rows_outside_scope(FUAN_STAFF, parsed, city, after=[r]) == []
    assert city.execute("SELECT count(*) FROM units WHERE unit = '甘棠镇团委'").fetchall() == [(0,)]  # rolled back


def test_import_refused_by_role(city):
    parsed = parse_file(xlsx([["2014年8月"], HEADER, ["张三", "城南镇团委", 1, ""]]), "x.xlsx")
    for role in ("leader", "presenter"):
        with pytest.raises(WriteRefused, match=re.escape("may not import data")):
            access.check_import(city, Viewer("x", role), parsed)


def test_undo_is_limited_to_the_scope(city):
    batches = dict(city.execute("SELECT file_name, batch_id FROM batches").fetchall())
    # The city's log touched three counties: no county account may undo it; the city may.
    with pytest.raises(WriteRefused) as refused:
        access.check_undo(city, FUAN_STAFF, batches["jul.xlsx"])
    assert refused.value.key == "access.err.batch_outside"
    assert refused.value.params["units"] == ["寿宁县/城南镇团委", "霞浦县/松城街道团委"]
    assert "寿宁" not in refused.value.message("zh") + refused.value.message("en")  # not its to see
    access.check_undo(city, Viewer("c", "city_staff"), batches["jul.xlsx"])
    own = load.import_bytes(city, xlsx([["2014年8月"], HEADER, ["张三", "城南镇团委", 1, ""]]), "fa.xlsx").batch_id
    access.check_undo(city, FUAN_STAFF, own)
    access.check_undo(city, Viewer("u", "unit_staff", "福安市", "福安市/城南镇团委"), own)
    with pytest.raises(WriteRefused):
        access.check_undo(city, Viewer("u", "unit_staff", "福安市", "福安市/阳头街道团委"), own)
    with pytest.raises(WriteRefused, match="undo an import"):
        access.check_undo(city, Viewer("l", "leader", "福安市"), own)


def test_check_units():
    access.check_units(None, Viewer("c", "city_staff"), "adjust", ["寿宁县/城南镇团委"])
    with pytest.raises(WriteRefused, match="enter score adjustments"):
        access.check_units(None, FUAN_STAFF, "adjust", ["福安市/城南镇团委"])
    with pytest.raises(WriteRefused) as refused:
        access.check_units(None, FUAN_STAFF, "export", ["福安市/城南镇团委", "寿宁县/城南镇团委"])
    assert refused.value.message("zh") == "本账号范围以外的单位：寿宁县 / 城南镇团委"
