"""The DuckDB file: where it is, opening it, and bringing its schema up to date."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import itertools
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import duckdb

from outreach import file_turns
from outreach.shared import replica as shared_replica
from outreach.store_errors import DatabaseUnavailable, StoreError, WriteFailed

__all__ = ["DatabaseUnavailable", "StoreError", "WriteFailed"]  # raised here, defined in store_errors

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_DB = ROOT / "data" / "outreach.duckdb"
# DuckDB's own default is 80 % of RAM: at a million members a few uncached page runs grew the server
# to 5.7 GB. With 1 GB the big scans spill to a temp folder beside the file instead (bench/RESULTS.md).
DEFAULT_MEMORY_LIMIT = "1GB"
_MEMORY = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


def location(path: str | os.PathLike | None = None) -> str:
    """Where the data lives, as given: an explicit path or URL, else $OUTREACH_DB, else
    data/outreach.duckdb. A ``postgresql://`` URL names a shared store (outreach.shared)."""
    return str(path or os.environ.get("OUTREACH_DB", "").strip() or DEFAULT_DB)


def shared_url(path: str | os.PathLike | None = None) -> str | None:
    """The shared store's URL when :func:`location` is one, else None (the embedded file)."""
    given = location(path)
    return given if given.startswith(("postgresql://", "postgres://")) else None


def redacted(url: str) -> str:
    """The URL without its password: what messages may show."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username
    return urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host))


def replica_path(url: str, role: str = "cli") -> Path:
    """This process's local copy of the shared store at ``url``: $OUTREACH_REPLICA, else one file per
    store and role under data/replicas (a server per port, the commands one between them)."""
    given = os.environ.get("OUTREACH_REPLICA", "").strip()
    if given:
        return Path(given).expanduser()
    digest = hashlib.sha256(redacted(url).encode("utf-8")).hexdigest()[:12]
    return DEFAULT_DB.parent / "replicas" / f"{digest}-{role}.duckdb"


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The local database file this process opens: the embedded file (an explicit path, else
    $OUTREACH_DB, else data/outreach.duckdb), or with a shared store the commands' copy of it."""
    url = shared_url(path)
    return replica_path(url) if url else Path(location(path)).expanduser()


def _is_default(target: Path) -> bool:
    return target.absolute() == DEFAULT_DB.absolute()


def create_folder(path: str | os.PathLike | None = None) -> Path | None:
    """Create the database file's folder when it does not exist yet (the ``demo`` and ``import``
    commands do, and say so). Returns the folder created, or None when there was nothing to create;
    raises :class:`DatabaseUnavailable` when it cannot be created."""
    target = db_path(path)
    folder = target.absolute().parent
    if str(target) == ":memory:" or folder.is_dir():
        return None
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        raise DatabaseUnavailable("db.err.unwritable", path=target.absolute(),
                                  reason=exc.strerror or type(exc).__name__) from exc
    return folder


def _check_place(target: Path) -> None:
    """Refuse a folder given as the file, and a file whose folder does not exist (it is created only
    for the default path, on the app's first start; ``demo`` and ``import`` call :func:`create_folder`)."""
    if target.is_dir():
        raise DatabaseUnavailable("db.err.directory", path=target.absolute())
    folder = target.absolute().parent
    if folder.is_dir():
        return
    if _is_default(target) and not folder.exists():
        create_folder(target)
        return
    raise DatabaseUnavailable("db.err.no_folder", path=target.absolute(), folder=folder)


def _refusal(target: Path, existed: bool, exc: duckdb.Error) -> DatabaseUnavailable | None:
    """What a DuckDB error while opening ``target`` says about the file; None when another process
    holds it (:func:`connect` waits, or says who: :func:`_in_use`)."""
    text, target = str(exc), target.absolute()
    if _is_lock_error(text):
        return None
    if "Permission denied" in text or "Read-only file system" in text:
        reason = "Permission denied" if "Permission denied" in text else "Read-only file system"
        return DatabaseUnavailable("db.err.unwritable", path=target, reason=reason)
    if existed:
        return DatabaseUnavailable("db.err.not_duckdb", path=target)
    return DatabaseUnavailable("db.err.unwritable", path=target, reason=text.split(": ", 1)[-1][:200])


def _foreign(con: duckdb.DuckDBPyConnection) -> bool:
    """A DuckDB file with tables of its own and none of ours: another program's database."""
    tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    tables.discard(shared_replica.STATE_TABLE)  # a shared store's copy that has not replayed anything yet
    return bool(tables) and "schema_version" not in tables


def memory_limit() -> str:
    """DuckDB's memory cap for this process: $OUTREACH_MEMORY_LIMIT (e.g. 4GB), else 1GB."""
    value = os.environ.get("OUTREACH_MEMORY_LIMIT", "").strip() or DEFAULT_MEMORY_LIMIT
    if not _MEMORY.fullmatch(value):
        raise ValueError(f"OUTREACH_MEMORY_LIMIT must be a size such as 1GB or 512MB, not {value!r}")
    return value


# --- another process holding the file ------------------------------------------------------------
# DuckDB lets one process at a time open a file for writing, and it keeps the file for as long as it is
# open: the dashboard for its whole life (ui/shell.py keeps one connection), a command until it ends.
# A command waits for another command to finish (up to $OUTREACH_DB_WAIT seconds, 30 by default); the
# dashboard will not let go, so a command facing it is refused at once, in one sentence saying what
# to do. The dashboard itself does not wait (set_open_wait is the CLI's).
DEFAULT_OPEN_WAIT = 30.0
_open_wait = 0.0
_LOCK_PID = re.compile(r"\(PID (\d+)\)")


def open_wait_from_env() -> float:
    """$OUTREACH_DB_WAIT (seconds), else 30; a value that is not a number counts as the default."""
    raw = os.environ.get("OUTREACH_DB_WAIT", "").strip()
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_OPEN_WAIT
    except ValueError:
        return DEFAULT_OPEN_WAIT


def set_open_wait(seconds: float) -> float:
    """How long :func:`connect` keeps trying while another command holds the file (the CLI: 30 s).
    Returns the previous setting, to put back."""
    global _open_wait
    previous, _open_wait = _open_wait, max(0.0, float(seconds))
    return previous


def _is_lock_error(text: str) -> bool:
    return "Could not set lock" in text or "Conflicting lock" in text


def holder_kind(pid: int | None) -> str:
    """What holds the file: ``dashboard`` (a Streamlit server), ``command`` (another
    ``python -m outreach``) or ``other`` (anything else, or a process we cannot look at)."""
    if pid is None:
        return "other"
    try:
        argv = [a.decode("utf-8", "replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if a]
    except OSError:  # not Linux, gone, or not ours to look at
        return "other"
    names = [Path(a).name for a in argv]
    if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
        return "dashboard"
    if any(a == "-m" and b in ("outreach", "outreach.cli") for a, b in itertools.pairwise(argv)) or \
            any(a.replace("\\", "/").endswith("outreach/__main__.py") for a in argv):
        return "command"
    return "other"


def _in_use(target: Path, exc: duckdb.Error) -> DatabaseUnavailable:
    match = _LOCK_PID.search(str(exc))
    pid = int(match.group(1)) if match else None
    kind = holder_kind(pid)
    return DatabaseUnavailable(f"db.err.in_use_{kind}", path=target.absolute(), pid=pid if pid is not None else "?")


def _open_file(target: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, waiting (with backoff) up to ``wait`` seconds while another command holds the
    file; a dashboard holding it is reported at once. A place refused for what it is (not a database of
    ours, not writable) is left without the lock file its open made beside it."""
    lock_existed = file_turns.sidecar(target).exists()
    try:
        return _open_waiting(target, read_only, wait)
    except DatabaseUnavailable as refusal:
        if not lock_existed and not refusal.code.startswith("db.err.in_use"):
            file_turns.sidecar(target).unlink(missing_ok=True)
        raise


def _open_waiting(target: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        existed = target.exists()
        try:
            with file_turns.turn(target):  # never while another process closes it (outreach.file_turns)
                con = duckdb.connect(str(target), read_only=read_only)
        except file_turns.TurnTimeout:
            raise DatabaseUnavailable("db.err.in_use_other", path=target.absolute(), pid="?") from None
        except duckdb.Error as exc:
            refusal = _refusal(target, existed, exc)
            if refusal is not None:
                raise refusal from exc
            busy = _in_use(target, exc)
            if busy.code == "db.err.in_use_dashboard" or time.monotonic() + pause > deadline:
                raise busy from exc
            time.sleep(pause * (0.5 + random.random()))  # jitter: waiting commands do not all retry at once
            pause = min(pause * 2, 0.5)
            continue
        try:
            foreign = existed and _foreign(con)
        except duckdb.Error as exc:  # opened, but its catalog cannot be read: a damaged file
            con.close()
            raise (_refusal(target, existed, exc) or _in_use(target, exc)) from exc
        if foreign:
            con.close()
            raise DatabaseUnavailable("db.err.not_duckdb", path=target.absolute())
        file_turns.track(con, target)
        return con


def connect(path: str | os.PathLike | None = None, read_only: bool = False,
            wait: float | None = None, replica_role: str = "cli", follow: bool = False,
            replica: str | os.PathLike | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating the file if needed) the database, cap its memory and apply pending migrations.

    Raises :class:`DatabaseUnavailable` when the path cannot hold the database: a folder, a file that
    is not one of our DuckDB databases (or is damaged), a folder that does not exist (only the default
    path's folder is created here), or a place that cannot be written; and when another process holds
    the file (``db.err.in_use_*``, naming it) — after waiting up to ``wait`` seconds (default: what
    :func:`set_open_wait` set, 0 unless the CLI set it) for a command to finish.

    A ``postgresql://`` location opens this process's copy of the shared store instead (see
    :func:`_connect_shared`): ``replica`` (else :func:`replica_path`), kept level with other servers'
    writes by a thread when ``follow`` (the dashboard)."""
    url = shared_url(path)
    if url is not None:
        target = Path(replica).expanduser() if replica is not None else replica_path(url, replica_role)
        return _connect_shared(url, target, _open_wait if wait is None else wait, follow)
    target = db_path(path)
    limit = memory_limit()
    if str(target) != ":memory:":
        _check_place(target)
        con = _open_file(target, read_only, _open_wait if wait is None else wait)
    else:
        con = duckdb.connect(str(target), read_only=read_only)
    con.execute(f"SET memory_limit = '{limit}'")  # checked by memory_limit()'s pattern: no quote can pass
    if not read_only:
        migrate(con)
    return con


def _connect_shared(url: str, target: Path, wait: float, follow: bool) -> duckdb.DuckDBPyConnection:
    """Open the local copy (outreach.shared.replica), replay what it has not seen, then migrate: a
    migration is a write like any other, so the first server of a new version upgrades the store once."""
    from outreach.shared import log as shared_log

    create_folder(target)
    try:
        store_id = shared_log.ensure_schema(url)
    except Exception as exc:  # psycopg's errors, DNS, a refused socket: one sentence, no traceback
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnavailable("db.err.store_unreachable", where=redacted(url), reason=reason) from exc
    _check_place(target)
    con = _open_file(target, False, wait)
    con.execute(f"SET memory_limit = '{memory_limit()}'")
    replica = shared_replica.Replica(url, target, store_id, latest_migration(), _write_lock, _note_write)
    replica.bind(con)
    with write_lock():
        replica.catch_up(con)
    migrate(con)
    if follow:
        replica.follow(con)
    return con


def close(con: duckdb.DuckDBPyConnection) -> None:
    """Close a connection from :func:`connect` in its file's turn: a process opening the file at that
    moment would otherwise miss this session's last commit (outreach.file_turns)."""
    file_turns.close(con)


def closed_at_end() -> AbstractContextManager[None]:
    """For a command: what it opens stays open until the block ends, then each is closed in its turn."""
    return file_turns.closed_at_end()


def catch_up(con: duckdb.DuckDBPyConnection) -> None:
    """Before a read that decides a write made outside it (a sign-in): with a shared store, replay what
    other servers wrote since the follower last looked (one query when nothing is new). Nothing to do
    for the embedded file. Never waits: while this server is writing (an import), that write has just
    caught up itself, and the follower resumes after it."""
    replica = shared_replica.replica_of(con)
    if replica is not None and _write_lock.acquire(blocking=False):
        try:
            replica.catch_up(con)
        finally:
            _write_lock.release()


def replica_failure(con: duckdb.DuckDBPyConnection) -> DatabaseUnavailable | None:
    """Why this server's copy of the shared store stopped following it (it diverged, or newer code
    migrated the store); None while it follows, and always for the embedded file."""
    replica = shared_replica.replica_of(con)
    return None if replica is None else replica.failure


def open_existing(path: str | os.PathLike | None = None) -> duckdb.DuckDBPyConnection:
    """:func:`connect` for commands that only read or change what is there (summary, undo, scores,
    report): a path that names no file is a typo to point out, not a new empty database to report on."""
    if shared_url(path) is not None:
        return connect(path)  # the local copy is made on first use
    target = db_path(path)
    if str(target) != ":memory:" and not target.exists():
        _check_place(target)  # a folder, or a missing folder, has its own message
        raise DatabaseUnavailable("db.err.missing", path=target.absolute())
    return connect(target)


def first_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row, or None. Fetches to the end: DuckDB 2.0 refuses some calls (register, …) while
    a result is still open."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> object:
    row = first_row(con, sql, params)
    return None if row is None else row[0]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
    if not exists:
        return 0
    return int(scalar(con, "SELECT coalesce(max(version), 0) FROM schema_version"))


def _run_python_step(script: Path, con: duckdb.DuckDBPyConnection) -> None:
    """A migration's data step that SQL alone cannot say (NNN_name.py beside NNN_name.sql): its
    ``upgrade(con)`` runs in the same transaction, after the SQL."""
    spec = importlib.util.spec_from_file_location(f"outreach_migration_{script.stem}", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.upgrade(con)


def latest_migration() -> int:
    return max(int(p.name.split("_", 1)[0]) for p in MIGRATIONS.glob("*.sql"))


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply migrations/NNN_*.sql newer than the database's version, each as one write."""
    while schema_version(con) < latest_migration() and run_write(con, _next_migration) is not None:
        pass
    return schema_version(con)


def _next_migration(con: duckdb.DuckDBPyConnection) -> int | None:
    """The oldest pending migration, applied in the caller's transaction; None when none is pending
    (another server applied it first)."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)")
    current = schema_version(con)
    for script in sorted(MIGRATIONS.glob("*.sql")):
        version = int(script.name.split("_", 1)[0])
        if version <= current:
            continue
        con.execute(script.read_text(encoding="utf-8"))
        if (step := script.with_suffix(".py")).is_file():
            _run_python_step(step, con)
        con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, dt.datetime.now().replace(microsecond=0)])
        return version
    return None


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Changes on every import and undo: the key that invalidates cached query results."""
    return int(scalar(con, "SELECT value FROM meta WHERE key = 'data_version'"))


_writes = 0  # bumps made by this process: lets a reader know its snapshot of the version is stale


def _note_write() -> None:
    """A write this process made or replayed: cached readers look at the data version again."""
    global _writes
    _writes += 1


def now() -> dt.datetime:
    """The time a write records, taken here rather than from SQL's current_timestamp: a shared store
    replays every write on every server, and each must store the same instant (outreach.shared)."""
    return dt.datetime.now()


def bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    _note_write()
    con.execute("UPDATE meta SET value = (value::INTEGER + 1)::VARCHAR WHERE key = 'data_version'")


def writes_in_process() -> int:
    """How many times this process has bumped a data version (any database)."""
    return _writes


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return scalar(con, "SELECT count(*) FROM batches WHERE status = 'active'") == 0


# --- one writer at a time ---------------------------------------------------------------------------
# The dashboard keeps ONE connection per process and every script run writes through its own cursor:
# two imports at once were two transactions touching the same rows (meta's data_version, members, the
# summaries), and DuckDB refused the second ("Conflict on update!"). Every write goes through
# run_write: it takes this process's write lock (the next writer waits for it), runs the transaction,
# and retries a conflict with a writer that bypassed the lock a few times before giving up.
WRITE_ATTEMPTS = 5
WRITE_WAIT = 600.0  # seconds a writer waits for its turn before giving up (an import at scale takes ~1 min)
_RETRY_PAUSE = 0.05  # seconds before the second attempt, doubled for each further one
_write_lock = threading.RLock()
_in_write = threading.local()
T = TypeVar("T")


@contextmanager
def write_lock(on_wait: Callable[[], object] | None = None, timeout: float | None = None) -> Iterator[None]:
    """This process's turn to write. When another write holds it, ``on_wait()`` is called once (the page
    says it is queued) and the caller waits; after ``timeout`` seconds (default WRITE_WAIT) it raises
    :class:`WriteFailed` (``db.err.write_wait``). Re-entrant: a thread holding it may take it again."""
    if not _write_lock.acquire(blocking=False):
        if on_wait is not None:
            on_wait()
        wait = WRITE_WAIT if timeout is None else timeout
        if not _write_lock.acquire(timeout=wait):
            raise WriteFailed("db.err.write_wait", minutes=max(1, round(wait / 60)))
    try:
        yield
    finally:
        _write_lock.release()


def is_conflict(exc: BaseException) -> bool:
    """A DuckDB transaction conflict (Conflict on update / tuple deletion, write-write conflict): the
    transaction was rolled back and running it again may well succeed."""
    return isinstance(exc, duckdb.TransactionException) and "conflict" in str(exc).lower()


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back whatever is open; a failed COMMIT has already rolled back, and says so."""
    with suppress(duckdb.TransactionException):
        con.execute("ROLLBACK")


def run_write(con: duckdb.DuckDBPyConnection, fn: Callable[[duckdb.DuckDBPyConnection], T], *,
              on_wait: Callable[[], object] | None = None, keep: bool = True) -> T:
    """``fn(con)`` as one transaction, in this process's turn (:func:`write_lock`): committed, or rolled
    back when it raises (and re-raised). A transaction conflict is rolled back and ``fn`` run again, up
    to WRITE_ATTEMPTS times with a short growing pause; after that :class:`WriteFailed`
    (``db.err.write_conflict``), nothing written. ``fn`` must therefore be safe to run again: it reads
    what it needs inside the transaction. ``keep=False`` always rolls back (a preview computed as if
    written). A run_write inside another on the same thread is part of the outer transaction."""
    if getattr(_in_write, "depth", 0):
        return fn(con)
    replica = shared_replica.replica_of(con)
    with write_lock(on_wait):
        _in_write.depth = 1
        try:
            if replica is not None:  # a shared store: one writer among all servers (outreach.shared)
                return replica.write(con, fn, keep=keep, wait=WRITE_WAIT, on_wait=on_wait)
            for attempt in range(1, WRITE_ATTEMPTS + 1):
                con.execute("BEGIN TRANSACTION")
                try:
                    result = fn(con)
                    con.execute("COMMIT" if keep else "ROLLBACK")
                    return result
                except duckdb.TransactionException as exc:
                    _rollback(con)
                    if not is_conflict(exc):
                        raise
                    if attempt == WRITE_ATTEMPTS:
                        raise WriteFailed("db.err.write_conflict", attempts=attempt) from exc
                except BaseException:  # any failure leaves no transaction open
                    _rollback(con)
                    raise
                time.sleep(_RETRY_PAUSE * 2 ** (attempt - 1) * (0.5 + random.random()))
        finally:
            _in_write.depth = 0
    raise AssertionError("unreachable")  # pragma: no cover
