"""Moving an embedded deployment onto a shared store: every row of its DuckDB file, written to an empty
shared store as one write (so a server replaying the log sees none of it or all of it).

The rows travel as frames in chunks, each registered and inserted; sequences are advanced by drawing
values (DuckDB cannot set a sequence), which replays to the same counters on every server."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from outreach import store
from outreach.shared.replica import data_tables
from outreach.store_errors import StoreError

CHUNK_ROWS = 500_000
_KEEP = ("schema_version",)  # the store's own migrations stay; everything else comes from the source


class SeedRefused(StoreError):
    """The store already holds data, or the source is not a database of this version."""


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables a seed copies: the database's own, but for its migration record."""
    return [name for name in data_tables(con) if name not in _KEEP]


def sequences(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.execute("SELECT sequence_name, last_value FROM duckdb_sequences() WHERE schema_name = 'main'") \
        .fetchall()
    return {name: int(last or 0) for name, last in rows}


def seed(con: duckdb.DuckDBPyConnection, source: duckdb.DuckDBPyConnection, source_name: str) -> dict[str, int]:
    """Copy ``source`` into the shared store ``con`` follows, as one write (:func:`copy_into`)."""
    return store.run_write(con, lambda c: copy_into(c, source, source_name, store.latest_migration()))


def copy_into(target, source: duckdb.DuckDBPyConnection, source_name: str, schema: int) -> dict[str, int]:
    """Inside a shared write (``target`` records): replace every table's rows with the source's. Returns
    rows copied per table. Refuses a store that holds any batch, and a source of another schema."""
    if target.execute("SELECT count(*) FROM batches").fetchone()[0]:
        raise SeedRefused("db.err.seed_not_empty")
    found = source.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    if found != schema:
        raise SeedRefused("db.err.seed_schema", path=source_name, found=found, schema=schema)
    copied: dict[str, int] = {}
    for name in tables(source):
        target.execute(f'DELETE FROM "{name}"')  # names from DuckDB's catalog, quoted
        copied[name] = 0
        reader = source.sql(f'SELECT * FROM "{name}"').to_arrow_reader(CHUNK_ROWS)
        for batch in reader:
            frame = pa.Table.from_batches([batch])
            target.register("_seed_rows", frame)
            target.execute(f'INSERT INTO "{name}" SELECT * FROM _seed_rows')
            target.unregister("_seed_rows")
            copied[name] += frame.num_rows
    have = sequences(target)
    for name, last in sequences(source).items():
        if last > have.get(name, 0):
            target.execute(f"SELECT max(nextval('{name}')) FROM range(?)", [last - have.get(name, 0)])
    return copied


def open_source(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True)
