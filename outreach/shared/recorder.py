"""The connection a write runs on when the store is shared: it runs every call on the local replica as
usual and writes it down, so that every other server can replay the same transaction.

Replaying is only the same write when every statement is deterministic given the data. A statement that
asks the clock or a random source would give each server a different answer, so it is refused here
(the time comes from Python, as a parameter, and is logged with it). Column DEFAULTs in DDL are not
calls and pass. Methods that would write without going through ``execute`` are not offered at all."""

from __future__ import annotations

import re
from contextlib import suppress

import duckdb
import pyarrow as pa

from outreach.shared.codec import Entry, Op, decode_params, encode_params

_NONDETERMINISTIC = re.compile(
    r"(?<!DEFAULT )\b(current_timestamp|current_date|current_time|localtimestamp|now\s*\(|today\s*\(|"
    r"get_current_time|random\s*\(|uuid\s*\(|gen_random_uuid|setseed)", re.IGNORECASE)


class NondeterministicWrite(RuntimeError):
    """A statement in a shared-store write whose result depends on the server that runs it."""


def check_deterministic(sql: str) -> None:
    match = _NONDETERMINISTIC.search(sql)
    if match:
        raise NondeterministicWrite(
            f"{match.group(1)!r} in a write: pass the value as a parameter so every server replays the "
            f"same write")


class RecordingConnection:
    """A stand-in for the DuckDB connection inside :func:`outreach.store.run_write`."""

    # Reading a result: nothing to record.
    _PASS = frozenset({"fetchall", "fetchone", "fetchmany", "fetchdf", "df", "fetchnumpy", "to_arrow_table",
                       "to_arrow_reader", "description", "rowcount", "pl"})

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self.entry = Entry()

    def execute(self, sql: str, params: object = None) -> RecordingConnection:
        check_deterministic(sql)
        op = Op("execute", sql=sql, params=encode_params(params))
        self._con.execute(sql, params) if params is not None else self._con.execute(sql)
        self.entry.ops.append(op)
        return self

    def executemany(self, sql: str, rows: object) -> RecordingConnection:
        check_deterministic(sql)
        rows = [list(r) for r in rows]
        op = Op("executemany", sql=sql, params=[encode_params(r) for r in rows])
        self._con.executemany(sql, rows)
        self.entry.ops.append(op)
        return self

    def register(self, name: str, frame: object) -> RecordingConnection:
        self._con.register(name, frame)
        # An Arrow table is logged as it is (a replay reads the same table); anything else (a pandas
        # frame) as what DuckDB read from it, typed as DuckDB typed it.
        table = frame if isinstance(frame, pa.Table) else \
            self._con.sql(f'SELECT * FROM "{name}"').to_arrow_table()  # name: our own identifier
        self.entry.frames.append(table)
        self.entry.ops.append(Op("register", name=name, frame=len(self.entry.frames) - 1))
        return self

    def unregister(self, name: str) -> RecordingConnection:
        self._con.unregister(name)
        self.entry.ops.append(Op("unregister", name=name))
        return self

    def cursor(self) -> RecordingConnection:
        return self  # one transaction: a helper that takes a cursor stays inside it, and is recorded

    def __getattr__(self, name: str):
        if name in self._PASS:
            return getattr(self._con, name)
        raise AttributeError(f"{name!r} is not offered inside a shared-store write (it would not be replayed)")


def replay(con: duckdb.DuckDBPyConnection, entry: Entry) -> None:
    """Run a logged write's calls on ``con`` (inside the caller's transaction)."""
    registered: list[str] = []
    try:
        for op in entry.ops:
            if op.kind == "execute":
                params = decode_params(op.params)
                con.execute(op.sql, params) if params is not None else con.execute(op.sql)
            elif op.kind == "executemany":
                con.executemany(op.sql, [decode_params(r) for r in op.params])
            elif op.kind == "register":
                con.register(op.name, entry.frames[op.frame])
                registered.append(op.name)
            elif op.kind == "unregister":
                con.unregister(op.name)
            else:  # pragma: no cover - a log written by a newer version
                raise ValueError(f"unknown op {op.kind!r}")
    finally:
        for name in registered:
            with suppress(duckdb.Error):
                con.unregister(name)
