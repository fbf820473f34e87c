"""summary.headline and the query runner on real DuckDB files: every figure counted by hand."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from outreach import store
from outreach.demo_load import load_demo
from outreach.filters import FAR_FUTURE, FAR_PAST, Filters, parse_month, parse_period
from outreach.ingest import load, refresh
from outreach.ingest.issues import ImportRefused
from outreach.queries import QueryRunner, parameters_of
from outreach.summary import headline

try:
    from tests import fixtures as fx
except ImportError:  # pragma: no cover - run from inside tests/
    import fixtures as fx

MAY, JUL, AUG, SEP = (dt.date(2014, m, 1) for m in (5, 7, 8, 9))
ROSTER_HEAD = ["姓名", "单位", "县区", "角色"]
LOG_HEAD = ["日期", "姓名", "单位", "类型", "平台", "数量", "标题"]


def roster(*rows: tuple) -> bytes:
    return fx.xlsx([ROSTER_HEAD, *[list(r) + [None] * (4 - len(r)) for r in rows]])


def log(*rows: tuple) -> bytes:
    return fx.xlsx([LOG_HEAD, *[list(r) + [None] * (7 - len(r)) for r in rows]])


def d(m: int, day: int) -> dt.date:
    return dt.date(2014, m, day)


# 4 members in 3 units, 2 counties.
ROSTER_MAY = roster(("张三", "甲单位", "一县", "骨干"), ("李四", "甲单位", "一县"), ("王五", "乙单位", "二县"),
                    ("赵六", "丙单位", "二县"))
LOG_MAY = log((d(5, 10), "李四", "甲单位", "原创", "微信", 1), (d(5, 11), "赵六", "丙单位", "舆情报送", "论坛", 1))
LOG_AUG = log(
    (d(8, 3), "张三", "甲单位", "转发", "微信", 3),
    (d(8, 4), "李四", "甲单位", "评论", "微博", 2),
    (d(8, 12), "张三", "甲单位", "参加培训", None, 1, "业务培训班"),
    (d(8, 12), "王五", "乙单位", "参加培训", None, 1, "业务培训班"),  # the same course, another unit: 1 session
    (d(8, 20), "王五", "乙单位", "参加培训", "QQ", 1, "评论写作辅导"),  # another course: a 2nd session
    (d(8, 25), "钱八", "丙单位", "转发", "微信", 1),  # on no roster: imported, counted, flagged
    (d(8, 29), "赵六", "丙单位", "线上会议", "QQ", 1, "主题团日"),
)
LOG_SEP = log((d(9, 1), "张三", "甲单位", "转发", "微博", 4))
FILES = [(ROSTER_MAY, "花名册_2014年5月.xlsx"), (LOG_MAY, "5月.xlsx"), (LOG_AUG, "8月.xlsx"), (LOG_SEP, "9月.xlsx")]

KEYS = {"members", "members_by_county", "units", "actions", "actions_by_type", "actions_by_platform_type",
        "active_members", "trained_members", "training_sessions", "meeting_sessions", "unmatched_rows", "batches"}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("summary") / "base.duckdb"
    con = store.connect(path)
    for data, name in FILES:
        load.import_bytes(con, data, name)
    con.close()
    return path


@pytest.fixture
def con(template, tmp_path):
    shutil.copyfile(template, tmp_path / "s.duckdb")
    c = store.connect(tmp_path / "s.duckdb")
    yield c
    c.close()


def at(text: str | None) -> Filters:
    return Filters(*parse_period(text))


def test_august_figures(con):
    f = headline(con, at("2014-08"))
    assert set(f) == KEYS
    assert f == {
        "members": 4, "members_by_county": {"一县": 2, "二县": 2}, "units": 3,
        "actions": 3 + 2 + 1 + 1 + 1 + 1 + 1,
        "actions_by_type": {"repost": 4, "comment": 2, "training": 3, "meeting": 1},
        "actions_by_platform_type": {"wechat:repost": 4, "weibo:comment": 2, "other:training": 2,
                                     "qq:training": 1, "qq:meeting": 1},
        "active_members": 4,  # 张三 李四 王五 赵六; 钱八 is on no roster
        "trained_members": 2,  # 张三 王五
        "training_sessions": 2,  # 8/12 业务培训班 (two units, one session) and 8/20 评论写作辅导
        "meeting_sessions": 1,
        "unmatched_rows": 1,
        "batches": 4,
    }


@pytest.mark.parametrize("period", ["2014", "2014-05:2014-09", None])
def test_whole_year_figures(con, period):
    f = headline(con, at(period))
    assert f["actions"] == 2 + 10 + 4
    assert f["actions_by_type"] == {"repost": 3 + 1 + 4, "comment": 2, "training": 3, "meeting": 1, "original": 1,
                                    "opinion_report": 1}
    assert f["actions_by_platform_type"] == {
        "wechat:repost": 4, "weibo:repost": 4, "weibo:comment": 2, "other:training": 2, "qq:training": 1,
        "qq:meeting": 1, "wechat:original": 1, "forum:opinion_report": 1}
    assert (f["active_members"], f["trained_members"], f["training_sessions"], f["unmatched_rows"]) == (4, 2, 2, 1)
    assert (f["members"], f["units"], f["batches"]) == (4, 3, 4)


def test_single_months(con):
    may = headline(con, at("2014-05"))
    assert may["actions_by_platform_type"] == {"wechat:original": 1, "forum:opinion_report": 1}
    assert (may["active_members"], may["trained_members"], may["training_sessions"], may["unmatched_rows"]) == (
        2, 0, 0, 0)
    sep = headline(con, at("2014-09"))
    assert (sep["actions"], sep["active_members"], sep["members"]) == (4, 1, 4)
    jul = headline(con, at("2014-07"))  # no log for July: nothing done, the roster still stands
    assert (jul["actions"], jul["active_members"], jul["members"], jul["actions_by_type"]) == (0, 0, 4, {})
    assert headline(con, at("2013"))["actions"] == 0


def test_filters_by_unit_and_county(con):
    f = headline(con, Filters(*parse_period("2014-08"), units=("二县/乙单位",)))
    assert (f["members"], f["actions"], f["trained_members"], f["training_sessions"]) == (1, 2, 1, 2)
    f = headline(con, Filters(*parse_period("2014-08"), counties=("二县",)))
    assert (f["members"], f["units"], f["actions"], f["unmatched_rows"]) == (2, 2, 4, 1)


def test_two_units_at_one_course_on_one_day_is_one_session(con):
    extra = log((d(8, 12), "李四", "甲单位", "参加培训", None, 1, "业务培训班"),
                (d(8, 12), "赵六", "丙单位", "参加培训", None, 1, "业务培训班"))
    load.import_bytes(con, extra, "8月培训补报.xlsx")  # replaces 甲单位's and 丙单位's August training only
    f = headline(con, at("2014-08"))
    # 业务培训班 on 8/12 (甲 乙 丙 attended) and 评论写作辅导 on 8/20: still 2.
    assert (f["training_sessions"], f["trained_members"]) == (2, 3)
    assert f["meeting_sessions"] == 1  # a training sheet never removes 丙单位's online meeting


def test_unmatched_turn_matched_when_the_roster_names_them(con):
    before = headline(con, at("2014-08"))
    load.import_bytes(con, roster(("赵六", "丙单位", "二县"), ("钱八", "丙单位", "二县")), "花名册_2014年8月_丙.xlsx")
    after = headline(con, at("2014-08"))
    assert (before["unmatched_rows"], after["unmatched_rows"]) == (1, 0)
    assert (before["active_members"], after["active_members"]) == (4, 5)
    assert after["actions"] == before["actions"]
    assert after["members"] == 5


def test_members_are_the_roster_as_it_stood_in_the_last_month(con):
    # 甲单位's August roster: 李四 left, 周十 and 吴一 joined.
    load.import_bytes(con, roster(("张三", "甲单位", "一县", "骨干"), ("周十", "甲单位", "一县"),
                                  ("吴一", "甲单位", "一县")), "花名册_2014年8月.xlsx")
    members = {p: headline(con, at(p))["members"] for p in
               ("2014-05", "2014-07", "2014-08", "2014-09", "2014-05:2014-07", "2014-05:2014-09", "2014", None)}
    assert members == {"2014-05": 4, "2014-07": 4, "2014-08": 5, "2014-09": 5, "2014-05:2014-07": 4,
                       "2014-05:2014-09": 5, "2014": 5, None: 5}
    assert headline(con, at("2014-07"))["members_by_county"] == {"一县": 2, "二县": 2}
    assert headline(con, at("2014-09"))["members_by_county"] == {"一县": 3, "二县": 2}
    # 李四's May original is still his (matched), though he has left.
    assert headline(con, at("2014-05"))["unmatched_rows"] == 0


def test_roster_month_given_on_import(con):
    result = load.import_bytes(con, roster(("张三", "甲单位", "一县"),), "甲单位花名册.xlsx", period=JUL)
    assert result.preview.parsed.period == JUL
    assert result.preview.parsed.period_source == "given"
    assert (headline(con, at("2014-06"))["members"], headline(con, at("2014-07"))["members"]) == (4, 3)


def test_empty_database_gives_zeros(tmp_path):
    con = store.connect(tmp_path / "empty.duckdb")
    f = headline(con)
    assert f == {"members": 0, "members_by_county": {}, "units": 0, "actions": 0, "actions_by_type": {},
                 "actions_by_platform_type": {}, "active_members": 0, "trained_members": 0, "training_sessions": 0,
                 "meeting_sessions": 0, "unmatched_rows": 0, "batches": 0}
    con.close()


@pytest.mark.parametrize(("text", "expected"), [
    ("2014-08", (AUG, AUG)),
    (" 2014-8 ", (AUG, AUG)),
    ("2014", (dt.date(2014, 1, 1), dt.date(2014, 12, 1))),
    ("2014-05:2014-09", (MAY, SEP)),
    ("2014-08:2014-08", (AUG, AUG)),
    (None, (FAR_PAST, FAR_FUTURE)),
    ("", (FAR_PAST, FAR_FUTURE)),
])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["2014-13", "2014-00", "2014-09:2014-05", "14-08", "2014/08", "八月", "2014-05:"])
def test_bad_period_is_refused_in_chinese(text):
    with pytest.raises(ImportRefused) as exc:
        parse_period(text)
    assert exc.value.issue.code == "err.bad_period_arg"
    message = exc.value.issue.message("zh")
    assert text in message and "格式不对" in message


def test_parse_month_wants_one_month():
    assert parse_month("2014-08") == AUG
    with pytest.raises(ImportRefused):
        parse_month("2014")


# --- the query runner's cache ------------------------------------------------------------------


def _actions(con) -> int:
    return int(QueryRunner(con).df("actions_by_platform_type")["actions"].sum())


def test_runner_sees_every_import_and_undo(con):
    runner = QueryRunner(con)
    assert int(runner.df("actions_by_platform_type")["actions"].sum()) == 16  # its snapshot of the version
    b = load.import_bytes(con, log((d(7, 1), "张三", "甲单位", "转发", "微信", 5)), "7月.xlsx").batch_id
    assert _actions(con) == 21  # a new runner
    assert int(runner.df("actions_by_platform_type")["actions"].sum()) == 21  # the old runner too
    load.undo(con, b)
    assert _actions(con) == 16
    assert int(runner.df("actions_by_platform_type")["actions"].sum()) == 16


def test_cache_does_not_mix_two_files_of_the_same_name(tmp_path, template):
    # Same file name, different folders, same data version, different data.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copyfile(template, tmp_path / "a" / "outreach.duckdb")
    b = store.connect(tmp_path / "b" / "outreach.duckdb")
    for n in (4, 5, 6, 7):  # as many imports as the template, so the same data_version; the last one stands
        load.import_bytes(b, log((d(6, 1), "张三", "甲单位", "转发", "微信", n)), "6月.xlsx")
    a = store.connect(tmp_path / "a" / "outreach.duckdb")
    assert store.data_version(a) == store.data_version(b) == len(FILES)
    assert _actions(a) == 16
    assert _actions(b) == 7
    a.close()
    b.close()


def test_cache_does_not_outlive_a_database_rebuilt_at_the_same_path(tmp_path):
    path = tmp_path / "outreach.duckdb"
    c = store.connect(path)
    load.import_bytes(c, log((d(6, 1), "张三", "甲单位", "转发", "微信", 2)), "6月.xlsx")
    assert _actions(c) == 2
    c.close()
    path.unlink()
    c = store.connect(path)
    load.import_bytes(c, log((d(6, 1), "张三", "甲单位", "转发", "微信", 9)), "6月.xlsx")
    assert store.data_version(c) == 1
    assert _actions(c) == 9
    c.close()


def test_in_memory_database_is_not_served_from_the_cache():
    a, b = store.connect(":memory:"), store.connect(":memory:")
    load.import_bytes(a, log((d(6, 1), "张三", "甲单位", "转发", "微信", 2)), "6月.xlsx")
    load.import_bytes(b, log((d(6, 1), "张三", "甲单位", "转发", "微信", 3)), "6月.xlsx")
    assert (_actions(a), _actions(b)) == (2, 3)


# --- the unmatched list from agg_unmatched (011) against the raw rows it summarises --------------------------

# queries/dq_unmatched_activity.sql as it read the raw activity rows before 011.
_RAW_UNMATCHED_LIST = """
WITH flagged AS (
    SELECT a.county, a.unit, a.name, a.month, a.match::VARCHAR AS match, count(*) AS records,
           sum(a.count)::BIGINT AS actions, any_value(b.file_name) AS file_name
    FROM scoped_activity($scope, $counties, $units, $month_from, $month_to) AS a
    INNER JOIN batches AS b ON a.batch_id = b.batch_id
    WHERE a.match <> 'matched'
    GROUP BY a.county, a.unit, a.name, a.month, a.match
),
people AS (SELECT DISTINCT county, unit, name FROM flagged),
elsewhere AS (
    SELECT p.county, p.unit, p.name,
           list(DISTINCT unit_key(m.county, m.unit) ORDER BY unit_key(m.county, m.unit)) AS other_keys
    FROM people AS p
    INNER JOIN scoped_members($scope, NULL, NULL, NULL, NULL) AS m
        ON p.name = m.name AND (p.unit <> m.unit OR p.county IS DISTINCT FROM m.county)
    GROUP BY p.county, p.unit, p.name
)
SELECT coalesce(f.county, '') AS county, f.unit, f.name, f.month, f.match, f.records, f.actions, f.file_name,
       array_to_string(list_slice(e.other_keys, 1, 5), '、') AS other_units,
       coalesce(len(e.other_keys), 0) AS other_unit_count
FROM flagged AS f
LEFT JOIN elsewhere AS e ON f.unit = e.unit AND f.county IS NOT DISTINCT FROM e.county AND f.name = e.name
ORDER BY f.month DESC, f.county ASC NULLS FIRST, f.unit ASC, f.name ASC
LIMIT 1000
"""


def _bound(sql: str, f: Filters, scope: list[str] | None) -> dict:
    offered = {**f.params(), "scope": scope}
    return {k: offered[k] for k in parameters_of(sql)}


def _raw_unmatched_list(con, f: Filters, scope: list[str] | None):
    return con.execute(_RAW_UNMATCHED_LIST, _bound(_RAW_UNMATCHED_LIST, f, scope)).df()


def _files_of(con) -> dict[tuple, set[str]]:
    """Each flagged (county, unit, name, month, match): the files its live rows came from."""
    rows = con.execute("""
        SELECT coalesce(a.county, ''), a.unit, a.name, a.month, a.match::VARCHAR, list(DISTINCT b.file_name)
        FROM activity AS a JOIN batches AS b USING (batch_id) WHERE a.match <> 'matched' GROUP BY ALL
    """).fetchall()
    return {tuple(r[:5]): set(r[5]) for r in rows}


def assert_unmatched_summary_agrees(con) -> int:
    """agg_unmatched is the raw rows regrouped; the list read from it is what the raw rows gave, for several
    filters and scopes. Returns how many flagged rows the whole list has."""
    kept = "month, county, unit, name, match, batch_id, records, actions"
    fresh = """SELECT month, county, unit, name, match, max(batch_id), count(*) AS records, sum(count) AS actions
                FROM activity WHERE match <> 'matched' GROUP BY month, county, unit, name, match"""
    diff = con.execute(f"""SELECT count(*) FROM ((SELECT {kept} FROM agg_unmatched EXCEPT ALL {fresh})
                           UNION ALL ({fresh} EXCEPT ALL SELECT {kept} FROM agg_unmatched))""").fetchall()[0][0]
    assert diff == 0, con.execute("FROM agg_unmatched").df()
    files = _files_of(con)
    units = [r[0] for r in con.execute("SELECT DISTINCT unit_key(county, unit) FROM activity ORDER BY 1").fetchall()]
    counties = [r[0] for r in con.execute("SELECT DISTINCT county FROM activity WHERE county IS NOT NULL").fetchall()]
    cases = [(Filters(), None), (at("2014-08"), None), (at("2014-05:2014-07"), None), (Filters(), [])]
    cases += [(Filters(units=(u,)), None) for u in units] + [(Filters(), [u]) for u in units]
    cases += [(Filters(counties=(c,)), None) for c in counties]
    for f, scope in cases:
        q = QueryRunner(con, scope=scope, cache=False)
        new, old = q.df("dq_unmatched_activity", f), _raw_unmatched_list(con, f, scope)
        cols = [c for c in old.columns if c != "file_name"]
        assert list(new.columns) == list(old.columns)
        assert new[cols].to_dict("records") == old[cols].to_dict("records"), (f, scope)
        for row in new.to_dict("records"):  # any one of the files its rows came from, as before
            key = (row["county"], row["unit"], row["name"], row["month"].date(), row["match"])
            assert row["file_name"] in files[key]
    return len(QueryRunner(con, cache=False).df("dq_unmatched_activity", Filters()))


WIDE_HEAD = ["姓名", "单位", "县区", "舆情信息（条）", "舆情信息被省级采用（条）"]


def phones(*rows: tuple) -> bytes:
    return fx.xlsx([["姓名", "单位", "县区", "手机"], *[list(r) for r in rows]])


def test_unmatched_list_from_its_summary_follows_imports_undo_and_rosters(tmp_path):
    con = store.connect(tmp_path / "u.duckdb")
    assert assert_unmatched_summary_agrees(con) == 0
    # Two 张三 in 丙单位: a log row naming 张三 there (no phone) is ambiguous. 甲单位 is in two counties.
    bing = [("张三", "丙单位", "二县", "13800000001"), ("张三", "丙单位", "二县", "13800000002"),
            ("王五", "乙单位", "二县", "13800000003")]
    load.import_bytes(con, phones(("张三", "甲单位", "一县", "13800000004"), ("李四", "甲单位", "三县", "13800000005"),
                                  *bing), "花名册_2014年5月.xlsx")
    load.import_bytes(con, log((d(8, 3), "张三", "甲单位", "转发", "微信", 3),
                               (d(8, 4), "钱八", "丙单位", "转发", "微信", 2),
                               (d(8, 5), "钱八", "丙单位", "评论", "微博", 1),
                               (d(8, 6), "张三", "丙单位", "转发", "微信", 4),
                               (d(8, 7), "孙九", "甲单位", "转发", "QQ", 1)), "8月.xlsx")  # 孙九: which 甲单位?
    assert assert_unmatched_summary_agrees(con) == 3
    # A wide summary: 周七's only cell is an adoption one (a row of count 0), 钱八 adds a type in August.
    wide = fx.xlsx([["2014年8月网络宣传员工作量统计表"], WIDE_HEAD, ["周七", "乙单位", "二县", None, 2],
                    ["钱八", "丙单位", "二县", 1, None], ["王五", "乙单位", "二县", 2, 1]])
    wide_batch = load.import_bytes(con, wide, "8月汇总.xlsx").batch_id
    assert con.execute("SELECT count(*) FROM activity WHERE name = '周七' AND count = 0").fetchall()[0][0] >= 1
    assert assert_unmatched_summary_agrees(con) == 4
    # 钱八's August comment again from another file: the key changes hands, the old row steps aside.
    replace = load.import_bytes(con, log((d(8, 9), "钱八", "丙单位", "评论", "微博", 5)), "8月补报.xlsx").batch_id
    assert assert_unmatched_summary_agrees(con) == 4
    load.undo(con, replace)
    assert assert_unmatched_summary_agrees(con) == 4
    # 钱八 and 周七 join their rosters: their rows match now, and leave the list; undoing it brings them back.
    join = load.import_bytes(con, phones(*bing, ("钱八", "丙单位", "二县", "13800000006"),
                                         ("周七", "乙单位", "二县", "13800000007")), "花名册_2014年8月.xlsx").batch_id
    assert assert_unmatched_summary_agrees(con) == 2
    load.undo(con, join)
    assert assert_unmatched_summary_agrees(con) == 4
    load.undo(con, wide_batch)
    assert assert_unmatched_summary_agrees(con) == 3
    # Every derived table rebuilt from the kept rows (as migration 006 does) leaves it as it was.
    before = con.execute("FROM agg_unmatched ORDER BY ALL").fetchall()
    con.execute("BEGIN TRANSACTION")
    refresh.rebuild_everything(con)
    con.execute("COMMIT")
    assert con.execute("FROM agg_unmatched ORDER BY ALL").fetchall() == before
    con.close()


def test_unmatched_list_from_its_summary_on_the_demo(tmp_path):
    con = store.connect(tmp_path / "demo.duckdb")
    load_demo(con)
    assert assert_unmatched_summary_agrees(con) > 0
    con.close()


def test_migration_011_fills_the_unmatched_summary_from_the_rows_already_kept(tmp_path):
    con = store.connect(tmp_path / "m.duckdb")
    for data, name in FILES:
        load.import_bytes(con, data, name)
    load.import_bytes(con, log((d(8, 26), "钱八", "丙单位", "评论", "微博", 2)), "8月补报.xlsx")
    before = con.execute("FROM agg_unmatched ORDER BY ALL").fetchall()
    assert len(before) == 1  # 钱八's August repost and comment (two batches): one row of the list
    # The database as version 10 left it: no summary, no macro.
    con.execute("DROP MACRO TABLE scoped_agg_unmatched; DROP TABLE agg_unmatched; "
                "DELETE FROM schema_version WHERE version >= 11")
    assert store.migrate(con) >= 11
    assert con.execute("FROM agg_unmatched ORDER BY ALL").fetchall() == before
    assert assert_unmatched_summary_agrees(con) == 1
    con.close()
