"""The shared-store side of the ``store_backend`` parameter (tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from outreach import store
from outreach.shared import replica as shared_replica
from tests import pg_cluster

_REAL_CONNECT = store.connect
DATABASE = "outreach_tests"


def backends() -> list[str]:
    """Both, wherever PostgreSQL is installed; in CI (CI=true) its absence is a failure, not a skip."""
    if pg_cluster.available():
        return ["file", "shared"]
    if os.environ.get("CI"):
        raise RuntimeError("PostgreSQL is not installed: scripts/test.sh installs it for the shared-store runs")
    return ["file"]


def backend_specific(test):
    """For a test about one backend itself (the embedded file's path, lock or copy; the shared store's
    servers): one run, on the store the test opens itself."""
    test._backend_specific = True
    return test


class Router:
    """``store.connect`` for a shared run: a file path becomes the local copy of a store of its own."""

    def __init__(self, cluster: pg_cluster.Cluster, scratch: Path) -> None:
        self.cluster, self.scratch = cluster, scratch
        self.stores: dict[str, str] = {}

    def connect(self, path=None, read_only=False, wait=None, replica_role="cli", follow=False, replica=None):
        if store.shared_url(path) is not None:
            return _REAL_CONNECT(path, read_only, wait, replica_role, follow, replica)
        target = store.db_path(path)
        if str(target) == ":memory:" or read_only:
            return _REAL_CONNECT(path, read_only, wait)
        key = str(target.absolute())
        if key not in self.stores:
            if target.exists() and not _is_replica(target):
                return _REAL_CONNECT(path, read_only, wait)  # a file made before the test: not a store's copy
            self.stores[key] = self.cluster.create_schema(DATABASE)
        return _REAL_CONNECT(self.stores[key], wait=wait, follow=follow, replica=target)

    def check_replays(self) -> None:
        """Every store the test wrote, replayed from its log into a new copy, equals the test's copy."""
        for n, (path, url) in enumerate(self.stores.items()):
            fresh = self.scratch / f"replay-{n}.duckdb"
            con = _REAL_CONNECT(url, replica=fresh)
            con.close()
            shared_replica.forget(fresh)
            if Path(path).exists():
                _assert_same(Path(path), fresh)


def _is_replica(path: Path) -> bool:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                                [shared_replica.STATE_TABLE]).fetchone()[0])
    finally:
        con.close()


def _assert_same(copy: Path, fresh: Path) -> None:
    db = duckdb.connect()
    try:
        try:
            db.execute(f"ATTACH '{copy}' AS a (READ_ONLY)")
        except duckdb.Error:
            return  # the test still holds its copy open in this process; the replay's fingerprints were checked
        db.execute(f"ATTACH '{fresh}' AS b (READ_ONLY)")
        seq_a = db.execute(f"SELECT seq FROM a.{shared_replica.STATE_TABLE}").fetchone()[0]
        seq_b = db.execute(f"SELECT seq FROM b.{shared_replica.STATE_TABLE}").fetchone()[0]
        if seq_a != seq_b:  # the test's copy stopped before the last write (it was closed first)
            return
        names = [r[0] for r in db.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'a' AND schema_name = 'main' "
            "AND table_name <> ? ORDER BY 1", [shared_replica.STATE_TABLE]).fetchall()]
        for name in names:
            for left, right in (("a", "b"), ("b", "a")):
                extra = db.execute(f'SELECT count(*) FROM (SELECT * FROM {left}."{name}" EXCEPT ALL '
                                   f'SELECT * FROM {right}."{name}")').fetchone()[0]
                assert extra == 0, f"{name}: {extra} rows of the {left} copy are not in the other after replay"
    finally:
        db.close()
