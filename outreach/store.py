"""The DuckDB file: where it is, opening it, and bringing its schema up to date."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import duckdb

from outreach.i18n import t

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_DB = ROOT / "data" / "outreach.duckdb"
# DuckDB's own default is 80 % of RAM: at a million members a few uncached page runs grew the server
# to 5.7 GB. With 1 GB the big scans spill to a temp folder beside the file instead (bench/RESULTS.md).
DEFAULT_MEMORY_LIMIT = "1GB"
_MEMORY = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


class DatabaseUnavailable(Exception):
    """The database file cannot be used: a folder, not a DuckDB file (or a damaged one), a folder that
    does not exist, or a place that cannot be written. ``code`` is a translation key and ``params``
    fill it in; :meth:`message` renders it in the viewer's language (the core returns keys only)."""

    def __init__(self, code: str, **params: object):
        super().__init__(t(code, "en", **params))
        self.code = code
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return t(self.code, lang, **self.params)


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else $OUTREACH_DB, else data/outreach.duckdb."""
    return Path(path or os.environ.get("OUTREACH_DB", "").strip() or DEFAULT_DB).expanduser()


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
    """What a DuckDB error while opening ``target`` says about the file; None when it says nothing
    about the file itself (another process holding it is a matter for whoever handles concurrency)."""
    text, target = str(exc), target.absolute()
    if "Could not set lock" in text or "Conflicting lock" in text:
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
    return bool(tables) and "schema_version" not in tables


def memory_limit() -> str:
    """DuckDB's memory cap for this process: $OUTREACH_MEMORY_LIMIT (e.g. 4GB), else 1GB."""
    value = os.environ.get("OUTREACH_MEMORY_LIMIT", "").strip() or DEFAULT_MEMORY_LIMIT
    if not _MEMORY.fullmatch(value):
        raise ValueError(f"OUTREACH_MEMORY_LIMIT must be a size such as 1GB or 512MB, not {value!r}")
    return value


def connect(path: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating the file if needed) the database, cap its memory and apply pending migrations.

    Raises :class:`DatabaseUnavailable` when the path cannot hold the database: a folder, a file that
    is not one of our DuckDB databases (or is damaged), a folder that does not exist (only the default
    path's folder is created here), or a place that cannot be written."""
    target = db_path(path)
    limit = memory_limit()
    if str(target) != ":memory:":
        _check_place(target)
        existed = target.exists()
        try:
            con = duckdb.connect(str(target), read_only=read_only)
            foreign = existed and _foreign(con)
        except duckdb.Error as exc:
            refusal = _refusal(target, existed, exc)
            if refusal is None:
                raise
            raise refusal from exc
        if foreign:
            con.close()
            raise DatabaseUnavailable("db.err.not_duckdb", path=target.absolute())
    else:
        con = duckdb.connect(str(target), read_only=read_only)
    con.execute(f"SET memory_limit = '{limit}'")  # checked by memory_limit()'s pattern: no quote can pass
    if not read_only:
        migrate(con)
    return con


def open_existing(path: str | os.PathLike | None = None) -> duckdb.DuckDBPyConnection:
    """:func:`connect` for commands that only read or change what is there (summary, undo, scores,
    report): a path that names no file is a typo to point out, not a new empty database to report on."""
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


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply migrations/NNN_*.sql newer than the file's version, each in its own transaction."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)")
    current = schema_version(con)
    for script in sorted(MIGRATIONS.glob("*.sql")):
        version = int(script.name.split("_", 1)[0])
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(script.read_text(encoding="utf-8"))
            if (step := script.with_suffix(".py")).is_file():
                _run_python_step(step, con)
            con.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    return current


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Changes on every import and undo: the key that invalidates cached query results."""
    return int(scalar(con, "SELECT value FROM meta WHERE key = 'data_version'"))


_writes = 0  # bumps made by this process: lets a reader know its snapshot of the version is stale


def bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    global _writes
    _writes += 1
    con.execute("UPDATE meta SET value = (value::INTEGER + 1)::VARCHAR WHERE key = 'data_version'")


def writes_in_process() -> int:
    """How many times this process has bumped a data version (any database)."""
    return _writes


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return scalar(con, "SELECT count(*) FROM batches WHERE status = 'active'") == 0
