"""The shared store's PostgreSQL side: an ordered log of committed writes.

Every write takes one advisory lock for the whole store, so writes from all servers form one order and
``seq`` has no gaps. A write's entry is committed to PostgreSQL before the writing server commits its
own replica: a crash between the two leaves that replica behind, never ahead (it replays the entry)."""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg

from outreach.shared.codec import Entry, dump_frame, dump_ops, load_frame, load_ops

LOCK_CLASS = 0x6F757472  # "outr"; with the store's own number: one advisory lock per store, so several
# stores may share a PostgreSQL database (each in its own schema, by search_path in the URL)
FORMAT = 1  # of the log tables below; a newer format is refused by older code

SCHEMA = """
CREATE TABLE IF NOT EXISTS outreach_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outreach_log (
    seq BIGINT PRIMARY KEY,
    written_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    origin TEXT NOT NULL,
    app_schema INTEGER NOT NULL,
    ops BYTEA NOT NULL,
    fingerprint JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS outreach_log_frames (
    seq BIGINT NOT NULL REFERENCES outreach_log (seq),
    idx INTEGER NOT NULL,
    ipc BYTEA NOT NULL,
    PRIMARY KEY (seq, idx)
);
"""


class LockWait(Exception):
    """The store's write lock stayed taken for longer than the caller would wait."""


def origin() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def connect(url: str, autocommit: bool = False) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=autocommit, connect_timeout=10)


def ensure_schema(url: str) -> str:
    """Create the log tables on first use; returns the store's id (a replica remembers which store it
    copies, and will not follow another)."""
    with connect(url) as pg:
        pg.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", [LOCK_CLASS])
        pg.execute(SCHEMA)
        row = pg.execute("SELECT value FROM outreach_store WHERE key = 'format'").fetchone()
        if row is not None and int(row[0]) > FORMAT:
            raise RuntimeError(f"shared store format {row[0]} is newer than this program's {FORMAT}")
        pg.execute("INSERT INTO outreach_store VALUES ('format', %s), ('store_id', %s) ON CONFLICT DO NOTHING",
                   [str(FORMAT), uuid.uuid4().hex])
        store_id = pg.execute("SELECT value FROM outreach_store WHERE key = 'store_id'").fetchone()[0]
    return store_id


def head(pg: psycopg.Connection) -> int:
    return int(pg.execute("SELECT coalesce(max(seq), 0) FROM outreach_log").fetchone()[0])


def read_since(pg: psycopg.Connection, after: int, limit: int = 50) -> Iterator[tuple[int, int, Entry, dict]]:
    """Entries after ``after`` in order: (seq, app schema, entry, fingerprint)."""
    rows = pg.execute("SELECT seq, app_schema, ops, fingerprint FROM outreach_log WHERE seq > %s "
                      "ORDER BY seq LIMIT %s", [after, limit]).fetchall()
    for seq, app_schema, ops, fingerprint in rows:
        frames = pg.execute("SELECT ipc FROM outreach_log_frames WHERE seq = %s ORDER BY idx", [seq]).fetchall()
        entry = Entry(ops=load_ops(bytes(ops)), frames=[load_frame(bytes(f[0])) for f in frames])
        yield seq, app_schema, entry, fingerprint


def lock_number(store_id: str) -> int:
    return int(store_id[:8], 16) - 2**31  # PostgreSQL's int4


@contextmanager
def write_turn(url: str, store_id: str, wait: float,
               on_wait: Callable[[], object] | None = None) -> Iterator[psycopg.Connection]:
    """A PostgreSQL transaction holding the store's write lock. Released (and anything unpublished
    rolled back) when the block ends or the process dies: PostgreSQL drops a dead client's locks."""
    pg = connect(url)
    try:
        deadline, told, pause = time.monotonic() + wait, False, 0.02
        key = [LOCK_CLASS, lock_number(store_id)]
        while not pg.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", key).fetchone()[0]:
            if not told and on_wait is not None:
                on_wait()
                told = True
            if time.monotonic() > deadline:
                raise LockWait()
            time.sleep(pause)
            pause = min(pause * 2, 0.25)
        yield pg
    finally:
        pg.rollback()  # a no-op after publish() committed
        pg.close()


def publish(pg: psycopg.Connection, entry: Entry, app_schema: int, fingerprint: dict) -> int:
    """Append ``entry`` after the head and commit; returns its seq. Called holding the write turn."""
    seq = head(pg) + 1
    pg.execute("INSERT INTO outreach_log (seq, origin, app_schema, ops, fingerprint) VALUES (%s, %s, %s, %s, %s)",
               [seq, origin(), app_schema, dump_ops(entry.ops), json.dumps(fingerprint)])
    with pg.cursor() as cur:
        cur.executemany("INSERT INTO outreach_log_frames VALUES (%s, %s, %s)",
                        [(seq, i, dump_frame(t)) for i, t in enumerate(entry.frames)])
    pg.commit()
    return seq
