"""The shared store (outreach.shared): several servers' copies of one PostgreSQL-backed store.

Each "server" here is a local DuckDB copy opened with ``store.connect(url, replica=...)``, as a Streamlit
server opens its own; tests/test_shared_servers.py runs real servers. Expected figures are the fixture's
own: the small team's files (tests/small_team.py) hold 6 roster rows and 9 activity rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from outreach import store
from outreach.ingest import load
from outreach.shared import replica as shared_replica
from outreach.shared.recorder import NondeterministicWrite
from tests.fixtures import xlsx
from tests.pg_cluster import BIN
from tests.shared_backend import Router, backend_specific
from tests.small_team import AUGUST, JULY, ROSTER

pytestmark = pytest.mark.usefixtures("pg_cluster")


@pytest.fixture
def url(pg_cluster) -> str:
    return pg_cluster.create_schema("outreach_shared_tests")


def _open(url: str, path: Path, **kw):
    return store.connect(url, replica=path, **kw)


def _catch_up(con) -> int:
    """Replay what ``con``'s copy has not seen, now (waiting for this process's write lock, unlike
    store.catch_up, which skips when a write is running): the entries it applied."""
    with store.write_lock():
        return shared_replica.replica_of(con).catch_up(con)


def _activity_rows(con) -> int:
    return store.scalar(con, "SELECT count(*) FROM activity")


def _log_head(url: str) -> int:
    with psycopg.connect(url) as pg:
        return pg.execute("SELECT coalesce(max(seq), 0) FROM outreach_log").fetchone()[0]


def _month_log(month: int, unit: str, name: str, reposts: int) -> bytes:
    return xlsx([[f"2014年{month}月工作量统计表"], ["姓名", "单位", "转发微信（条）"], [name, unit, reposts]])


@backend_specific
def test_a_write_on_one_copy_is_in_the_other_after_it_catches_up(url, tmp_path):
    a = _open(url, tmp_path / "a.duckdb")
    b = _open(url, tmp_path / "b.duckdb")
    load.import_bytes(a, xlsx(ROSTER), "roster.xlsx")
    load.import_bytes(a, xlsx(JULY), "jul.xlsx")
    assert store.scalar(b, "SELECT count(*) FROM members") == 0  # b has not looked yet
    assert _catch_up(b) == 2
    assert store.scalar(b, "SELECT count(*) FROM members") == 6
    assert _activity_rows(b) == 2
    assert store.data_version(b) == store.data_version(a)


@backend_specific
def test_the_follower_shows_another_servers_import_within_two_seconds(url, tmp_path):
    writer = _open(url, tmp_path / "w.duckdb")
    reader = _open(url, tmp_path / "r.duckdb", follow=True)
    version = store.data_version(reader)
    load.import_bytes(writer, xlsx(ROSTER), "roster.xlsx")
    started = time.monotonic()
    while store.data_version(reader.cursor()) == version and time.monotonic() - started < 5:
        time.sleep(0.05)
    assert time.monotonic() - started < 2.0
    assert store.scalar(reader.cursor(), "SELECT count(*) FROM members") == 6


@backend_specific
def test_concurrent_imports_from_two_servers_lose_and_double_nothing(url, tmp_path):
    """Ten files, five through each copy at once, each a different unit's month: every row lands once,
    and every copy ends the same."""
    a = _open(url, tmp_path / "a.duckdb")
    b = _open(url, tmp_path / "b.duckdb")
    errors: list[BaseException] = []

    def confirm(con, i: int) -> None:
        try:
            load.import_bytes(con.cursor(), _month_log(1 + i % 10, f"单位{i}", f"成员{i}", i + 1), f"f{i}.xlsx")
        except BaseException as exc:  # reported below, not swallowed
            errors.append(exc)

    threads = [threading.Thread(target=confirm, args=(a if i % 2 else b, i)) for i in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not errors
    for con in (a, b):
        _catch_up(con)
        assert _activity_rows(con) == 10
        assert store.scalar(con, "SELECT sum(count) FROM activity") == sum(range(1, 11))
        assert store.scalar(con, "SELECT count(*) FROM batches") == 10
    assert store.data_version(a) == store.data_version(b)
    assert _log_head(url) == store.latest_migration() + 10  # one entry per migration and per file


@backend_specific
def test_a_writer_killed_mid_import_leaves_nothing_and_frees_the_lock(url, tmp_path):
    survivor = _open(url, tmp_path / "s.duckdb")
    load.import_bytes(survivor, xlsx(ROSTER), "roster.xlsx")
    head = _log_head(url)
    script = f"""
import time
from outreach import store
from outreach.ingest import load
from tests.fixtures import xlsx
from tests.small_team import JULY
con = store.connect({url!r}, replica={str(tmp_path / "k.duckdb")!r})
def slow(c):
    load.import_bytes(c, xlsx(JULY), "jul.xlsx")
    print("inside", flush=True)
    time.sleep(60)
store.run_write(con, slow)
"""
    child = subprocess.Popen([sys.executable, "-c", script], cwd=store.ROOT, stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(store.ROOT)})
    try:
        assert child.stdout.readline().strip() == "inside"  # holding the store's lock, mid-transaction
        started = time.monotonic()
        with pytest.raises(store.WriteFailed):  # the survivor waits its turn, then gives up
            _write_with_wait(survivor, 0.5)
        assert time.monotonic() - started >= 0.5
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    load.import_bytes(survivor, xlsx(AUGUST), "aug.xlsx")  # the lock went with the dead process
    assert _log_head(url) == head + 1  # the killed import published nothing
    assert _activity_rows(survivor) == 5
    assert store.scalar(survivor, "SELECT count(*) FROM batches WHERE file_name = 'jul.xlsx'") == 0


def _write_with_wait(con, seconds: float) -> None:
    previous, store.WRITE_WAIT = store.WRITE_WAIT, seconds
    try:
        store.run_write(con, store.bump_data_version)
    finally:
        store.WRITE_WAIT = previous


@backend_specific
def test_a_refused_file_publishes_nothing(url, tmp_path):
    con = _open(url, tmp_path / "a.duckdb")
    head = _log_head(url)
    with pytest.raises(load.ImportRefused):
        load.import_bytes(con, b"not a spreadsheet", "bad.xlsx")
    assert _log_head(url) == head


@backend_specific
def test_a_statement_asking_the_clock_is_refused_and_writes_nothing(url, tmp_path):
    con = _open(url, tmp_path / "a.duckdb")
    head, version = _log_head(url), store.data_version(con)

    def stamp(c):
        store.bump_data_version(c)
        c.execute("UPDATE meta SET value = current_timestamp::VARCHAR WHERE key = 'data_version'")

    with pytest.raises(NondeterministicWrite):
        store.run_write(con, stamp)
    assert (_log_head(url), store.data_version(con)) == (head, version)


@backend_specific
def test_the_replay_check_catches_a_write_that_bypassed_the_log(pg_cluster, tmp_path):
    """The check every shared test run ends with (tests/conftest.py) can fail."""
    router = Router(pg_cluster, tmp_path / "replay")
    (tmp_path / "replay").mkdir()
    con = router.connect(tmp_path / "a.duckdb")
    load.import_bytes(con, xlsx(ROSTER), "roster.xlsx")
    con.execute("DELETE FROM members WHERE name = '张三'")  # not through run_write: never logged
    con.close()
    shared_replica.forget(tmp_path / "a.duckdb")
    with pytest.raises(AssertionError, match="members: 1 rows"):
        router.check_replays()


@backend_specific
def test_a_copy_refuses_another_store_an_older_backup_and_an_embedded_file(pg_cluster, url, tmp_path):
    con = _open(url, tmp_path / "a.duckdb")
    load.import_bytes(con, xlsx(ROSTER), "roster.xlsx")
    con.close()
    shared_replica.forget(tmp_path / "a.duckdb")
    with pytest.raises(store.DatabaseUnavailable) as other:
        _open(pg_cluster.create_schema("outreach_shared_tests"), tmp_path / "a.duckdb")
    assert other.value.code == "db.err.replica_other_store"
    # The store rolled back to before the roster (as after restoring an older backup): the copy is ahead.
    with psycopg.connect(url) as pg:
        last = pg.execute("SELECT max(seq) FROM outreach_log").fetchone()[0]
        pg.execute("DELETE FROM outreach_log_frames WHERE seq = %s", [last])
        pg.execute("DELETE FROM outreach_log WHERE seq = %s", [last])
    with pytest.raises(store.DatabaseUnavailable) as ahead:
        _open(url, tmp_path / "a.duckdb")
    assert ahead.value.code == "db.err.replica_ahead"
    assert "删除这个文件" in ahead.value.message("zh")
    embedded = store.connect(tmp_path / "own.duckdb")
    embedded.close()
    with pytest.raises(store.DatabaseUnavailable) as own:
        _open(url, tmp_path / "own.duckdb")
    assert own.value.code == "db.err.replica_not_copy"


@backend_specific
def test_an_unreachable_store_is_one_sentence_without_the_password(tmp_path):
    with pytest.raises(store.DatabaseUnavailable) as exc:
        _open("postgresql://outreach:s3cret@/nowhere?host=/tmp/no-such-socket-dir", tmp_path / "a.duckdb")
    assert exc.value.code == "db.err.store_unreachable"
    text = exc.value.message("zh")
    assert "s3cret" not in text and "无法连接共享数据库" in text


@backend_specific
def test_a_store_migrated_by_newer_code_is_refused_by_older_code(url, tmp_path):
    con = _open(url, tmp_path / "a.duckdb")
    con.close()
    shared_replica.forget(tmp_path / "a.duckdb")
    with psycopg.connect(url) as pg:
        pg.execute("UPDATE outreach_log SET app_schema = %s WHERE seq = 1", [store.latest_migration() + 1])
    with pytest.raises(store.DatabaseUnavailable) as exc:
        _open(url, tmp_path / "fresh.duckdb")
    assert exc.value.code == "db.err.store_newer"


@backend_specific
def test_the_command_line_imports_into_the_store_while_a_server_holds_its_copy(url, tmp_path):
    server = _open(url, tmp_path / "server.duckdb", follow=True)
    (tmp_path / "roster.xlsx").write_bytes(xlsx(ROSTER))
    env = {**os.environ, "OUTREACH_DB": url, "OUTREACH_REPLICA": str(tmp_path / "cli.duckdb")}
    done = subprocess.run([sys.executable, "-m", "outreach", "import", str(tmp_path / "roster.xlsx")],
                          cwd=store.ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    started = time.monotonic()
    while store.scalar(server.cursor(), "SELECT count(*) FROM members") != 6 and time.monotonic() - started < 5:
        time.sleep(0.05)
    assert store.scalar(server.cursor(), "SELECT count(*) FROM members") == 6


@backend_specific
def test_a_backup_restored_with_the_documented_commands_rebuilds_every_copy(pg_cluster, url, tmp_path):
    """docs/deployment.md's pg_dump / pg_restore pair: a new copy of the restored store holds the data."""
    con = _open(url, tmp_path / "a.duckdb")
    for rows, name in ((ROSTER, "roster.xlsx"), (JULY, "jul.xlsx"), (AUGUST, "aug.xlsx")):
        load.import_bytes(con, xlsx(rows), name)
    expected = store.scalar(con, "SELECT list(name ORDER BY name) FROM activity")
    backup = tmp_path / "outreach.dump"
    subprocess.run([str(BIN / "pg_dump"), "--format=custom", f"--file={backup}", url], check=True, timeout=60)
    restored = pg_cluster.create_database()
    subprocess.run([str(BIN / "pg_restore"), "--no-owner", f"--dbname={restored}", str(backup)],
                   check=True, timeout=60)
    schema = url.rsplit("search_path%3D", 1)[1]
    copy = _open(f"{restored}&options=-csearch_path%3D{schema}", tmp_path / "restored.duckdb")
    assert store.scalar(copy, "SELECT list(name ORDER BY name) FROM activity") == expected
    assert store.data_version(copy) == store.data_version(con)


def _publish_from_newer_code(url: str) -> None:
    """What the first server of a newer version leaves in the log: an entry of a schema we do not know."""
    from outreach.shared import log
    from outreach.shared.codec import Entry

    with log.connect(url) as pg:
        log.publish(pg, Entry(), store.latest_migration() + 1, {})


@backend_specific
def test_a_running_server_stops_at_newer_code_and_every_page_says_so(url, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    server = _open(url, tmp_path / "server.duckdb", follow=True)
    load.import_bytes(server, xlsx(ROSTER), "roster.xlsx")
    _publish_from_newer_code(url)
    started = time.monotonic()
    while store.replica_failure(server) is None and time.monotonic() - started < 5:
        time.sleep(0.05)
    assert store.replica_failure(server).code == "db.err.store_newer"
    with pytest.raises(store.DatabaseUnavailable, match="upgraded by a newer version"):
        load.import_bytes(server, xlsx(JULY), "jul.xlsx")  # no write on a copy that stopped following
    assert _activity_rows(server) == 0

    monkeypatch.setenv("OUTREACH_DB", url)
    monkeypatch.setenv("OUTREACH_REPLICA", str(tmp_path / "page.duckdb"))
    import ui.shell

    ui.shell._connection.clear()
    at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert [e.value for e in at.error] == [t_zh("db.err.store_newer", schema=store.latest_migration() + 1,
                                                known=store.latest_migration())]
    assert not at.metric  # no figures from a copy that cannot follow the store
    ui.shell._connection.clear()


def t_zh(key: str, **params) -> str:
    from outreach.i18n import t
    from ui.text import md_escape

    return md_escape(t(key, "zh", **params))


@backend_specific
def test_seed_moves_an_embedded_database_onto_an_empty_store_and_refuses_a_second_time(url, tmp_path, monkeypatch):
    from outreach import cli

    embedded = tmp_path / "own.duckdb"
    con = store.connect(embedded)
    for rows, name in ((ROSTER, "roster.xlsx"), (JULY, "jul.xlsx"), (AUGUST, "aug.xlsx")):
        load.import_bytes(con, xlsx(rows), name)
    load.undo(con, store.scalar(con, "SELECT max(batch_id) FROM batches"))  # August undone: kept as reverted
    con.close()

    assert cli.main(["seed", str(embedded)]) == 2  # no shared store named
    monkeypatch.setenv("OUTREACH_REPLICA", str(tmp_path / "cli.duckdb"))
    assert cli.main(["seed", str(embedded), "--db", url]) == 0
    assert cli.main(["seed", str(embedded), "--db", url]) == 2  # the store is no longer empty
    shared_replica.forget(tmp_path / "cli.duckdb")

    copy = _open(url, tmp_path / "server.duckdb")
    own = store.connect(embedded)
    for sql in ("SELECT count(*) FROM members", "SELECT sum(count) FROM activity",
                "SELECT list(status ORDER BY batch_id) FROM batches", "SELECT sum(actions) FROM agg_activity",
                "SELECT value FROM meta WHERE key = 'data_version'"):
        assert store.scalar(copy, sql) == store.scalar(own, sql), sql
    assert store.scalar(copy, "SELECT count(*) FROM activity") == 2  # July's two rows; August was undone
    # The next batch continues the source's numbering: its sequence came along.
    load.import_bytes(copy, xlsx(AUGUST), "aug-again.xlsx")
    assert store.scalar(copy, "SELECT max(batch_id) FROM batches") == 4
    own.close()


@backend_specific
def test_accounts_sessions_and_audit_live_in_the_store(url, tmp_path):
    """An account made on one server signs in on the other; failed attempts on both servers add up to
    one count (the lockout cannot be dodged by switching servers); a session opened on one is resumed on
    the other after a failover; every server's audit log holds every server's entries."""
    from outreach import accounts, sessions

    a = _open(url, tmp_path / "a.duckdb")
    b = _open(url, tmp_path / "b.duckdb")
    accounts.create_first_admin(a, "admin", "correct horse 1")
    for i in range(4):  # wrong passwords, alternating servers; each write first replays the other's
        assert not accounts.login(a if i % 2 else b, "admin", "wrong").ok
    for con in (a, b):
        _catch_up(con)
        assert store.scalar(con, "SELECT failed_count FROM users WHERE name = 'admin'") == 4
    result = accounts.login(b, "admin", "correct horse 1")
    assert result.ok
    token = sessions.open_session(b, result.viewer, "password")
    _catch_up(a)
    viewer, why = sessions.resume(a, token)
    assert (viewer.name, why) == ("admin", None)
    for con in (a, b):
        _catch_up(con)
        actions = [r[0] for r in con.execute("SELECT action FROM audit_log ORDER BY log_id").fetchall()]
        assert actions.count("login_failed") == 4 and actions.count("login_ok") == 1
