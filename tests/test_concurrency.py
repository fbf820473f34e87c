"""Writes wait their turn (issue 11, "Imports wait their turn").

- In the server: one DuckDB connection per process, one cursor per script run. Twenty staff confirming
  at once go through ``data_admin.commit`` (what the 数据 page's confirm calls) on twenty cursors of one
  connection: every batch lands, the figures are exact. Imports racing undos, and the other writers.
- The command line against a database another process holds: one sentence, exit code 2, no traceback.
- Commands against each other: ten parallel imports all succeed, one after another.

Every expected figure is counted by hand from the small files built below.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from outreach import campaigns, data_admin, store
from outreach.evaluation import versions
from outreach.filters import Filters
from outreach.i18n import t
from outreach.ingest import load
from outreach.ingest.parse import parse_file
from outreach.ingest.parsed_file import ParsedFile
from outreach.report import audit
from outreach.summary import headline
from ui.text import as_text

try:
    from tests import fixtures as fx
except ImportError:  # pragma: no cover - run from inside tests/
    import fixtures as fx

ROOT = Path(__file__).resolve().parent.parent

# Four units of two members each, in two counties.
UNITS = {"甲单位": ("一县", "张一", "张二"), "乙单位": ("一县", "李一", "李二"),
         "丙单位": ("二县", "王一", "王二"), "丁单位": ("二县", "赵一", "赵二")}
UNIT_NAMES = list(UNITS)
ROSTER = fx.xlsx([["姓名", "单位", "县区", "角色"],
                  *[[name, unit, county, None] for unit, (county, *names) in UNITS.items() for name in names]])
ROSTER_NAME = "花名册_2014年1月.xlsx"
LOG_HEAD = ["日期", "姓名", "单位", "类型", "平台", "数量", "标题"]
N = 20


def log_rows(i: int) -> list[list]:
    """File i: unit i % 4, month 2014-(1 + i // 4) — no two files share a (unit, month), so no file
    replaces another whatever order they land in. Its first member reposts i + 1 times on WeChat, the
    second comments twice on Weibo; every fifth file also has one repost by someone on no roster."""
    unit = UNIT_NAMES[i % 4]
    _, first, second = UNITS[unit]
    month = 1 + i // 4
    rows = [[dt.date(2014, month, 3), first, unit, "转发", "微信", i + 1],
            [dt.date(2014, month, 4), second, unit, "评论", "微博", 2]]
    if i % 5 == 0:
        rows.append([dt.date(2014, month, 5), f"路人{i}", unit, "转发", "微信", 1])
    return rows


def log_file(i: int) -> bytes:
    return fx.xlsx([LOG_HEAD, *log_rows(i)])


def log_name(i: int) -> str:
    return f"台账_{i:02d}.xlsx"


# 乙单位's January (file 1's key) sent again, corrected: 7 reposts and 5 comments instead of 2 and 2.
CORRECTION = fx.xlsx([LOG_HEAD, [dt.date(2014, 1, 3), "李一", "乙单位", "转发", "微信", 7],
                      [dt.date(2014, 1, 4), "李二", "乙单位", "评论", "微博", 5]])


def expected(files: range | list[int], extra_repost: int = 0, extra_comment: int = 0, extra_rows: int = 0,
             batches: int | None = None) -> dict:
    """The headline of the roster plus these log files, counted from log_rows' rule: file i adds 2 rows,
    i + 1 reposts (WeChat) and 2 comments (Weibo), and one unmatched repost when i % 5 == 0; both
    members of its unit (i % 4) are active."""
    files = list(files)
    unmatched = sum(i % 5 == 0 for i in files)
    reposts = sum(i + 1 for i in files) + unmatched + extra_repost
    comments = 2 * len(files) + extra_comment
    return {
        "rows": 2 * len(files) + unmatched + extra_rows,
        "members": 8, "members_by_county": {"一县": 4, "二县": 4}, "units": 4,
        "actions": reposts + comments,
        "actions_by_type": {"repost": reposts, "comment": comments},
        "actions_by_platform_type": {"wechat:repost": reposts, "weibo:comment": comments},
        "active_members": 2 * len({i % 4 for i in files}),
        "trained_members": 0, "training_sessions": 0, "meeting_sessions": 0,
        "unmatched_rows": unmatched,
        "batches": 1 + len(files) if batches is None else batches,
    }


def observed(con: duckdb.DuckDBPyConnection) -> dict:
    figures = headline(con, Filters())
    figures["rows"] = con.execute(
        "SELECT count(*) FROM activity JOIN batches USING (batch_id) WHERE status = 'active'").fetchone()[0]
    return figures


@pytest.fixture(scope="module")
def parsed() -> dict[int, ParsedFile]:
    return {i: parse_file(log_file(i), log_name(i)) for i in range(N)}


@pytest.fixture
def con(tmp_path):
    """The server's situation: one connection, the roster already imported."""
    c = store.connect(tmp_path / "server.duckdb")
    load.import_bytes(c, ROSTER, ROSTER_NAME, user="test")
    yield c
    c.close()


def race(*jobs) -> list[BaseException]:
    """Run every job (a function of its own cursor) in its own thread, all released at once, as the
    server runs one script per user; the exceptions they raised."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job) -> None:
        barrier.wait()
        try:
            job()
        except BaseException as exc:  # collected and asserted on
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a write never finished"
    return errors


def confirm(con: duckdb.DuckDBPyConnection, parsed: ParsedFile, user: str):
    """What the page's confirm button does, on the cursor of its own script run."""
    def job() -> None:
        cursor = con.cursor()
        try:
            result = data_admin.commit(cursor, parsed, user)
            assert not result.already
        finally:
            cursor.close()
    return job


def undo(con: duckdb.DuckDBPyConnection, batch_id: int):
    def job() -> None:
        cursor = con.cursor()
        try:
            data_admin.undo(cursor, batch_id, "撤销人")
        finally:
            cursor.close()
    return job


# --- (a) the server's code path ------------------------------------------------------------------------

def test_twenty_concurrent_confirms_all_land_with_exact_figures(con, parsed, tmp_path):
    version = store.data_version(con)
    errors = race(*[confirm(con, parsed[i], f"用户{i}") for i in range(N)])
    assert errors == []
    assert con.execute("SELECT count(*), count(DISTINCT sha256) FROM batches WHERE kind = 'activity' "
                       "AND status = 'active'").fetchone() == (N, N)
    assert sorted(r[0] for r in con.execute("SELECT imported_by FROM batches WHERE kind = 'activity'").fetchall()) \
        == sorted(f"用户{i}" for i in range(N))
    want = expected(range(N))
    assert want["rows"] == 44 and want["actions"] == 254  # by hand: 40 + 4 rows; 210 + 4 + 40 actions
    assert observed(con) == want
    # Each batch holds exactly its own file's rows.
    per_batch = dict(con.execute("SELECT b.file_name, sum(a.count)::INT FROM activity AS a JOIN batches AS b "
                                 "USING (batch_id) GROUP BY ALL").fetchall())
    assert per_batch == {log_name(i): i + 1 + 2 + (i % 5 == 0) for i in range(N)}
    assert store.data_version(con) == version + N  # each batch bumped it once, none lost

    # The same as importing the files one by one.
    one_by_one = store.connect(tmp_path / "sequential.duckdb")
    load.import_bytes(one_by_one, ROSTER, ROSTER_NAME, user="test")
    for i in range(N):
        data_admin.commit(one_by_one, parsed[i], "u")

    def by_key(c):
        return sorted(c.execute("SELECT county, unit, month, type::VARCHAR, name, member_id, count "
                                "FROM activity").fetchall(), key=str)

    assert by_key(con) == by_key(one_by_one)
    assert observed(con) == observed(one_by_one)
    one_by_one.close()


def test_imports_racing_undos_and_a_correction(con, parsed):
    first = [data_admin.commit(con, parsed[i], "u").batch_id for i in range(10)]  # files 0-9
    correction = parse_file(CORRECTION, "台账_乙单位_1月_更正.xlsx")
    errors = race(*[confirm(con, parsed[i], "u") for i in range(10, N)],  # files 10-19
                  *[undo(con, first[i]) for i in range(5)],  # undo files 0-4, file 1 included …
                  confirm(con, correction, "u"))  # … while its (unit, month) is sent again, corrected
    assert errors == []
    # Whichever came first, file 1's rows are gone and the correction's are in force.
    rest = list(range(5, N))
    want = expected(rest, extra_repost=7, extra_comment=5, extra_rows=2, batches=1 + len(rest) + 1)
    assert want["actions"] == 195 + 3 + 30 + 12  # files 5-19: reposts 6..20, 3 unmatched, 15 × 2 comments
    assert observed(con) == want
    reverted = {r[0] for r in con.execute("SELECT batch_id FROM batches WHERE status = 'reverted'").fetchall()}
    assert reverted == set(first[:5])
    assert con.execute("SELECT count(*) FROM activity WHERE batch_id IN (SELECT unnest(?))",
                       [first[:5]]).fetchone()[0] == 0


def test_undoing_the_same_batch_twice_at_once_undoes_it_once(con, parsed):
    batch = data_admin.commit(con, parsed[0], "u").batch_id
    errors = race(undo(con, batch), undo(con, batch))
    assert len(errors) == 1 and isinstance(errors[0], ValueError)  # the second finds it already undone
    assert observed(con)["actions"] == 0 and observed(con)["batches"] == 1


def test_the_other_writers_wait_their_turn_too(con, parsed):
    rubric = (store.ROOT / "data" / "rubrics" / "default.toml").read_text(encoding="utf-8")

    def campaign(k: int):
        def job() -> None:
            cursor = con.cursor()
            campaigns.add(cursor, f"专项{k}", dt.date(2014, 1, 1 + k), dt.date(2014, 2, 1), user="u")
            cursor.close()
        return job

    def log_view(k: int):
        def job() -> None:
            cursor = con.cursor()
            audit.record(cursor, "unmask", f"view{k}", Filters(), actor="u")
            cursor.close()
        return job

    def rubric_switch(k: int):
        def job() -> None:
            cursor = con.cursor()
            if k == 0:
                versions.save(cursor, rubric, user="u")
            else:
                versions.activate(cursor, None)
            cursor.close()
        return job

    errors = race(*[confirm(con, parsed[i], "u") for i in range(8)], *[campaign(k) for k in range(5)],
                  *[log_view(k) for k in range(5)], *[rubric_switch(k) for k in range(2)])
    assert errors == []
    assert observed(con) == expected(range(8))
    assert con.execute("SELECT count(*) FROM campaigns").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM privacy_log").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM rubric_versions").fetchone()[0] == 1


def test_a_second_write_is_told_it_is_queued_then_runs(con, parsed):
    queued = threading.Event()
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.write_lock():
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    result: list = []
    writer = threading.Thread(target=lambda: result.append(
        data_admin.commit(con.cursor(), parsed[0], "u", on_wait=queued.set)))
    writer.start()
    assert queued.wait(10)  # it was told it has to wait …
    time.sleep(0.2)
    assert not result  # … and waits
    release.set()
    writer.join(30)
    holder.join(30)
    assert result and not result[0].already
    assert observed(con) == expected([0])


def test_no_wait_no_queued_message(con, parsed):
    told: list[bool] = []
    data_admin.commit(con, parsed[0], "u", on_wait=lambda: told.append(True))
    assert told == []


def test_a_conflicting_write_from_outside_the_lock_is_retried(con, parsed):
    """A writer that bypasses the lock (another module, a script) holds a conflicting change: the import
    is rolled back and run again once the other one has committed."""
    rogue = con.cursor()
    rogue.execute("BEGIN TRANSACTION")
    rogue.execute("UPDATE meta SET value = (value::INTEGER + 1)::VARCHAR WHERE key = 'data_version'")
    timer = threading.Timer(0.3, lambda: rogue.execute("COMMIT"))
    timer.start()
    result = data_admin.commit(con.cursor(), parsed[3], "u")
    timer.join()
    assert not result.already
    assert observed(con) == expected([3])


def test_a_write_that_keeps_conflicting_fails_with_a_message_and_writes_nothing(con, parsed, monkeypatch):
    monkeypatch.setattr(store, "_RETRY_PAUSE", 0.01)
    before = observed(con)
    tables = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
              for t in ("batches", "activity", "batch_coverage", "batch_issues", "agg_activity")}
    rogue = con.cursor()
    rogue.execute("BEGIN TRANSACTION")
    rogue.execute("UPDATE meta SET value = (value::INTEGER + 1)::VARCHAR WHERE key = 'data_version'")
    try:
        with pytest.raises(store.WriteFailed) as caught:
            data_admin.commit(con.cursor(), parsed[0], "u")
    finally:
        rogue.execute("ROLLBACK")
    assert caught.value.code == "db.err.write_conflict"
    zh = caught.value.message("zh")
    assert zh == t("db.err.write_conflict", "zh", attempts=store.WRITE_ATTEMPTS)
    assert "Conflict" not in zh and "未写入任何数据" in zh
    assert observed(con) == before
    assert {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables} == tables
    # … and the same file goes in afterwards.
    assert not data_admin.commit(con, parsed[0], "u").already


def test_a_turn_that_never_comes_is_a_message_too(con, parsed, monkeypatch):
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.write_lock():
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    monkeypatch.setattr(store, "WRITE_WAIT", 0.2)
    try:
        with pytest.raises(store.WriteFailed) as caught:
            data_admin.commit(con.cursor(), parsed[0], "u")
    finally:
        release.set()
        holder.join(30)
    assert caught.value.code == "db.err.write_wait"
    assert "分钟" in caught.value.message("zh")
    assert observed(con)["batches"] == 1


def test_a_write_inside_another_is_part_of_its_transaction(con):
    def outer(c):
        store.run_write(c, lambda c: c.execute("UPDATE meta SET value = 'x' WHERE key = 'probe'"))
        raise RuntimeError("outer fails")

    con.execute("INSERT INTO meta VALUES ('probe', 'before')")
    with pytest.raises(RuntimeError):
        store.run_write(con, outer)
    assert con.execute("SELECT value FROM meta WHERE key = 'probe'").fetchone()[0] == "before"


def test_the_messages_exist_in_both_languages():
    for key in ("db.err.in_use_dashboard", "db.err.in_use_command", "db.err.in_use_other",
                "db.err.write_conflict", "db.err.write_wait", "dp.queued", "dp.commit_db_error",
                "dp.undo_failed"):
        assert t(key, "zh") != key and t(key, "en") != key
    assert t("dp.queued", "zh") == "另一项导入正在进行，已排队…"


# --- the page: queued, and never an engine error ---------------------------------------------------------

@pytest.fixture
def page_db(tmp_path, monkeypatch) -> Path:
    import ui.shell

    path = tmp_path / "page.duckdb"
    monkeypatch.setenv("OUTREACH_DB", str(path))
    ui.shell._connection.clear()
    yield path
    ui.shell._connection.clear()


def _page_with_upload(name: str, data: bytes):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, at.exception
    at.file_uploader[0].set_value([(name, data, "application/vnd.openxmlformats-officedocument"
                                                ".spreadsheetml.sheet")]).run()
    assert not at.exception, at.exception
    return at


def _confirm_button(at):
    return next(b for b in at.button if b.label.startswith("确认导入"))


def _page_text(at) -> str:
    return "\n".join(e.value for kind in (at.error, at.success, at.info, at.warning, at.markdown) for e in kind)


def test_the_page_says_the_confirm_is_queued_then_imports(page_db, monkeypatch):
    at = _page_with_upload(ROSTER_NAME, ROSTER)
    said: list[str] = []
    real_turn = data_admin.turn

    def spying_turn(on_wait=None):
        def told() -> None:
            said.append("queued")
            on_wait()  # the page's own: the status label and the note say 已排队
        return real_turn(told)

    monkeypatch.setattr(data_admin, "turn", spying_turn)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:  # another user's import, in the middle of its write
        with store.write_lock():
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    threading.Timer(1.0, release.set).start()
    _confirm_button(at).click().run()
    holder.join(30)
    assert not at.exception, at.exception
    assert said == ["queued"]
    assert any("批次 #1" in s.value for s in at.success)
    con = duckdb.connect(str(page_db))
    assert con.execute("SELECT count(*) FROM members").fetchone()[0] == 8
    con.close()


@pytest.mark.parametrize("failure", [
    store.WriteFailed("db.err.write_conflict", attempts=store.WRITE_ATTEMPTS),
    duckdb.TransactionException("TransactionContext Error: Conflict on tuple deletion!"),
])
def test_a_failed_confirm_shows_chinese_never_the_engine_error(page_db, monkeypatch, failure):
    at = _page_with_upload(ROSTER_NAME, ROSTER)

    def fails(*args, **kwargs):
        raise failure

    monkeypatch.setattr(data_admin, "commit", fails)
    _confirm_button(at).click().run()
    assert not at.exception, at.exception
    text = _page_text(at)
    assert "Conflict" not in text and "TransactionException" not in text and "TransactionContext" not in text
    errors = [e.value for e in at.error]
    if isinstance(failure, store.WriteFailed):
        assert as_text(failure.message("zh")) in errors
    else:
        assert as_text(t("dp.commit_db_error", "zh", file=ROSTER_NAME)) in errors


def test_a_failed_undo_shows_chinese_never_the_engine_error(page_db, monkeypatch):
    con = store.connect(page_db)
    load.import_bytes(con, ROSTER, ROSTER_NAME, user="test")
    con.close()
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/data.py")
    at.run()

    def fails(*args, **kwargs):
        raise duckdb.TransactionException("TransactionContext Error: Conflict on tuple deletion!")

    monkeypatch.setattr(load, "undo", fails)
    at.checkbox(key="dp_undo_sure_1").check().run()
    next(b for b in at.button if b.label.startswith("撤销")).click().run()
    assert not at.exception, at.exception
    assert as_text(t("dp.undo_failed", "zh", batch=1)) in [e.value for e in at.error]
    assert "Conflict" not in _page_text(at)


# --- (b) the command line against a database another process holds ---------------------------------------

def _cli(*args: object, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "outreach", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def _cli_all(commands: dict[str, list], env: dict, timeout: float = 180) -> dict[str, tuple[int, str, str]]:
    """Every command at once, each in its own process: name → (exit code, stdout, stderr)."""
    procs = {name: subprocess.Popen([sys.executable, "-m", "outreach", *map(str, args)], cwd=ROOT, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **env})
             for name, args in commands.items()}
    done = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=timeout)
        done[name] = (proc.returncode, out, err)
    return done


def _hold(path: Path, argv: list[str]) -> subprocess.Popen:
    """A process that opens the database with duckdb (as the dashboard does) and sleeps."""
    holder = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


HOLD = ("import duckdb, sys, time\n"
        "con = duckdb.connect(sys.argv[-1])\n"
        "print('holding', flush=True)\n"
        "time.sleep(300)\n")


@pytest.fixture
def loaded_db(tmp_path) -> Path:
    path = tmp_path / "held.duckdb"
    c = store.connect(path)
    load.import_bytes(c, ROSTER, ROSTER_NAME, user="test")
    load.import_bytes(c, log_file(0), log_name(0), user="test")
    c.close()
    return path


def _commands(db: Path, tmp_path: Path) -> dict[str, list]:
    log = tmp_path / log_name(1)
    log.write_bytes(log_file(1))
    return {
        "import": ["import", log, "--db", db],
        "summary": ["summary", "--db", db],
        "summary --json": ["summary", "--json", "--db", db],
        "demo": ["demo", "--db", db],
        "undo": ["undo", "2", "--db", db],
        "scores": ["scores", "--db", db],
        "report": ["report", "--out", tmp_path / "汇报.md", "--db", db],
    }


def _state(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_type = 'BASE TABLE'").fetchall()]
        return {name: con.execute(f'SELECT count(*), coalesce(sum(hash(x)::HUGEINT), 0) FROM "{name}" AS x')
                .fetchone() for name in tables}
    finally:
        con.close()


def test_every_command_against_a_held_database_says_one_sentence_and_exits_2(loaded_db, tmp_path):
    before = _state(loaded_db)
    holder = _hold(loaded_db, [sys.executable, "-c", HOLD, str(loaded_db)])
    try:
        sentence = t("db.err.in_use_other", "zh", pid=holder.pid, path=loaded_db.absolute())
        for name, (rc, out, err) in _cli_all(_commands(loaded_db, tmp_path), {"OUTREACH_DB_WAIT": "0.5"}).items():
            assert rc == 2, (name, err)
            assert out == "", name
            assert err.strip() == sentence, (name, err)  # one line, no traceback
        english = _cli("--lang", "en", "summary", "--db", loaded_db, env={"OUTREACH_DB_WAIT": "0"})
        assert english.returncode == 2
        assert english.stderr.strip() == t("db.err.in_use_other", "en", pid=holder.pid, path=loaded_db.absolute())
    finally:
        holder.kill()
        holder.wait()
    assert not (tmp_path / "汇报.md").exists()
    assert _state(loaded_db) == before  # nothing written


def test_against_the_dashboard_a_command_stops_at_once_saying_what_to_do(loaded_db, tmp_path):
    """The holder looks like the dashboard (`streamlit run app.py`): it will not let go, so a command
    does not wait for it, however long it is allowed to (an hour here: the test would time out)."""
    fake = tmp_path / "bin" / "streamlit"
    fake.parent.mkdir()
    fake.write_text(HOLD, encoding="utf-8")
    holder = _hold(loaded_db, [sys.executable, str(fake), "run", "app.py", str(loaded_db)])
    try:
        sentence = t("db.err.in_use_dashboard", "zh", pid=holder.pid, path=loaded_db.absolute())
        assert f"进程 {holder.pid}" in sentence and "「数据」页" in sentence and "副本" in sentence
        commands = {name: args for name, args in _commands(loaded_db, tmp_path).items()
                    if name in ("summary", "import", "undo")}
        for name, (rc, out, err) in _cli_all(commands, {"OUTREACH_DB_WAIT": "3600"}, timeout=120).items():
            assert rc == 2 and out == "", name
            assert err.strip() == sentence, (name, err)
    finally:
        holder.kill()
        holder.wait()


def test_a_command_waits_for_another_command_to_finish(loaded_db):
    """A holder that lets go after a second: the command waited and ran."""
    holder = _hold(loaded_db, [sys.executable, "-c", HOLD.replace("time.sleep(300)", "time.sleep(1.5)"),
                               str(loaded_db)])
    try:
        done = _cli("summary", "--json", "--db", loaded_db, env={"OUTREACH_DB_WAIT": "60"})
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 0, done.stderr
    assert '"batches": 2' in done.stdout


# --- (c) parallel command-line imports ---------------------------------------------------------------

def test_ten_parallel_cli_imports_all_land_one_after_another(tmp_path):
    db = tmp_path / "cli.duckdb"
    c = store.connect(db)
    load.import_bytes(c, ROSTER, ROSTER_NAME, user="test")
    version = store.data_version(c)
    c.close()
    paths = []
    for i in range(10):
        paths.append(tmp_path / log_name(i))
        paths[-1].write_bytes(log_file(i))
    # A generous wait: ten Pythons starting at once on a small CI machine; the default is 30 s.
    env = {**os.environ, "OUTREACH_DB_WAIT": "120"}
    procs = [subprocess.Popen([sys.executable, "-m", "outreach", "import", str(p), "--db", str(db)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for p in paths]
    results = [(proc.communicate(timeout=300), proc.returncode) for proc in procs]
    for (out, err), rc in results:
        assert rc == 0, err
        assert out.startswith("已导入"), out
        assert "Traceback" not in err
    c = store.connect(db)
    want = expected(range(10))
    assert want["rows"] == 22 and want["actions"] == 55 + 2 + 20  # by hand
    assert observed(c) == want
    assert store.data_version(c) == version + 10
    c.close()
