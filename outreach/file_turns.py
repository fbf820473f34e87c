"""Opening and closing a DuckDB file: one process at a time for a given file.

DuckDB 2.0.0 reads a database file's headers before it locks the file: strace shows an O_RDONLY open
and a 12,288-byte read of the headers, then the O_RDWR open and the F_SETLK. A process that opens the
file while another closes it can therefore read the headers from before the closer's last checkpoint,
win the lock a moment later, and carry on from that older state. The closer's last commit is then
lost, after the closer had reported it done. Ten `outreach import` commands started at once lost a
whole batch this way in CI. A script of plain DuckDB, ten fresh processes each committing one insert
and closing, lost a commit within 8-13 rounds of ten, three tries out of three; with an flock around
each open and each close it kept all 300 commits of 30 rounds.

So an open and a close of the same file never overlap. Both hold an flock on a sidecar file,
``<database>.lock``, for as long as the open or the close takes. A session that committed nothing
writes nothing when it closes (strace again), so a dropped read-only connection needs no turn. A
command keeps what it opened until it ends and then closes each one in its turn (:func:`closed_at_end`).
Whatever else is still open when a process exits is closed the same way (``atexit``).
"""

from __future__ import annotations

import atexit
import fcntl
import os
import random
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

TURN_WAIT = 120.0  # seconds; a turn lasts one open or one close (a big close checkpoints: seconds)
_open: dict[int, tuple[weakref.ref, Path]] = {}  # id(connection) -> (the connection, its file)
_kept: list[duckdb.DuckDBPyConnection] | None = None  # a command's connections (closed_at_end)
_registry_lock = threading.Lock()
_held = threading.local()  # the files whose turn this thread holds: a nested turn must not wait on itself


class TurnTimeout(Exception):
    """Another process's open or close of the file took longer than TURN_WAIT."""


def sidecar(target: Path) -> Path:
    return target.with_name(target.name + ".lock")


def _sidecar_fd(target: Path) -> int | None:
    """The lock file, opened; None where it can neither be made nor read (a folder this process may
    not write in: it cannot commit there either, so it has no close to protect, and its open risks
    no more than a stale read)."""
    for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
        try:
            return os.open(sidecar(target), flags | os.O_CLOEXEC, 0o644)
        except OSError:
            continue
    return None


@contextmanager
def turn(target: Path, timeout: float | None = None) -> Iterator[None]:
    """This process's turn to open or close ``target``; :class:`TurnTimeout` after ``timeout`` seconds
    (default TURN_WAIT)."""
    key = str(Path(target).absolute())
    if not hasattr(_held, "files"):
        _held.files = set()
    held: set[str] = _held.files
    if key in held:
        yield
        return
    fd = _sidecar_fd(Path(key))
    if fd is None:
        yield
        return
    try:
        deadline = time.monotonic() + (TURN_WAIT if timeout is None else timeout)
        pause = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() + pause > deadline:
                    raise TurnTimeout(key) from None
                time.sleep(pause * (0.5 + random.random()))
                pause = min(pause * 2, 0.1)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
    finally:
        os.close(fd)  # releases the flock; the sidecar stays, empty, for the next turn


def track(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Remember which file ``con`` has open, so that :func:`close` (and the exit) take its turn."""
    key = id(con)

    def forget(_ref: weakref.ref) -> None:
        with _registry_lock:
            if _open.get(key, (None,))[0] is _ref:
                del _open[key]

    with _registry_lock:
        _open[key] = (weakref.ref(con, forget), Path(target).absolute())
        if _kept is not None:
            _kept.append(con)


def close(con: duckdb.DuckDBPyConnection) -> None:
    """Close ``con`` in its file's turn (a connection to no file, or already closed, just closes)."""
    with _registry_lock:
        entry = _open.pop(id(con), None)
    if entry is None or entry[0]() is not con:
        con.close()
        return
    try:
        with turn(entry[1]):
            con.close()
    except TurnTimeout:  # another process stuck in an open for minutes: closing anyway beats never closing
        con.close()


def close_all() -> None:
    """Close every connection this process still has open, each in its turn."""
    with _registry_lock:
        live = [con for ref, _ in _open.values() if (con := ref()) is not None]
    for con in live:
        close(con)


@contextmanager
def closed_at_end() -> Iterator[None]:
    """For a command: every file opened inside stays open until the block ends, and is then closed in
    its turn. Without it a connection the command dropped would be closed by the garbage collector,
    outside any turn."""
    global _kept
    previous, _kept = _kept, []
    try:
        yield
    finally:
        kept, _kept = _kept, previous
        for con in kept:
            close(con)


atexit.register(close_all)
