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
    with store.write_lock():
        assert shared_replica.replica_of(b).catch_up(b) == 2
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
        with store.write_lock():
            shared_replica.replica_of(con).catch_up(con)
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
