"""The shared store (outreach.shared) at a scale, in the same run as the embedded file: `bench --shared URL`.

URL must name an empty store (a fresh PostgreSQL database or schema). The phase
1. copies the benchmark database into it (``python -m outreach seed``'s path: one write),
2. opens a new server's local copy, which replays that whole log (what a new server costs),
3. times every page on that copy, cache on and off (the figures to compare with the embedded file's),
4. imports one county's new month through the store and undoes it, and times how long a following
   server takes to show each (the ≤ 2 s visibility budget).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from bench.generate import Scale, one_month_file
from outreach import store
from outreach.ingest import load
from outreach.shared import replica as shared_replica
from outreach.shared import seed


def _visible(follower: duckdb.DuckDBPyConnection, version: int, timeout: float = 30) -> float:
    """Seconds until ``follower`` shows data version ``version``."""
    started = time.perf_counter()
    while store.data_version(follower) != version:
        if time.perf_counter() - started > timeout:
            return float("inf")
        time.sleep(0.005)
    return time.perf_counter() - started


def measure_shared(con: duckdb.DuckDBPyConnection, url: str, scale: Scale, runs: int, timeout: float,
                   pages: list[str] | None, log: Callable[[str], None],
                   measure_pages: Callable[..., dict], rss_mb: Callable[[], dict],
                   reset_peak_rss: Callable[[], bool]) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-shared-"))
    out: dict[str, Any] = {"store": store.redacted(url), "replicas": str(folder)}

    log("shared store: seeding it from the benchmark database …")
    writer = store.connect(url, replica=folder / "writer.duckdb")
    reset_peak_rss()
    started = time.perf_counter()
    copied = seed.seed(writer, con.cursor(), "bench")
    out["seed"] = {"ms": round((time.perf_counter() - started) * 1000), "rows": sum(copied.values()),
                   "peak_rss_mb": rss_mb()["peak_mb"]}
    log(f"  seed: {out['seed']}")

    log("shared store: a new server's copy replays the log …")
    reset_peak_rss()
    started = time.perf_counter()
    server_path = folder / "server.duckdb"
    server = store.connect(url, replica=server_path)
    out["new_server_replay"] = {"ms": round((time.perf_counter() - started) * 1000),
                                "peak_rss_mb": rss_mb()["peak_mb"]}
    server.close()
    shared_replica.forget(server_path)
    out["new_server_replay"]["file_mb"] = round(server_path.stat().st_size / 2**20, 2)
    log(f"  replay: {out['new_server_replay']}")

    log("shared store: pages on a server's copy …")
    timed_pages = measure_pages(url, runs, timeout, log, only=pages, replica=server_path)
    out["pages"], out["pages_nocache"] = timed_pages["cache_on"], timed_pages["cache_off"]
    out["pages_cold"] = timed_pages["cold"]

    log("shared store: an import through the store, seen by a following server …")
    follower = store.connect(url, replica=folder / "follower.duckdb", follow=True)
    parsed = one_month_file(writer.cursor(), scale, scale.months, f"{scale.name}-shared", [0])
    started = time.perf_counter()
    result = load.commit(writer, parsed, user="bench")
    commit_ms = (time.perf_counter() - started) * 1000
    seen = _visible(follower.cursor(), store.data_version(writer))
    started = time.perf_counter()
    load.undo(writer, result.batch_id, user="bench")
    undo_ms = (time.perf_counter() - started) * 1000
    seen_undo = _visible(follower.cursor(), store.data_version(writer))
    out["import"] = {"rows": len(parsed.records), "commit_ms": round(commit_ms), "visible_after_ms": round(seen * 1000),
                     "undo_ms": round(undo_ms), "undo_visible_after_ms": round(seen_undo * 1000),
                     "follow_interval_s": shared_replica.sync_seconds()}
    log(f"  import: {out['import']}")
    for c, path in ((follower, folder / "follower.duckdb"), (writer, folder / "writer.duckdb")):
        c.close()
        shared_replica.forget(path)
    return out
