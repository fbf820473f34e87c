"""The one runner of the named queries in queries/*.sql.

Pages and reports ask for a query by name with filter parameters; the runner binds them (never
formats them into SQL), adds the viewer's unit scope — the one place access rules live — and caches
results per (query, parameters, scope, data version).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from outreach import store
from outreach.filters import Filters

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
CACHE_ENTRIES = 512
# Frames derived from query results (a scored evaluation: a few MB at 5,000 units), kept per data state.
DERIVED_ENTRIES = 16
T = TypeVar("T")


@cache
def load_sql(name: str) -> str:
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERY_DIR}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


def parameters_of(sql: str) -> set[str]:
    return set(_PARAM.findall(re.sub(r"--[^\n]*", "", sql)))


class _Cache:
    """A small thread-safe LRU: Streamlit serves sessions from several threads."""

    def __init__(self, entries: int):
        self.entries = entries
        self.data: OrderedDict[tuple, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> object | None:
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]
        return None

    def put(self, key: tuple, value: object) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.entries:
                self.data.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.data.clear()


_RESULTS = _Cache(CACHE_ENTRIES)
_DERIVED = _Cache(DERIVED_ENTRIES)


def _freeze(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


class QueryRunner:
    """Runs named queries on one cursor for one viewer. ``scope`` lists the units the viewer may see;
    None means every unit (the only mode today; unit-scoped logins plug in here)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, scope: list[str] | None = None, cache: bool = True):
        self.con = con
        self.scope = sorted(scope) if scope is not None else None
        self.cache = cache
        self._state_seen: tuple[int, tuple] | None = None
        # The database file, not its name: current_database() is the file's stem, the same for
        # a/outreach.duckdb and b/outreach.duckdb. An in-memory database has no path and is not cached.
        self._db = store.scalar(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
        if self._db is None:
            self.cache = False

    def data_version(self) -> int:
        """Read on every call (a one-row lookup): an import between two queries must be seen."""
        return store.data_version(self.con)

    def _state(self) -> tuple:
        """The data version plus when the last batch was imported or undone: a file deleted and built
        again at the same path restarts its version at 0, its timestamps do not repeat.

        Read once per runner (pages make one per script run, ~2 ms a read adds up over a dozen queries)
        and again after any write by this process; another process's import shows at the next run."""
        writes = store.writes_in_process()
        if self._state_seen is None or self._state_seen[0] != writes:
            self._state_seen = (writes, self._read_state())
        return self._state_seen[1]

    def _read_state(self) -> tuple:
        row = store.first_row(self.con, """
            SELECT (SELECT value FROM meta WHERE key = 'data_version'),
                   max(greatest(imported_at, coalesce(reverted_at, imported_at))), count(*)
            FROM batches
        """)
        return tuple(row)

    def df(self, name: str, filters: Filters | None = None, **extra: object) -> pd.DataFrame:
        sql = load_sql(name)
        wanted = parameters_of(sql)
        offered = {**(filters or Filters()).params(), **extra, "scope": self.scope}
        missing = wanted - offered.keys()
        if missing:
            raise KeyError(f"query {name!r} needs parameters {sorted(missing)}")
        params = {k: offered[k] for k in wanted}
        # The scope is part of the key even for a query that does not read it: one viewer's result is
        # never served to another (tests/test_query_scope.py).
        key = (self._db, name, tuple(sorted((k, _freeze(v)) for k, v in params.items())), _freeze(self.scope),
               self._state() if self.cache else None)
        if self.cache and (hit := _RESULTS.get(key)) is not None:
            return hit.copy()
        result = self.con.execute(sql, params).df()
        if self.cache:
            _RESULTS.put(key, result)
        return result.copy()

    def memo(self, name: str, key: tuple, build: Callable[[], T]) -> T:
        """What ``build`` derives from this runner's queries, cached like a query result: per (database,
        ``name``, ``key``, scope, data state). ``key`` must hold every other input of ``build`` (filters,
        rubric). The value is shared between sessions: callers treat it as read-only."""
        if not self.cache:
            return build()
        full = (self._db, name, key, _freeze(self.scope), self._state())
        hit = _DERIVED.get(full)
        if hit is not None:
            return hit  # type: ignore[return-value]
        value = build()
        _DERIVED.put(full, value)
        return value

    def value(self, name: str, filters: Filters | None = None, **extra: object) -> object:
        frame = self.df(name, filters, **extra)
        return None if frame.empty else frame.iat[0, 0]


def filter_facets(q: QueryRunner) -> dict[str, list[str]]:
    """What the data offers to filter by: facet (month as YYYY-MM, county, unit, category) → its values,
    sorted; a facet with no values is an empty list."""
    options = q.df("filter_options")
    facets: dict[str, list[str]] = {name: [] for name in ("month", "county", "unit", "category")}
    # Through NumPy: iterating the Arrow-backed columns costs ~1.2 µs a cell, 6 ms for the ~5,200 options at
    # province scale, and every page run asks three times (sidebar, data_months, the page); this is 0.7 ms.
    pairs = zip(options["facet"].to_numpy(dtype=object), options["value"].to_numpy(dtype=object), strict=True)
    for name, value in pairs:
        facets.setdefault(name, []).append(value)
    return facets


def data_months(q: QueryRunner, f: Filters | None = None) -> list[dt.date]:
    """The months that hold data, oldest first, within ``f``'s period when given."""
    months = [dt.date(int(m[:4]), int(m[5:7]), 1) for m in filter_facets(q)["month"]]
    return [m for m in months if f is None or f.month_from <= m <= f.month_to]


def clear_cache() -> None:
    _RESULTS.clear()
    _DERIVED.clear()
