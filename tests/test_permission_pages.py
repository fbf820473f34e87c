"""The permission matrix through the pages (issue #12): every viewer × page × action × unit cell of the
table below, observed in Streamlit's AppTest on a small city (tests/scope_team.py: 福安市 and 寿宁县 each
have a 城南镇团委). tests/test_access.py asserts the same rules on the core (outreach.access.may, scope,
check_import, check_undo); here each cell is what the page lets the viewer do.

Units: F1 = 福安市/城南镇团委, F2 = 福安市/阳头街道团委, S1 = 寿宁县/城南镇团委 (F1's name, another county).
A "·" unit is an action that names no unit (the rubric, campaigns, accounts, the audit log, unmasking,
exports: what an export holds is what its page's scoped queries return, tests/test_query_scope.py).

How a cell is observed (Y allowed, - refused):
- see:      the page runs (no login form, no refusal) and offers the unit in its unit filter; a "-" unit's
            county or member names appear nowhere on the page (every text, table cell and chart value)
- import:   a September log of one row of the unit is uploaded and confirmed, and lands in the database;
            "-" is no upload tab at all, or the refusal naming the row with the confirm button disabled
- undo:     the unit's own August batch is picked in the history and undone, and is reverted in the
            database; "-" is the batch missing from the history, or shown with no undo button
- adjust:   the unit is offered in the 加减分 form, and an adjustment of it is saved
- campaign, rubric, users, audit, unmask, export: the form, expander, tab or button is on the page
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.auth
import ui.shell
from outreach import accounts, sessions, store
from outreach.i18n import t
from outreach.ingest import load
from outreach.units import unit_label
from tests.apptest_text import everything
from tests.fixtures import xlsx
from tests.scope_team import build, fast_hashes  # noqa: F401 (the fixture, used through pytestmark)

pytestmark = pytest.mark.usefixtures("fast_hashes")

UNITS = {"F1": "福安市/城南镇团委", "F2": "福安市/阳头街道团委", "S1": "寿宁县/城南镇团委"}
# What names a unit on a page, apart from its (shared) unit name: F1 is never hidden while F2 is shown.
MARKS = {"F1": ("张三",), "F2": ("阳头街道团委", "王五"), "S1": ("寿宁县", "李四")}
ROWS = {"F1": ("张三", "城南镇团委", "福安市"), "F2": ("王五", "阳头街道团委", "福安市"),
        "S1": ("李四", "城南镇团委", "寿宁县")}

# viewer: (role, county, unit, can_unmask); "open" is no account at all, "anonymous" not signed in.
VIEWERS = {
    "admin": ("admin", None, None, False),
    "city": ("city_staff", None, None, False),
    "county": ("county_staff", "福安市", None, False),
    "unit": ("unit_staff", None, UNITS["F1"], False),
    "lead_city": ("leader", None, None, False),
    "lead_cty": ("leader", "福安市", None, False),
    "pres_cty": ("presenter", "福安市", None, False),
    "pres_g": ("presenter", None, None, True),
    "open": None,
    "anonymous": None,
}

MATRIX = """
page        action    unit | admin city county unit lead_city lead_cty pres_cty pres_g open anonymous
overview    see       F1   |   Y    Y     Y     Y      Y         Y        -       -     Y     -
overview    see       F2   |   Y    Y     Y     -      Y         Y        -       -     Y     -
overview    see       S1   |   Y    Y     -     -      Y         -        -       -     Y     -
overview    export    ·    |   Y    Y     Y     Y      Y         Y        -       -     Y     -
team        see       F1   |   Y    Y     Y     Y      Y         Y        -       -     Y     -
team        see       F2   |   Y    Y     Y     -      Y         Y        -       -     Y     -
team        see       S1   |   Y    Y     -     -      Y         -        -       -     Y     -
team        export    ·    |   Y    Y     Y     Y      Y         Y        -       -     Y     -
activity    see       F1   |   Y    Y     Y     Y      Y         Y        -       -     Y     -
activity    see       F2   |   Y    Y     Y     -      Y         Y        -       -     Y     -
activity    see       S1   |   Y    Y     -     -      Y         -        -       -     Y     -
activity    export    ·    |   Y    Y     Y     Y      Y         Y        -       -     Y     -
evaluation  see       F1   |   Y    Y     Y     Y      Y         Y        -       -     Y     -
evaluation  see       F2   |   Y    Y     Y     -      Y         Y        -       -     Y     -
evaluation  see       S1   |   Y    Y     -     -      Y         -        -       -     Y     -
evaluation  export    ·    |   Y    Y     Y     Y      Y         Y        -       -     Y     -
evaluation  adjust    F1   |   Y    Y     -     -      -         -        -       -     Y     -
evaluation  adjust    F2   |   Y    Y     -     -      -         -        -       -     Y     -
evaluation  adjust    S1   |   Y    Y     -     -      -         -        -       -     Y     -
evaluation  rubric    ·    |   Y    -     -     -      -         -        -       -     Y     -
meeting     see       F1   |   Y    Y     Y     Y      Y         Y        Y       Y     Y     -
meeting     see       F2   |   Y    Y     Y     -      Y         Y        Y       Y     Y     -
meeting     see       S1   |   Y    Y     -     -      Y         -        -       Y     Y     -
meeting     export    ·    |   Y    Y     Y     Y      Y         Y        Y       Y     Y     -
meeting     unmask    ·    |   Y    -     -     -      -         -        -       Y     Y     -
data        see       F1   |   Y    Y     Y     Y      Y         Y        -       -     Y     -
data        see       F2   |   Y    Y     Y     -      Y         Y        -       -     Y     -
data        see       S1   |   Y    Y     -     -      Y         -        -       -     Y     -
data        export    ·    |   Y    Y     Y     Y      Y         Y        -       -     Y     -
data        import    F1   |   Y    Y     Y     Y      -         -        -       -     Y     -
data        import    F2   |   Y    Y     Y     -      -         -        -       -     Y     -
data        import    S1   |   Y    Y     -     -      -         -        -       -     Y     -
data        undo      F1   |   Y    Y     Y     Y      -         -        -       -     Y     -
data        undo      F2   |   Y    Y     Y     -      -         -        -       -     Y     -
data        undo      S1   |   Y    Y     -     -      -         -        -       -     Y     -
data        campaign  ·    |   Y    Y     -     -      -         -        -       -     Y     -
admin       see       ·    |   Y    -     -     -      -         -        -       -     -     -
admin       users     ·    |   Y    -     -     -      -         -        -       -     -     -
admin       audit     ·    |   Y    -     -     -      -         -        -       -     -     -
"""

SCRIPTS = {"overview": "app.py", "team": "pages/team.py", "activity": "pages/activity.py",
           "evaluation": "pages/evaluation.py", "meeting": "pages/meeting.py", "data": "pages/data.py",
           "admin": "pages/admin.py"}


def _cells() -> dict[tuple[str, str, str, str], bool]:
    lines = [line for line in MATRIX.strip().splitlines()]
    viewers = lines[0].split("|")[1].split()
    cells = {}
    for line in lines[1:]:
        left, right = line.split("|")
        page, action, unit = left.split()
        marks = right.split()
        assert len(marks) == len(viewers) and set(marks) <= {"Y", "-"}, line
        for viewer, mark in zip(viewers, marks, strict=True):
            cells[(viewer, page, action, unit)] = mark == "Y"
    return cells


CELLS = _cells()


def test_the_table_has_every_cell():
    """Every viewer, every page, and on each page every action that lives there, for every unit where
    the action names one: nothing left out of the table."""
    rows = {(p, a, u) for (_, p, a, u) in CELLS}
    assert {v for (v, *_rest) in CELLS} == set(VIEWERS)
    assert {p for (p, _, _) in rows} == set(SCRIPTS)
    for page, action, unit in rows:
        if unit != "·":
            assert {(page, action, u) for u in UNITS} <= rows, (page, action)
    assert len(CELLS) == len(VIEWERS) * len(rows) == 10 * 39


# --- a city per viewer ---------------------------------------------------------------------------------------

AUGUST = {u: [["2014年8月工作量统计表"], ["姓名", "单位", "县区", "转发微信（条）"], [*ROWS[u], 6]] for u in UNITS}
SEPTEMBER = {u: [["2014年9月工作量统计表"], ["姓名", "单位", "县区", "转发微信（条）"], [*ROWS[u], 4]] for u in UNITS}


@pytest.fixture(scope="module")
def city_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("matrix") / "city.duckdb"
    con = build(path)
    for unit, rows in AUGUST.items():  # one batch per unit, to undo
        load.import_bytes(con, xlsx(rows), f"aug_{unit}.xlsx")
    con.close()
    return path


def _open_app(city_file: Path, tmp_path: Path, monkeypatch, viewer: str) -> tuple[AppTest, Path]:
    db = tmp_path / "city.duckdb"
    shutil.copy(city_file, db)
    monkeypatch.setenv("OUTREACH_DB", str(db))
    monkeypatch.delenv(ui.auth.PROXY_ENV, raising=False)
    ui.shell._connection.clear()
    token = None
    if viewer != "open":
        con = store.connect(db)
        accounts.create_user(con, "boss", "admin", "correct horse", by=None)  # accounts exist
        if viewer != "anonymous":
            role, county, unit, grant = VIEWERS[viewer]
            name = viewer if viewer != "admin" else "boss"
            if viewer != "admin":
                accounts.create_user(con, name, role, "correct horse", county=county, unit=unit,
                                     can_unmask=grant, by=None)
            token = sessions.open_session(con, accounts.viewer_for(con, name=name), "password")
        con.close()
    monkeypatch.setattr(ui.auth, "_cookie", lambda: token)  # the browser's session cookie (or none)
    return AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=90), db


def _read(at: AppTest, sql: str, params: list | None = None) -> list[tuple]:
    """Through the app's own connection (one DuckDB instance per file in a process)."""
    con = ui.shell._connection(store.location())
    return con.cursor().execute(sql, params or []).fetchall()


def _run(at: AppTest, page: str, **state) -> AppTest:
    at.switch_page(SCRIPTS[page])
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, (page, at.exception)
    return at


REFUSED = t("auth.page_refused", "zh", role="\0").split("\0")[1]  # the words after the role


def _runs(at: AppTest, page: str) -> bool:
    """The page asked for drew itself: no login form, no refusal, and not the meeting page instead (the
    app's address opens a presenter's meeting page)."""
    refused = [e for e in at.error if REFUSED in e.value]
    landed = page != "meeting" and any(w.key == "mt_mode" for w in at.get("button_group"))
    return not any(w.key == "auth_name" for w in at.text_input) and not refused and not landed


def _unit_options(at: AppTest, page: str) -> list[str]:
    if page == "meeting":
        found = [m for m in at.get("multiselect") if m.key == "mt_unit"]
    else:
        found = [m for m in at.sidebar.get("multiselect") if m.key == "f_unit"]
    return list(found[0].options) if found else []


def _keys(at: AppTest, kind: str) -> set[str]:
    return {w.key for w in at.get(kind) if getattr(w, "key", None)}


def _has_download(at: AppTest) -> bool:
    return len(at.get("download_button")) > 0


# --- observing each cell --------------------------------------------------------------------------------------

def _see(at: AppTest, page: str) -> dict[str, bool]:
    runs = _runs(at, page)
    if page == "admin":
        return {"·": runs}
    if not runs and page == "overview" and any(w.key == "mt_mode" for w in at.get("button_group")):
        return {u: False for u in UNITS}  # a presenter, taken to the meeting page: its cells are there
    options = _unit_options(at, page) if runs else []
    text = everything(at)
    seen = {}
    for u, key in UNITS.items():
        offered = unit_label(key) in options
        if not offered:  # not offered: not named anywhere either
            assert not [m for m in MARKS[u] if m in text], (page, u, [m for m in MARKS[u] if m in text], options,
                                                            dict(at.query_params))
        seen[u] = runs and offered
    return seen


def _import(at: AppTest) -> dict[str, bool]:
    out = {}
    for u in UNITS:
        _run(at, "data", dp_tab=t("dp.tab_upload", "zh"))
        if not at.file_uploader:
            out[u] = False
            continue
        at.file_uploader[0].set_value([(f"sep_{u}.xlsx", xlsx(SEPTEMBER[u]), "application/vnd.ms-excel")]).run()
        assert not at.exception, at.exception
        confirm = [b for b in at.button if b.key and b.key.startswith("dp_confirm_") and b.key != "dp_confirm_all"]
        assert len(confirm) == 1, [b.key for b in at.button]
        if confirm[0].disabled:
            refusal = "\n".join(e.value for e in at.error)
            assert ROWS[u][0] in refusal or ROWS[u][1] in refusal, refusal  # it names the row
            out[u] = False
            continue
        confirm[0].click().run()
        assert not at.exception, at.exception
        landed = _read(at, "SELECT count(*) FROM batches WHERE file_name = ? AND status = 'active'",
                       [f"sep_{u}.xlsx"])
        assert landed == [(1,)], (u, landed)
        out[u] = True
    return out


def _undo(at: AppTest) -> dict[str, bool]:
    out = {}
    for u in UNITS:
        (batch,), = _read(at, "SELECT batch_id FROM batches WHERE file_name = ?", [f"aug_{u}.xlsx"])
        _run(at, "data", dp_tab=t("dp.tab_history", "zh"))
        picks = [s for s in at.selectbox if s.key == "dp_batch"]
        shown = [i for i, o in enumerate(picks[0].options if picks else []) if o.startswith(f"#{batch} ")]
        if not shown:
            out[u] = False
            continue
        picks[0].select_index(shown[0]).run()
        sure = [c for c in at.checkbox if c.key == f"dp_undo_sure_{batch}"]
        if not sure:
            out[u] = False
            continue
        sure[0].check().run()
        at.button(key=f"dp_undo_{batch}").click().run()
        assert not at.exception, at.exception
        assert _read(at, "SELECT status FROM batches WHERE batch_id = ?", [batch]) == [("reverted",)]
        out[u] = True
    return out


def _adjust(at: AppTest) -> dict[str, bool]:
    _run(at, "evaluation", ev_tab=t("eval.tab_adjustments", "zh"))
    picks = [s for s in at.selectbox if s.key == "ev_adj_unit"]
    options = list(picks[0].options) if picks else []
    out = {}
    for u, key in UNITS.items():
        out[u] = unit_label(key) in options
        if not out[u]:
            continue
        _run(at, "evaluation", ev_tab=t("eval.tab_adjustments", "zh"))
        at.selectbox(key="ev_adj_unit").set_value(key)
        at.number_input(key="ev_adj_points").set_value(2.0)
        at.text_input(key="ev_adj_reason").input(f"测试 {u}")
        users = [w for w in at.text_input if w.key == "ev_adj_user"]
        if users:  # open mode: the name of whoever makes the change
            users[0].input("办公室")
        next(b for b in at.get("button") if b.label == t("eval.adj_submit", "zh")).click().run()
        assert not at.exception, at.exception
        assert _read(at, "SELECT count(*) FROM adjustments WHERE unit_key(county, unit) = ? AND points = 2",
                     [key]) == [(1,)], u
    return out


def _observe(at: AppTest, db: Path, page: str) -> dict[tuple[str, str], bool]:
    """Every cell of one page for the viewer of ``at``."""
    _run(at, page)
    runs = _runs(at, page)
    seen = {("see", u): v for u, v in _see(at, page).items()}
    if page != "admin":
        seen[("export", "·")] = runs and _has_download(at)
    if page == "evaluation":
        _run(at, page, ev_tab=t("eval.tab_rubric", "zh"))
        seen[("rubric", "·")] = _runs(at, page) and any(
            e.label == t("eval.admin", "zh") for e in at.get("expander"))
        seen.update({("adjust", u): v for u, v in _adjust(at).items()} if runs else
                    {("adjust", u): False for u in UNITS})
    elif page == "meeting":
        seen[("unmask", "·")] = runs and "mt_unmask" in _keys(at, "button")
        _run(at, page, mt_mode="report")  # the 汇报 view carries the exports
        seen[("export", "·")] = _runs(at, page) and _has_download(at)
    elif page == "data":
        _run(at, page, dp_tab=t("dp.tab_campaigns", "zh"))
        seen[("campaign", "·")] = runs and any(k.startswith("camp_name_") for k in _keys(at, "text_input"))
        seen.update({("import", u): v for u, v in _import(at).items()})
        seen.update({("undo", u): v for u, v in _undo(at).items()})
    elif page == "admin":
        seen[("users", "·")] = runs and "admin_new_name" in _keys(at, "text_input")
        _run(at, page, admin_tab=t("admin.tab_audit", "zh"))
        seen[("audit", "·")] = _runs(at, page) and _has_download(at)
    return seen


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_every_cell_of_the_viewer(city_file, tmp_path, monkeypatch, viewer):
    at, db = _open_app(city_file, tmp_path, monkeypatch, viewer)
    at.run()
    observed = {}
    for page in SCRIPTS:
        for (action, unit), allowed in _observe(at, db, page).items():
            observed[(viewer, page, action, unit)] = allowed
    expected = {cell: v for cell, v in CELLS.items() if cell[0] == viewer}
    assert set(observed) == set(expected), set(observed) ^ set(expected)
    wrong = {cell[1:]: ("allowed" if observed[cell] else "refused") for cell in expected
             if observed[cell] != expected[cell]}
    assert not wrong, f"{viewer}: {wrong}"
    ui.shell._connection.clear()
