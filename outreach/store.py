"""The DuckDB file: where it is, opening it, and bringing its schema up to date."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_DB = ROOT / "data" / "outreach.duckdb"
# DuckDB's own default is 80 % of RAM: at a million members a few uncached page runs grew the server
# to 5.7 GB. With 1 GB the big scans spill to a temp folder beside the file instead (bench/RESULTS.md).
DEFAULT_MEMORY_LIMIT = "1GB"
_MEMORY = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else $OUTREACH_DB, else data/outreach.duckdb."""
    return Path(path or os.environ.get("OUTREACH_DB") or DEFAULT_DB)


def memory_limit() -> str:
    """DuckDB's memory cap for this process: $OUTREACH_MEMORY_LIMIT (e.g. 4GB), else 1GB."""
    value = os.environ.get("OUTREACH_MEMORY_LIMIT", "").strip() or DEFAULT_MEMORY_LIMIT
    if not _MEMORY.fullmatch(value):
        raise ValueError(f"OUTREACH_MEMORY_LIMIT must be a size such as 1GB or 512MB, not {value!r}")
    return value


def connect(path: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database, cap its memory and apply pending migrations."""
    target = db_path(path)
    limit = memory_limit()
    if str(target) != ":memory:":
        target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(target), read_only=read_only)
    con.execute(f"SET memory_limit = '{limit}'")  # checked by memory_limit()'s pattern: no quote can pass
    if not read_only:
        migrate(con)
    return con


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
