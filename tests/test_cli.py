"""`python -m outreach import|summary|demo|undo` on real DuckDB files, in-process and as a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from outreach import cli, store
from outreach.demo_load import ORDER_FILE, SAMPLES
from outreach.ingest import refresh

try:
    from tests import fixtures as fx
except ImportError:  # pragma: no cover - run from inside tests/
    import fixtures as fx

ROOT = Path(__file__).resolve().parent.parent


def d(m: int, day: int) -> dt.date:
    return dt.date(2014, m, day)


ROSTER = fx.xlsx([["姓名", "单位", "县区", "角色"], ["张三", "甲单位", "一县", "骨干"],
                  ["李四", "甲单位", "一县", None], ["王五", "乙单位", "二县", None]])
LOG_HEAD = ["日期", "姓名", "单位", "类型", "平台", "数量", "标题"]
LOG_JUN = fx.xlsx([LOG_HEAD, [d(6, 2), "张三", "甲单位", "转发", "微信", 3],
                   [d(6, 3), "王五", "乙单位", "评论", "微博", 2],
                   [d(6, 9), "钱八", "乙单位", "转发", "微信", 1]])
LOG_AUG = fx.xlsx([LOG_HEAD, [d(8, 12), "张三", "甲单位", "参加培训", None, 1, "业务培训班"],
                   [d(8, 12), "王五", "乙单位", "参加培训", None, 1, "业务培训班"],
                   [d(8, 20), "李四", "甲单位", "转发", "QQ", 4]])
# A wide monthly sheet: the month is only in the title.
WIDE_SEP = fx.xlsx([["2014年9月网络宣传员工作量统计表"], ["姓名", "单位", "转发微信（条）", "网络评论（条）"],
                    ["张三", "甲单位", 2, 1], ["李四", "甲单位", None, 5]], merged=["A1:D1"])
GOOD = {"花名册_2014年5月.xlsx": ROSTER, "2014年6月台账.xlsx": LOG_JUN, "2014年8月台账.xlsx": LOG_AUG,
        "9月统计表.xlsx": WIDE_SEP}
# All of 2014, counted by hand.
EXPECTED_2014 = {
    "members": 3, "members_by_county": {"一县": 2, "二县": 1}, "units": 2,
    "actions": 3 + 2 + 1 + 1 + 1 + 4 + 2 + 1 + 5,
    "actions_by_type": {"repost": 3 + 1 + 4 + 2, "comment": 2 + 1 + 5, "training": 2},
    "actions_by_platform_type": {"wechat:repost": 3 + 1 + 2, "weibo:comment": 2, "qq:repost": 4,
                                 "other:training": 2, "other:comment": 1 + 5},
    "active_members": 3, "trained_members": 2, "training_sessions": 1, "meeting_sessions": 0,
    "unmatched_rows": 1, "batches": 4,
}


def db_state(path: Path) -> dict[str, tuple[int, int]]:
    """Every table: row count and an order-independent checksum of its rows."""
    con = duckdb.connect(str(path))
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_schema = 'main' AND table_type = 'BASE TABLE'").fetchall()]
    state = {t: con.execute(f'SELECT count(*), coalesce(sum(hash(x)::HUGEINT), 0) FROM "{t}" AS x').fetchone()
             for t in tables}
    con.close()
    return state


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    out = {}
    for name, data in GOOD.items():
        out[name] = folder / name
        out[name].write_bytes(data)
    return out


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def run(capsys):
    def _run(*args: object) -> tuple[int, str, str]:
        rc = cli.main([str(a) for a in args])
        out = capsys.readouterr()
        return rc, out.out, out.err
    return _run


def summary(run, db: Path, period: str | None = None) -> dict:
    rc, out, _ = run("summary", "--db", db, "--json", *(["--period", period] if period else []))
    assert rc == 0
    return json.loads(out)


def subprocess_cli(*args: object) -> subprocess.CompletedProcess:
    env = {**os.environ, "OUTREACH_LANG": "zh"}
    env.pop("OUTREACH_DB", None)
    return subprocess.run([sys.executable, "-m", "outreach", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_import_then_summary_json_as_a_subprocess(tmp_path, files, run):
    db = tmp_path / "a.duckdb"
    rc, out, err = run("import", *files.values(), "--db", db)
    assert rc == 0, err
    assert out.count("已导入") == 4
    shown = subprocess_cli("summary", "--db", db, "--json", "--period", "2014")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == EXPECTED_2014
    # The same set in another order, one file per command: the same figures.
    other = tmp_path / "b.duckdb"
    for path in reversed(list(files.values())):
        assert run("import", path, "--db", other)[0] == 0
    assert summary(run, other, "2014") == EXPECTED_2014
    assert summary(run, other) == EXPECTED_2014


def test_importing_the_same_set_twice_changes_nothing(tmp_path, files, run):
    db = tmp_path / "t.duckdb"
    assert run("import", *files.values(), "--db", db)[0] == 0
    first, state = summary(run, db), db_state(db)
    rc, out, err = run("import", *files.values(), "--db", db)
    assert rc == 0, err
    assert out.count("未重复导入") == 4
    assert summary(run, db) == first == EXPECTED_2014
    assert db_state(db) == state
    # A file named twice on one command line is one batch.
    other = tmp_path / "o.duckdb"
    path = files["2014年6月台账.xlsx"]
    rc, out, _ = run("import", path, path, "--db", other)
    assert rc == 0
    assert summary(run, other)["batches"] == 1


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    """Built once through the CLI, copied per test: the May roster + June log, and all four files."""
    folder = tmp_path_factory.mktemp("cli")
    paths = [write(folder, name, data) for name, data in GOOD.items()]
    out = {"loaded": folder / "loaded.duckdb", "all": folder / "all.duckdb"}
    assert cli.main(["import", *map(str, paths[:2]), "--db", str(out["loaded"])]) == 0
    assert cli.main(["import", *map(str, paths), "--db", str(out["all"])]) == 0
    return out


@pytest.mark.parametrize("period", ["2014-08", "2014-05:2014-09", "2014"])
def test_summary_periods(templates, run, period):
    figures = summary(run, templates["all"], period)
    if period == "2014-08":
        assert figures["actions_by_platform_type"] == {"other:training": 2, "qq:repost": 4}
        assert (figures["active_members"], figures["trained_members"], figures["training_sessions"]) == (3, 2, 1)
        assert (figures["unmatched_rows"], figures["members"], figures["batches"]) == (0, 3, 4)
    else:
        assert figures == EXPECTED_2014


@pytest.mark.parametrize("period", ["2014-13", "2014-09:2014-05", "八月", "2014/08"])
def test_a_bad_period_exits_non_zero_with_a_chinese_message(tmp_path, run, period):
    rc, out, err = run("summary", "--db", tmp_path / "t.duckdb", "--json", "--period", period)
    assert rc != 0
    assert out == ""
    assert period in err and "格式不对" in err and "2014-05:2014-09" in err
    assert "文件" not in err  # it is an argument, not a file
    assert "Traceback" not in err


def test_a_bad_period_on_import_imports_nothing(tmp_path, files, run):
    db = tmp_path / "t.duckdb"
    rc, _, err = run("import", files["9月统计表.xlsx"], "--period", "2014", "--db", db)
    assert rc != 0
    assert "格式不对" in err
    assert not db.exists()  # refused before the database was even opened


@pytest.fixture
def loaded_db(tmp_path, templates) -> Path:
    db = tmp_path / "t.duckdb"
    shutil.copyfile(templates["loaded"], db)
    return db


BAD = {
    "not_spreadsheet": ("说明.xlsx", fx.docx_zip()),
    "no_header": ("无表头.xlsx", fx.xlsx([["甲", "乙"], [1, 2]])),
    "missing_unit": ("花名册_缺单位.xlsx", fx.xlsx([["姓名", "手机号码"], ["赵六", "13800000009"]])),
    "header_only": ("空台账.xlsx", fx.xlsx([LOG_HEAD])),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_one_refused_file_imports_nothing_from_the_command_line(tmp_path, files, loaded_db, run, case):
    name, data = BAD[case]
    bad = write(tmp_path, name, data)
    before = db_state(loaded_db)
    # Good files before and after the bad one: none of them may go in.
    rc, out, err = run("import", files["2014年8月台账.xlsx"], bad, files["9月统计表.xlsx"], "--db", loaded_db)
    assert rc != 0
    assert name in err
    assert "未导入任何文件" in err
    assert "已导入" not in out
    assert db_state(loaded_db) == before


def test_strict_refusal_of_a_later_file_imports_nothing(tmp_path, files, loaded_db, run):
    bad = write(tmp_path, "严格.xlsx", fx.xlsx([LOG_HEAD, [d(7, 1), "张三", "甲单位", "转发", "微信", 1],
                                                [d(7, 2), "李四", "甲单位", "跳舞", "微信", 1]]))
    before = db_state(loaded_db)
    rc, out, err = run("import", files["2014年8月台账.xlsx"], bad, "--strict", "--db", loaded_db)
    assert rc != 0
    assert "严格.xlsx" in err and "第 3 行" in err and "跳舞" in err
    assert "未导入任何文件" in err
    assert db_state(loaded_db) == before
    # Without --strict the file goes in, the bad row is reported and refused.
    rc, out, err = run("import", files["2014年8月台账.xlsx"], bad, "--db", loaded_db)
    assert rc == 0
    assert "跳舞" in err
    assert out.count("已导入") == 2


def test_missing_file_imports_nothing(tmp_path, files, loaded_db, run):
    before = db_state(loaded_db)
    rc, _, err = run("import", files["2014年8月台账.xlsx"], tmp_path / "没有这个文件.xlsx", "--db", loaded_db)
    assert rc != 0
    assert "没有这个文件.xlsx" in err
    assert db_state(loaded_db) == before


def test_a_failure_while_writing_the_second_file_rolls_back_the_first(files, loaded_db, run, monkeypatch):
    real, calls = refresh.refresh_aggregates, []

    def fail_on_second(con):
        real(con)
        calls.append(1)
        if len(calls) == 2:
            raise duckdb.IOException("simulated: disk full")

    monkeypatch.setattr(refresh, "refresh_aggregates", fail_on_second)
    before = db_state(loaded_db)
    rc, _, err = run("import", files["2014年8月台账.xlsx"], files["9月统计表.xlsx"], "--db", loaded_db)
    assert len(calls) == 2
    assert rc != 0
    assert "disk full" in err and "未导入任何文件" in err
    assert db_state(loaded_db) == before


def test_undo_on_the_command_line(files, loaded_db, run):
    con = store.connect(loaded_db)
    version = store.data_version(con)
    con.close()
    assert summary(run, loaded_db)["unmatched_rows"] == 1
    rc, _, err = run("undo", "1", "--db", loaded_db)  # the roster
    assert rc == 0, err
    figures = summary(run, loaded_db)
    assert (figures["members"], figures["unmatched_rows"], figures["active_members"], figures["batches"]) == (
        0, 3, 0, 1)
    con = store.connect(loaded_db)
    assert store.data_version(con) == version + 1
    con.close()
    before = db_state(loaded_db)
    for batch in ("1", "99"):  # already undone; never existed
        rc, _, err = run("undo", batch, "--db", loaded_db)
        assert rc != 0
        assert batch in err
    assert db_state(loaded_db) == before


def test_demo_loads_into_an_empty_database_only(tmp_path, run):
    names = (SAMPLES / ORDER_FILE).read_text(encoding="utf-8").split()
    assert len(names) == 11  # 9 rosters and logs, 1 campaign list, 1 腾讯问卷 export
    assert all((SAMPLES / n).is_file() for n in names)
    db = tmp_path / "demo.duckdb"
    rc, out, err = run("demo", "--db", db)
    assert rc == 0, err
    assert "11 个文件" in out
    figures = summary(run, db)
    assert figures["batches"] == 11
    assert figures["members"] > 0 and figures["actions"] > 0 and figures["unmatched_rows"] > 0
    before = db_state(db)
    rc, _, err = run("demo", "--db", db)
    assert rc != 0
    assert "演示数据只载入空数据库" in err
    assert db_state(db) == before


def test_roster_month_given_with_period_on_import(tmp_path, templates, run):
    db = tmp_path / "t.duckdb"
    shutil.copyfile(templates["all"], db)
    # A roster whose name and title carry no month: --period dates it (2014-08): 甲单位 is now 张三 alone.
    path = write(tmp_path, "甲单位花名册.xlsx", fx.xlsx([["姓名", "单位", "县区"], ["张三", "甲单位", "一县"]]))
    rc, out, err = run("import", path, "--period", "2014-08", "--db", db)
    assert rc == 0, err
    assert "2014-08" in out
    assert summary(run, db, "2014-06")["members"] == 3  # the May roster
    assert summary(run, db, "2014-08")["members_by_county"] == {"一县": 1, "二县": 1}
    assert summary(run, db, "2014-09")["members"] == 2
