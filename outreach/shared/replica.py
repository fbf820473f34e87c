"""A server's local copy of the shared store: a DuckDB file that every page reads at DuckDB's speed,
kept level with the PostgreSQL log (outreach.shared.log) by replaying the writes of every server.

- Reading never touches PostgreSQL.
- A write takes the store's lock, replays what it has not seen yet, runs on the replica through a
  :class:`RecordingConnection`, publishes the entry and then commits locally.
- A follower thread replays other servers' writes within ``OUTREACH_SYNC_SECONDS`` (0.5 s by default);
  the data version moves with them, so every cache keyed by it sees the new data.

After each replayed entry the replica compares its fingerprint (the data version and every table's row
count) with the one the writer logged: a replica that no longer matches stops following and says so,
instead of serving figures that no other server shows."""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable
from contextlib import nullcontext, suppress
from pathlib import Path
from typing import TypeVar

import duckdb

from outreach.shared import log
from outreach.shared.recorder import RecordingConnection, replay
from outreach.store_errors import DatabaseUnavailable, WriteFailed

T = TypeVar("T")
_LOG = logging.getLogger(__name__)
STATE_TABLE = "_replica_state"  # local only: which store this file copies and how far it has replayed
_REGISTRY: dict[str, Replica] = {}
_REGISTRY_LOCK = threading.Lock()


def sync_seconds() -> float:
    raw = os.environ.get("OUTREACH_SYNC_SECONDS", "").strip()
    try:
        return max(0.05, float(raw)) if raw else 0.5
    except ValueError:
        return 0.5


def database_path(con: duckdb.DuckDBPyConnection) -> str | None:
    rows = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return rows[0][0] if rows and rows[0][0] else None


def replica_of(con: duckdb.DuckDBPyConnection) -> Replica | None:
    """The replica ``con`` is open on, or None for a database of its own (the embedded file)."""
    if not _REGISTRY:
        return None
    path = database_path(con)
    return _REGISTRY.get(str(Path(path).resolve())) if path else None


def forget(path: Path) -> None:
    """Stop treating ``path`` as a replica in this process (its connection was closed)."""
    with _REGISTRY_LOCK:
        replica = _REGISTRY.pop(str(Path(path).resolve()), None)
    if replica is not None:
        replica._stop.set()


def data_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The database's own tables, by name: every table of the main schema but this copy's bookkeeping."""
    rows = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary "
                       f"AND table_name <> '{STATE_TABLE}' ORDER BY table_name").fetchall()
    return [r[0] for r in rows]


@atexit.register
def stop_following() -> None:
    """Followers hold DuckDB cursors: let them go before the interpreter tears DuckDB down (and, in
    tests, before the throw-away PostgreSQL they poll stops)."""
    with _REGISTRY_LOCK:
        replicas = list(_REGISTRY.values())
    for replica in replicas:
        replica._stop.set()
    for replica in replicas:
        if replica._follower is not None:
            replica._follower.join(2)


class Replica:
    def __init__(self, url: str, path: Path, store_id: str, known_schema: int,
                 lock: threading.RLock, on_applied: Callable[[], object]) -> None:
        self.url, self.path, self.store_id = url, path, store_id
        self.known_schema = known_schema
        self._lock = lock
        self._on_applied = on_applied
        self._stop = threading.Event()
        self._follower: threading.Thread | None = None
        self.failure: DatabaseUnavailable | None = None

    # --- opening ----------------------------------------------------------------------------------
    def bind(self, con: duckdb.DuckDBPyConnection) -> None:
        """Mark the local file as this store's copy (a fresh file), or check that it is."""
        con.execute(f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (store_id VARCHAR NOT NULL, seq BIGINT NOT NULL)")
        rows = con.execute(f"SELECT store_id, seq FROM {STATE_TABLE}").fetchall()
        if not rows:
            tables = con.execute("SELECT count(*) FROM duckdb_tables() WHERE NOT internal AND NOT temporary "
                                 f"AND table_name <> '{STATE_TABLE}'").fetchone()[0]
            if tables:  # an embedded database given as a replica would be overwritten by the store's rows
                raise DatabaseUnavailable("db.err.replica_not_copy", path=self.path)
            con.execute(f"INSERT INTO {STATE_TABLE} VALUES (?, 0)", [self.store_id])
        elif rows[0][0] != self.store_id:
            raise DatabaseUnavailable("db.err.replica_other_store", path=self.path)
        with log.connect(self.url, autocommit=True) as pg:
            if self.local_seq(con) > log.head(pg):  # the store was restored from an older backup
                raise DatabaseUnavailable("db.err.replica_ahead", path=self.path)
        with _REGISTRY_LOCK:
            _REGISTRY[str(self.path.resolve())] = self

    @staticmethod
    def local_seq(con: duckdb.DuckDBPyConnection) -> int:
        return int(con.execute(f"SELECT seq FROM {STATE_TABLE}").fetchone()[0])

    # --- replaying --------------------------------------------------------------------------------
    def fingerprint(self, con: duckdb.DuckDBPyConnection) -> dict:
        names = data_tables(con)
        counts = {}
        if names:  # names come from DuckDB's own catalog; quoted as identifiers
            sql = " UNION ALL ".join(f"SELECT '{n}', count(*) FROM main.\"{n}\"" for n in names)
            counts = dict(con.execute(sql).fetchall())
        version = None
        if "meta" in counts:
            rows = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchall()
            version = rows[0][0] if rows else None
        return {"data_version": version, "rows": counts}

    def catch_up(self, con: duckdb.DuckDBPyConnection) -> int:
        """Replay every entry newer than this replica, each in its own local transaction. Returns how
        many were applied. Caller holds the process's write lock."""
        if self.failure is not None:
            raise self.failure
        applied = 0
        with log.connect(self.url) as pg:
            while True:
                batch = list(log.read_since(pg, self.local_seq(con)))
                if not batch:
                    break
                for seq, app_schema, entry, expected in batch:
                    if app_schema > self.known_schema:  # sticky: this server serves nothing stale
                        self.failure = DatabaseUnavailable("db.err.store_newer", schema=app_schema,
                                                           known=self.known_schema)
                        raise self.failure
                    self._apply(con, seq, entry, expected)
                    applied += 1
            pg.rollback()
        if applied:
            self._on_applied()
        return applied

    def _apply(self, con: duckdb.DuckDBPyConnection, seq: int, entry, expected: dict) -> None:
        con.execute("BEGIN TRANSACTION")
        try:
            replay(con, entry)
            con.execute(f"UPDATE {STATE_TABLE} SET seq = ?", [seq])
            found = self.fingerprint(con)
            if found != expected:
                self.failure = DatabaseUnavailable("db.err.replica_diverged", path=self.path, seq=seq)
                _LOG.error("replica %s diverged at log entry %s", self.path.name, seq)
                raise self.failure
            con.execute("COMMIT")
        except BaseException:
            with suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise

    # --- writing ----------------------------------------------------------------------------------
    def write(self, con: duckdb.DuckDBPyConnection, fn: Callable[[RecordingConnection], T], *, keep: bool,
              wait: float, on_wait: Callable[[], object] | None) -> T:
        """``fn`` as one write of the whole store (see the module docstring). ``keep=False``: computed
        on the caught-up replica and rolled back, without the store's lock (a preview)."""
        try:
            turn = log.write_turn(self.url, self.store_id, wait, on_wait) if keep else nullcontext()
            with turn as pg:
                self.catch_up(con)
                return self._run(con, fn, pg)
        except log.LockWait:
            raise WriteFailed("db.err.write_wait", minutes=max(1, round(wait / 60))) from None

    def _run(self, con, fn, pg) -> T:
        con.execute("BEGIN TRANSACTION")
        recorder = RecordingConnection(con)
        try:
            result = fn(recorder)
            if pg is None:
                con.execute("ROLLBACK")
                return result
            if recorder.entry.ops:
                schema = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
                seq = log.publish(pg, recorder.entry, int(schema), self.fingerprint(con))
                con.execute(f"UPDATE {STATE_TABLE} SET seq = ?", [seq])
        except BaseException:
            with suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        try:
            con.execute("COMMIT")
        except duckdb.Error:  # published but not committed here: replay it from the log like any other
            with suppress(duckdb.Error):
                con.execute("ROLLBACK")
            self.catch_up(con)
        return result

    # --- following other servers ------------------------------------------------------------------
    def follow(self, con: duckdb.DuckDBPyConnection) -> None:
        """Start the thread that replays other servers' writes (the dashboard's; a command just
        catches up when it opens)."""
        if self._follower is not None:
            return
        cursor = con.cursor()
        self._follower = threading.Thread(target=self._follow, args=(cursor,), name="outreach-follower",
                                          daemon=True)
        self._follower.start()

    def _follow(self, cursor: duckdb.DuckDBPyConnection) -> None:
        pg, away = None, False
        while not self._stop.wait(sync_seconds()):
            try:
                pg = pg or log.connect(self.url, autocommit=True)
                head = log.head(pg)
                if away:
                    _LOG.warning("shared store reachable again")
                    away = False
                if head <= self.local_seq(cursor):
                    continue
                if self._lock.acquire(blocking=False):  # a local writer catches up by itself
                    try:
                        self.catch_up(cursor)
                    finally:
                        self._lock.release()
            except duckdb.ConnectionException:  # the process closed its connection: stop following
                return
            except DatabaseUnavailable:
                return  # self.failure says why: every write refuses with it, and every page shows it
            except Exception as exc:  # PostgreSQL away for a moment: try again at the next tick
                if not away:  # once per outage, not every tick
                    _LOG.warning("shared store unreachable: %s", type(exc).__name__)
                    away = True
                with suppress(Exception):
                    pg.close() if pg is not None else None
                pg = None

    def close(self) -> None:
        self._stop.set()
        with _REGISTRY_LOCK:
            _REGISTRY.pop(str(self.path.resolve()), None)
