"""load.py on real DuckDB files: all or nothing, idempotent, replace per (unit, month), undo, matching.

Every expected figure below is counted by hand from the small files the tests build.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from outreach import store
from outreach.filters import Filters
from outreach.ingest import load, refresh
from outreach.ingest.issues import ImportRefused
from outreach.summary import headline

try:
    from tests import fixtures as fx
except ImportError:  # pragma: no cover - run from inside tests/
    import fixtures as fx

JUN, AUG = dt.date(2014, 6, 1), dt.date(2014, 8, 1)
ROSTER_HEAD = ["姓名", "单位", "县区", "手机号码", "角色", "类别"]
LOG_HEAD = ["日期", "姓名", "单位", "类型", "平台", "数量", "标题", "手机号码"]


def roster(*rows: tuple) -> bytes:
    """Roster rows: (name, unit, county, phone, role, category); short rows are padded."""
    return fx.xlsx([["网络宣传员花名册"], ROSTER_HEAD, *[list(r) + [None] * (6 - len(r)) for r in rows]],
                   merged=["A1:F1"])


def log(*rows: tuple) -> bytes:
    """Long activity rows: (date, name, unit, type, platform, count, title, phone); short rows padded."""
    return fx.xlsx([LOG_HEAD, *[list(r) + [None] * (8 - len(r)) for r in rows]])


def day(month: int, d: int) -> dt.date:
    return dt.date(2014, month, d)


# May roster: 甲单位 has 张三 (core) and 李四; 乙单位 has 王五.
R_MAY = roster(("张三", "甲单位", "一县", "13800000001", "骨干", "团干部"),
               ("李四", "甲单位", "一县", "13800000002", "网宣员", "网络阅评员"),
               ("王五", "乙单位", "二县", "13800000003", "网宣员", "大学生志愿者"))
R_MAY_NAME = "花名册_2014年5月.xlsx"
# June log: 5 actions in 甲单位, 1 in 乙单位.
A_JUN = log((day(6, 3), "张三", "甲单位", "转发", "微信", 3),
            (day(6, 4), "李四", "甲单位", "评论", "微博", 2),
            (day(6, 5), "王五", "乙单位", "转发", "微博", 1))
# August draft: 甲单位 5 reposts + 2 comments, 乙单位 4 reposts.
DRAFT = log((day(8, 3), "张三", "甲单位", "转发", "微信", 5),
            (day(8, 4), "李四", "甲单位", "评论", "微博", 2),
            (day(8, 5), "王五", "乙单位", "转发", "微信", 4))
# August corrected: 甲单位 only: 3 reposts + 1 original. 乙单位 is not in it.
CORRECTED = log((day(8, 3), "张三", "甲单位", "转发", "微信", 3),
                (day(8, 6), "李四", "甲单位", "原创", "微信", 1))


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    """Database files built once per module and copied per test: empty, and May roster + June log."""
    folder = tmp_path_factory.mktemp("templates")
    empty, loaded = folder / "empty.duckdb", folder / "loaded.duckdb"
    store.connect(empty).close()
    c = store.connect(loaded)
    imp(c, R_MAY, R_MAY_NAME)
    imp(c, A_JUN, "2014年6月台账.xlsx")
    c.close()
    return {"empty": empty, "loaded": loaded}


def _open_copy(template: Path, tmp_path: Path):
    target = tmp_path / "t.duckdb"
    shutil.copyfile(template, target)
    return store.connect(target)


@pytest.fixture
def con(templates, tmp_path):
    c = _open_copy(templates["empty"], tmp_path)
    yield c
    c.close()


def db_state(con) -> dict[str, tuple[int, int]]:
    """Every table of the database: row count and an order-independent checksum of its rows."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]
    assert "activity" in tables and "batches" in tables
    return {t: con.execute(f'SELECT count(*), coalesce(sum(hash(x)::HUGEINT), 0) FROM "{t}" AS x').fetchone()
            for t in tables}


def imp(con, data: bytes, name: str, **kw) -> load.BatchResult:
    return load.import_bytes(con, data, name, **kw)


def unit_keys(con, *names: str) -> tuple[str, ...]:
    """The filter keys ('county/unit') of the units of these names (each name is in one county here)."""
    keys = []
    for name in names:
        rows = con.execute("SELECT unit_key(county, unit) FROM units WHERE unit = ?", [name]).fetchall()
        keys.extend(r[0] for r in rows)
    return tuple(keys) or tuple(f"/{n}" for n in names)


def figures(con, *units: str, period: tuple[dt.date, dt.date] | None = None) -> dict:
    f = Filters(*(period or ()), units=unit_keys(con, *units))
    return headline(con, f)


def data_figures(con, *units: str, period: tuple[dt.date, dt.date] | None = None) -> dict:
    """The figures without the count of batches (which differs between two ways to the same data)."""
    return {k: v for k, v in figures(con, *units, period=period).items() if k != "batches"}


def actions(con, *units: str) -> dict[str, int]:
    return figures(con, *units)["actions_by_platform_type"]


def member_rows(con, unit: str | None = None) -> list[tuple]:
    sql = "SELECT unit, name, phone, role::VARCHAR, status, member_id FROM members"
    return con.execute(sql + (" WHERE unit = ?" if unit else "") + " ORDER BY unit, name, phone",
                       [unit] if unit else []).fetchall()


# --- all or nothing ----------------------------------------------------------------------------


@pytest.fixture
def loaded(templates, tmp_path):
    c = _open_copy(templates["loaded"], tmp_path)
    yield c
    c.close()


BAD_FILES = {
    "not_spreadsheet": ("说明.xlsx", lambda: fx.docx_zip(), "err.not_spreadsheet"),
    "pdf_bytes": ("台账.xls", lambda: b"%PDF-1.4\n" + b"0" * 200, "err.not_spreadsheet"),
    "no_header": ("无表头.xlsx", lambda: fx.xlsx([["甲", "乙"], [1, 2], [3, 4]]), "err.no_header"),
    "missing_unit_roster": ("花名册_缺单位.xlsx",
                            lambda: fx.xlsx([["姓名", "手机号码"], ["赵六", "13800000009"]]), "err.missing_unit"),
    "missing_unit_log": ("2014年8月_缺单位.xlsx",
                         lambda: fx.xlsx([["姓名", "类型", "数量"], ["张三", "转发", 4]]), "err.missing_unit"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_refused_file_leaves_every_table_unchanged(loaded, case):
    name, build, code = BAD_FILES[case]
    before = db_state(loaded)
    with pytest.raises(ImportRefused) as exc:
        imp(loaded, build(), name)
    assert exc.value.issue.code == code
    assert exc.value.issue.file == name
    assert name in exc.value.issue.message("zh")
    assert db_state(loaded) == before


def test_strict_mode_refuses_a_log_with_one_bad_row(loaded):
    bad = log((day(8, 1), "张三", "甲单位", "转发", "微信", 2),
              (day(8, 2), "李四", "甲单位", "跳舞", "微信", 1))  # unknown type: row 3 refused
    before = db_state(loaded)
    with pytest.raises(ImportRefused) as exc:
        imp(loaded, bad, "严格.xlsx", strict=True)
    assert exc.value.issue.code == "err.strict"
    assert exc.value.issue.params == {"n": 1}
    assert "严格.xlsx" in exc.value.issue.message("zh")
    assert db_state(loaded) == before
    # Without --strict the good row goes in and the bad one is reported on the batch.
    result = imp(loaded, bad, "严格.xlsx")
    assert actions(loaded, "甲单位")["wechat:repost"] == 3 + 2
    issues = load.batch_issues(loaded, result.batch_id)
    assert [(i.code, i.row, i.header) for i in issues] == [("row.unknown_type", 3, "类型")]
    row = load.batches(loaded).iloc[0]
    assert (row["rows_seen"], row["rows_accepted"], row["rows_rejected"]) == (2, 1, 1)


def test_a_file_with_a_header_and_no_rows_is_refused(loaded):
    before = db_state(loaded)
    with pytest.raises(ImportRefused) as exc:
        imp(loaded, fx.xlsx([LOG_HEAD]), "空表.xlsx")
    assert exc.value.issue.code == "err.nothing_to_import"
    assert db_state(loaded) == before


def _crash_after_insert(monkeypatch, con, table: str) -> None:
    """Let the real refresh run, then fail: rows are in the tables when the crash comes."""
    real = refresh.refresh_aggregates
    rows_before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def crash(c):
        real(c)
        assert c.execute(f"SELECT count(*) FROM {table}").fetchone()[0] != rows_before
        raise RuntimeError("disk full")

    monkeypatch.setattr(refresh, "refresh_aggregates", crash)


@pytest.mark.parametrize(("data", "name", "table"), [
    (DRAFT, "2014年8月.xlsx", "activity"),
    (roster(("李四", "甲单位", "一县"), ("赵六", "甲单位", "一县")), "花名册_2014年8月.xlsx", "roster_rows"),
], ids=["activity", "roster"])
def test_crash_in_the_middle_of_a_commit_rolls_everything_back(loaded, monkeypatch, data, name, table):
    before = db_state(loaded)
    version = store.data_version(loaded)
    _crash_after_insert(monkeypatch, loaded, table)
    with pytest.raises(RuntimeError, match="disk full"):
        imp(loaded, data, name)
    assert db_state(loaded) == before
    assert store.data_version(loaded) == version
    # The connection is still usable, and the file was not recorded: importing it again works.
    monkeypatch.undo()
    result = imp(loaded, data, name)
    assert not result.already
    assert store.data_version(loaded) == version + 1


def test_crash_in_the_middle_of_an_undo_rolls_back(loaded, monkeypatch):
    batch = imp(loaded, DRAFT, "2014年8月.xlsx").batch_id
    before = db_state(loaded)
    _crash_after_insert(monkeypatch, loaded, "activity")
    with pytest.raises(RuntimeError, match="disk full"):
        load.undo(loaded, batch)
    assert db_state(loaded) == before
    monkeypatch.undo()
    load.undo(loaded, batch)
    assert "wechat:repost" not in figures(loaded, period=(AUG, AUG))["actions_by_platform_type"]


def test_a_refused_file_then_a_good_one_on_the_same_connection(loaded):
    with pytest.raises(ImportRefused):
        imp(loaded, fx.docx_zip(), "x.xlsx")
    imp(loaded, CORRECTED, "2014年8月.xlsx")
    assert actions(loaded, "甲单位") == {"wechat:original": 1, "wechat:repost": 3 + 3, "weibo:comment": 2}


# --- idempotent --------------------------------------------------------------------------------


def test_same_file_twice_is_a_no_op(loaded):
    first = imp(loaded, DRAFT, "2014年8月.xlsx")
    before, version = db_state(loaded), store.data_version(loaded)
    n_batches = len(load.batches(loaded))
    again = imp(loaded, DRAFT, "改了名字也一样.xlsx")
    assert again.already
    assert again.batch_id == first.batch_id
    assert again.preview.duplicate_of["batch_id"] == first.batch_id
    assert len(load.batches(loaded)) == n_batches
    assert store.data_version(loaded) == version
    assert db_state(loaded) == before
    # The roster too.
    assert imp(loaded, R_MAY, R_MAY_NAME).already
    assert db_state(loaded) == before


def test_preview_names_the_duplicate_and_writes_nothing(loaded):
    from outreach.ingest.parse import parse_file

    first = imp(loaded, DRAFT, "2014年8月.xlsx")
    before = db_state(loaded)
    pv = load.preview(loaded, parse_file(DRAFT, "2014年8月.xlsx"))
    assert pv.duplicate_of["batch_id"] == first.batch_id
    pv = load.preview(loaded, parse_file(CORRECTED, "2014年8月_更正.xlsx"))
    assert pv.duplicate_of is None
    # The corrected file carries reposts and originals: it replaces 甲单位's August reposts (5, wechat),
    # never its comments, and nothing of 乙单位.
    replaced = pv.replaces[["county", "unit", "type", "batch_id", "records", "actions"]].values.tolist()
    assert replaced == [["一县", "甲单位", "repost", first.batch_id, 1, 5]]
    assert db_state(loaded) == before


def test_a_file_imported_then_undone_can_be_imported_again(loaded):
    with_it = actions(loaded)
    first = imp(loaded, DRAFT, "2014年8月.xlsx")
    after_first = actions(loaded)
    load.undo(loaded, first.batch_id)
    assert actions(loaded) == with_it
    again = imp(loaded, DRAFT, "2014年8月.xlsx")
    assert not again.already
    assert again.batch_id != first.batch_id
    assert actions(loaded) == after_first
    statuses = dict(zip(load.batches(loaded)["batch_id"], load.batches(loaded)["status"], strict=True))
    assert statuses[first.batch_id] == "reverted"
    assert statuses[again.batch_id] == "active"


def test_data_version_bumps_on_every_import_and_undo(con):
    versions = [store.data_version(con)]
    b1 = imp(con, R_MAY, R_MAY_NAME).batch_id
    versions.append(store.data_version(con))
    b2 = imp(con, A_JUN, "6月.xlsx").batch_id
    versions.append(store.data_version(con))
    load.undo(con, b2)
    versions.append(store.data_version(con))
    load.undo(con, b1)
    versions.append(store.data_version(con))
    assert versions == [0, 1, 2, 3, 4]


def test_undo_of_an_unknown_or_reverted_batch_is_refused_and_changes_nothing(loaded):
    batch = imp(loaded, DRAFT, "8月.xlsx").batch_id
    load.undo(loaded, batch)
    before = db_state(loaded)
    for bad in (batch, 999):
        with pytest.raises(ValueError, match="not active"):
            load.undo(loaded, bad)
    assert db_state(loaded) == before
    imp(loaded, CORRECTED, "8月更正.xlsx")  # no transaction was left open


# --- replace, don't double ---------------------------------------------------------------------


def test_corrected_month_replaces_the_draft_per_unit_month_and_type(tmp_path, loaded):
    imp(loaded, DRAFT, "2014年8月_初稿.xlsx")
    imp(loaded, CORRECTED, "2014年8月_更正.xlsx")
    aug = (AUG, AUG)
    # 甲单位 in August: the corrected file's reposts (3, never 5 + 3) and original (1); the draft's two
    # comments stay, because the corrected file carries no comments and so cannot remove them.
    assert figures(loaded, "甲单位", period=aug)["actions_by_platform_type"] == {
        "wechat:original": 1, "wechat:repost": 3, "weibo:comment": 2}
    # 乙单位 is not in the corrected file: its (unit, month) was not delivered again, the draft rows stay.
    assert figures(loaded, "乙单位", period=aug)["actions_by_platform_type"] == {"wechat:repost": 4}
    assert figures(loaded, period=aug)["actions"] == 3 + 1 + 2 + 4
    # Other months are untouched.
    alone = store.connect(tmp_path / "alone.duckdb")
    imp(alone, R_MAY, R_MAY_NAME)
    imp(alone, A_JUN, "2014年6月台账.xlsx")
    jun = (JUN, JUN)
    assert data_figures(loaded, period=jun) == data_figures(alone, period=jun)
    assert figures(loaded, period=jun)["actions"] == 6
    alone.close()


def test_undo_corrected_restores_the_draft(loaded):
    draft_only = None
    imp(loaded, DRAFT, "2014年8月_初稿.xlsx")
    draft_only = figures(loaded)
    corrected = imp(loaded, CORRECTED, "2014年8月_更正.xlsx").batch_id
    assert figures(loaded)["actions"] != draft_only["actions"]
    load.undo(loaded, corrected)
    after = figures(loaded)
    assert after == {**draft_only, "batches": draft_only["batches"]}
    assert after["actions_by_platform_type"] == {
        "wechat:repost": 3 + 5 + 4, "weibo:comment": 2 + 2, "weibo:repost": 1}


def test_undo_draft_while_corrected_is_live_changes_nothing_visible(loaded):
    # A draft of 甲单位's reposts only, a type the corrected file carries: it replaces all of it.
    draft = log((day(8, 3), "张三", "甲单位", "转发", "微信", 5), (day(8, 4), "李四", "甲单位", "转发", "微博", 2))
    draft_id = imp(loaded, draft, "2014年8月_初稿.xlsx").batch_id
    imp(loaded, CORRECTED, "2014年8月_更正.xlsx")
    before = figures(loaded)
    live = loaded.execute("SELECT count(*), sum(count) FROM activity").fetchone()
    load.undo(loaded, draft_id)
    after = figures(loaded)
    assert after == {**before, "batches": before["batches"] - 1}
    assert loaded.execute("SELECT count(*), sum(count) FROM activity").fetchone() == live
    assert loaded.execute("SELECT count(*) FROM activity_superseded").fetchone()[0] == 0


def test_undo_draft_while_corrected_is_live_drops_only_what_the_draft_alone_held(loaded):
    draft_id = imp(loaded, DRAFT, "2014年8月_初稿.xlsx").batch_id
    imp(loaded, CORRECTED, "2014年8月_更正.xlsx")
    aug = (AUG, AUG)
    load.undo(loaded, draft_id)
    # Left: the corrected file's 甲单位 reposts and original; gone: the draft's 甲单位 comments (a type
    # only the draft reported) and its 乙单位 reposts (a unit only the draft reported).
    assert figures(loaded, "甲单位", period=aug)["actions_by_platform_type"] == {
        "wechat:original": 1, "wechat:repost": 3}
    assert figures(loaded, "乙单位", period=aug)["actions"] == 0


def test_three_versions_undo_the_middle_then_the_newest(loaded):
    v1 = log((day(8, 1), "张三", "甲单位", "转发", "微信", 1))
    v2 = log((day(8, 1), "张三", "甲单位", "转发", "微信", 2))
    v3 = log((day(8, 1), "张三", "甲单位", "转发", "微信", 3))
    imp(loaded, v1, "8月_1.xlsx")
    b2 = imp(loaded, v2, "8月_2.xlsx").batch_id
    b3 = imp(loaded, v3, "8月_3.xlsx").batch_id
    aug = (AUG, AUG)
    assert figures(loaded, period=aug)["actions"] == 3
    load.undo(loaded, b2)
    assert figures(loaded, period=aug)["actions"] == 3
    load.undo(loaded, b3)
    assert figures(loaded, period=aug)["actions"] == 1
    assert figures(loaded, period=aug)["active_members"] == 1


def test_same_set_in_any_order_gives_the_same_tables_and_figures(tmp_path):
    files = [(R_MAY, R_MAY_NAME), (A_JUN, "6月.xlsx"), (CORRECTED, "8月.xlsx"),
             (roster(("张三", "甲单位", "一县", "13800000001", "骨干", "团干部"), ("赵六", "甲单位", "一县")),
              "花名册_2014年7月.xlsx")]
    derived = ("members", "units", "roster_month", "agg_activity", "agg_activity_day", "agg_member_month",
               "agg_events")
    periods = [None, (JUN, JUN), (dt.date(2014, 7, 1),) * 2, (AUG, AUG)]
    seen = []
    # As listed, reversed (activity before any roster, the July roster before the May one), rotated.
    for i, order in enumerate([files, files[::-1], files[2:] + files[:2]]):
        c = store.connect(tmp_path / f"o{i}.duckdb")
        for data, name in order:
            imp(c, data, name)
        state = db_state(c)
        seen.append(({t: state[t] for t in derived}, [figures(c, period=p) for p in periods]))
        c.close()
    assert all(s == seen[0] for s in seen[1:])
    # And the figures are the ones counted by hand: June under the May roster (3 members), August under
    # the July roster (甲: 张三 + 赵六, 乙: 王五), 李四 has left but his June comments stay his.
    jun, aug = seen[0][1][1], seen[0][1][3]
    assert (jun["members"], jun["active_members"], jun["unmatched_rows"]) == (3, 3, 0)
    assert (aug["members"], aug["active_members"], aug["unmatched_rows"]) == (3, 2, 0)


# --- rosters and matching ----------------------------------------------------------------------


def test_undo_of_a_roster_removes_its_members_and_unmatches_their_activity(con):
    r = imp(con, R_MAY, R_MAY_NAME).batch_id
    imp(con, A_JUN, "6月.xlsx")
    assert figures(con)["unmatched_rows"] == 0
    load.undo(con, r)
    assert member_rows(con) == []
    assert con.execute("SELECT DISTINCT match::VARCHAR, member_id FROM activity").fetchall() == [("unmatched", None)]
    f = figures(con)
    assert (f["members"], f["active_members"], f["unmatched_rows"], f["actions"]) == (0, 0, 3, 6)
    assert f["members_by_county"] == {}


def test_roster_reupload_marks_the_missing_as_left_and_keeps_their_history(con):
    imp(con, R_MAY, R_MAY_NAME)
    imp(con, A_JUN, "6月.xlsx")
    li_si = con.execute("SELECT member_id FROM members WHERE name = '李四'").fetchone()[0]
    unit_b = member_rows(con, "乙单位")
    # August roster of 甲单位 only: 李四 is gone, 赵六 and 孙七 are new.
    new = roster(("张三", "甲单位", "一县", "13800000001", "骨干", "团干部"), ("赵六", "甲单位", "一县"),
                 ("孙七", "甲单位", "一县"))
    aug_roster = imp(con, new, "花名册_2014年8月.xlsx")
    assert aug_roster.preview.parsed.period == AUG
    status = {name: s for _, name, _, _, s, _ in member_rows(con, "甲单位")}
    assert status == {"张三": "active", "李四": "left", "赵六": "active", "孙七": "active"}
    assert member_rows(con, "乙单位") == unit_b  # the other unit is not touched
    assert con.execute("SELECT match::VARCHAR, member_id FROM activity WHERE name = '李四'").fetchall() == [
        ("matched", li_si)]
    assert figures(con, period=(JUN, JUN))["members"] == 3  # the May roster: 张三 李四 王五
    assert figures(con, period=(AUG, AUG))["members"] == 4  # 张三 赵六 孙七 王五
    assert figures(con, period=(JUN, JUN))["active_members"] == 3
    assert figures(con)["unmatched_rows"] == 0
    # Undoing the August roster brings the May one back.
    load.undo(con, aug_roster.batch_id)
    assert {name: s for _, name, _, _, s, _ in member_rows(con, "甲单位")} == {"张三": "active", "李四": "active"}
    assert figures(con, period=(AUG, AUG))["members"] == 3


def test_unmatched_rows_are_counted_listed_and_matched_by_a_later_roster(con):
    imp(con, R_MAY, R_MAY_NAME)
    stranger = log((day(6, 3), "张三", "甲单位", "转发", "微信", 3),
                   (day(6, 9), "赵六", "甲单位", "转发", "微信", 2))  # 赵六 is on no roster
    result = imp(con, stranger, "6月.xlsx")
    assert result.preview.unmatched == 1
    assert result.preview.ambiguous == 0
    assert result.preview.rows_flagged == 1
    assert [tuple(r) for r in result.preview.unmatched_rows[["row_no", "unit", "name", "match"]].itertuples(
        index=False)] == [(3, "甲单位", "赵六", "unmatched")]
    assert load.batches(con).iloc[0]["rows_flagged"] == 1
    f = figures(con)
    assert (f["actions"], f["unmatched_rows"], f["active_members"]) == (5, 1, 1)
    # The office adds 赵六 to the roster: the row turns matched, nothing is imported twice.
    imp(con, roster(("张三", "甲单位", "一县"), ("李四", "甲单位", "一县"), ("赵六", "甲单位", "一县")),
        "花名册_2014年6月.xlsx")
    f = figures(con)
    assert (f["actions"], f["unmatched_rows"], f["active_members"]) == (5, 0, 2)
    assert con.execute("SELECT match::VARCHAR, county FROM activity WHERE name = '赵六'").fetchall() == [
        ("matched", "一县")]


def test_namesakes_are_told_apart_by_phone(con):
    imp(con, roster(("张伟", "甲单位", "一县", "13900000001"), ("张伟", "甲单位", "一县", "13900000002"),
                    ("李四", "甲单位", "一县")), R_MAY_NAME)
    ids = dict(con.execute("SELECT phone, member_id FROM members WHERE name = '张伟'").fetchall())
    assert len(set(ids.values())) == 2
    result = imp(con, log((day(6, 1), "张伟", "甲单位", "转发", "微信", 2, None, "13900000002"),
                          (day(6, 2), "张伟", "甲单位", "评论", "微博", 1),
                          (day(6, 3), "张伟", "甲单位", "原创", "微信", 1, None, 13900000001)), "6月.xlsx")
    rows = con.execute("SELECT row_no, match::VARCHAR, member_id FROM activity ORDER BY row_no").fetchall()
    assert rows == [(2, "matched", ids["13900000002"]), (3, "ambiguous", None), (4, "matched", ids["13900000001"])]
    assert (result.preview.unmatched, result.preview.ambiguous) == (0, 1)
    f = figures(con)
    assert (f["actions"], f["unmatched_rows"], f["active_members"]) == (4, 1, 2)


def test_second_roster_for_one_unit_leaves_the_other_unit_alone(con):
    imp(con, R_MAY, R_MAY_NAME)
    imp(con, A_JUN, "6月.xlsx")
    before_b = member_rows(con, "乙单位")
    agg_b = con.execute("SELECT * FROM agg_member_month WHERE unit = '乙单位'").fetchall()
    imp(con, roster(("张三", "甲单位", "一县"),), "花名册_2014年5月_甲.xlsx")
    assert member_rows(con, "乙单位") == before_b
    assert con.execute("SELECT * FROM agg_member_month WHERE unit = '乙单位'").fetchall() == agg_b
    assert figures(con, "乙单位")["members"] == 1
    # Same month, newer batch: it is 甲单位's roster now.
    assert figures(con, "甲单位")["members"] == 1
    assert {n: s for _, n, _, _, s, _ in member_rows(con, "甲单位")} == {"张三": "active", "李四": "left"}


# --- a corrected file that zeroes a unit, and unmatched rows counted as rows -----------------------

WIDE = ["姓名", "单位", "转发微信（条）", "网络评论（条）"]


def _actions_by_unit(con) -> dict[str, int]:
    return dict(con.execute("SELECT unit, sum(actions)::INT FROM agg_activity GROUP BY unit").fetchall())


def test_corrected_file_that_zeroes_a_unit_replaces_its_draft(tmp_path):
    con = store.connect(tmp_path / "z.duckdb")
    load.import_bytes(con, fx.xlsx([["2014年8月统计表（初稿）"], WIDE, ["张三", "甲", 3, 1], ["李四", "乙", 2, ""]]),
                      "draft.xlsx")
    fixed = load.import_bytes(
        con, fx.xlsx([["2014年8月统计表（更正）"], WIDE, ["张三", "甲", 0, 0], ["李四", "乙", 5, ""]]), "fixed.xlsx")
    # 甲 reported nothing this month after all: its draft 4 actions are gone, 乙 has the corrected 5
    assert _actions_by_unit(con) == {"乙": 5}
    load.undo(con, fixed.batch_id)
    assert _actions_by_unit(con) == {"甲": 4, "乙": 2}


def test_unmatched_rows_counts_source_rows_not_count_columns(tmp_path):
    con = store.connect(tmp_path / "u.duckdb")
    # 王五 is on no roster; his one wide row fills two count columns
    load.import_bytes(con, fx.xlsx([["2014年8月统计表"], WIDE, ["王五", "甲", 3, 2]]), "aug.xlsx")
    figures = headline(con, Filters())
    assert figures["unmatched_rows"] == 1
    assert figures["actions"] == 5


def test_an_undated_roster_does_not_stretch_the_months_to_today(tmp_path):
    """A roster naming no month is dated on import day; an archive of 2014 logs must still end in 2014
    and take that roster as its denominator."""
    con = store.connect(tmp_path / "r.duckdb")
    load.import_bytes(con, fx.xlsx([["姓名", "单位"], ["张三", "甲"], ["李四", "甲"]]), "roster.xlsx")
    load.import_bytes(con, fx.xlsx([["2014年8月统计表"], WIDE, ["张三", "甲", 3, ""]]), "aug.xlsx")
    months = con.execute("SELECT DISTINCT month FROM roster_month").fetchall()
    assert months == [(dt.date(2014, 8, 1),)]
    assert con.execute("SELECT sum(members) FROM roster_month").fetchall() == [(2,)]


# --- a unit is (county, unit name) ---------------------------------------------------------------

TWIN_ROSTER = roster(("张三", "城南镇团委", "福安市", "13800000011"), ("李四", "城南镇团委", "福安市", "13800000012"),
                     ("王五", "城南镇团委", "寿宁县", "13800000021"), ("李四", "城南镇团委", "寿宁县", "13800000022"))


def test_same_named_units_in_two_counties_stay_two_units(tmp_path):
    con = store.connect(tmp_path / "twins.duckdb")
    imp(con, TWIN_ROSTER, "花名册_2014年6月.xlsx")
    # The log names the unit only: each row resolves through its member; 李四 is in both units, so the
    # phone tells them apart, and a 李四 without a phone stays ambiguous (counted, flagged, no county).
    imp(con, log((day(6, 3), "张三", "城南镇团委", "转发", "微信", 3),
                 (day(6, 4), "王五", "城南镇团委", "评论", "微博", 2),
                 (day(6, 5), "李四", "城南镇团委", "原创", "微信", 1, None, "13800000022"),
                 (day(6, 6), "李四", "城南镇团委", "转发", "微信", 4)), "2014年6月台账.xlsx")
    f = headline(con, Filters(JUN, JUN))
    assert (f["members"], f["units"]) == (4, 2)
    assert f["members_by_county"] == {"福安市": 2, "寿宁县": 2}
    assert f["actions"] == 3 + 2 + 1 + 4
    assert f["unmatched_rows"] == 1 and f["active_members"] == 3
    fuan = headline(con, Filters(JUN, JUN, units=("福安市/城南镇团委",)))
    shouning = headline(con, Filters(JUN, JUN, units=("寿宁县/城南镇团委",)))
    assert fuan["actions_by_type"] == {"repost": 3}
    assert shouning["actions_by_type"] == {"comment": 2, "original": 1}
    rows = con.execute("SELECT county, name, match::VARCHAR FROM activity ORDER BY row_no").fetchall()
    assert rows == [("福安市", "张三", "matched"), ("寿宁县", "王五", "matched"), ("寿宁县", "李四", "matched"),
                    (None, "李四", "ambiguous")]
    # A correction for 寿宁县's unit only (it says so in 县区) replaces that county's comments, not 福安市's.
    fix = fx.xlsx([["日期", "姓名", "单位", "县区", "类型", "平台", "数量"],
                   [day(6, 4), "王五", "城南镇团委", "寿宁县", "评论", "微博", 5]])
    imp(con, fix, "6月更正.xlsx")
    assert headline(con, Filters(JUN, JUN, units=("寿宁县/城南镇团委",)))["actions_by_type"] == {
        "comment": 5, "original": 1}
    assert headline(con, Filters(JUN, JUN, units=("福安市/城南镇团委",)))["actions_by_type"] == {"repost": 3}
    con.close()


def test_a_training_sheet_replaces_training_only(loaded):
    before = figures(loaded, period=(JUN, JUN))["actions_by_type"]
    assert before == {"repost": 4, "comment": 2}
    sign_in = log((day(6, 20), "张三", "甲单位", "参加培训", None, 1, "业务培训"),
                  (day(6, 20), "王五", "乙单位", "参加培训", None, 1, "业务培训"))
    pv = load.preview(loaded, fx_parse(sign_in, "6月培训签到.xlsx"))
    assert pv.replaces.empty  # no training was on file for June: nothing is replaced
    imp(loaded, sign_in, "6月培训签到.xlsx")
    assert figures(loaded, period=(JUN, JUN))["actions_by_type"] == {"repost": 4, "comment": 2, "training": 2}
    again = log((day(6, 20), "张三", "甲单位", "参加培训", None, 1, "业务培训"))
    pv = load.preview(loaded, fx_parse(again, "6月培训签到_更正.xlsx"))
    assert pv.replaces[["unit", "type", "records"]].values.tolist() == [["甲单位", "training", 1]]
    imp(loaded, again, "6月培训签到_更正.xlsx")
    assert figures(loaded, period=(JUN, JUN))["actions_by_type"] == {"repost": 4, "comment": 2, "training": 2}


def fx_parse(data: bytes, name: str):
    from outreach.ingest.parse import parse_file

    return parse_file(data, name)
