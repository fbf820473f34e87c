"""`python -m outreach bench --scale s|m|l [--json]`: generate the scale, then time it.

Measured, in this order, in one process (so memory is the serving process's, as a Streamlit server):
1. every named query (QueryRunner with its cache off), warm, p50/p95 — the evaluation queries with the
   rubric in force's caps and points, as the Evaluation page passes them;
2. every page in the menu via AppTest, warm, with the runner's cache on (the real-world number: a
   repeat view), cold (on, but emptied before each run: the first leader after an import, whose data
   version no cached entry has) and off (disabled: a query runs again each time a run asks for it);
3. two concurrent sessions (two threads, each its own AppTest of the Overview) — cache off and on;
4. process memory (VmHWM, the peak resident set, reset before the serving phase);
5. imports through the real load.commit, each undone again, with the refresh part of both timed apart
   and the peak RSS of each (reset before its preview and commit);
6. import from a file (bench/file_import.py): a long activity log written as .xlsx and .csv, through the
   sandboxed parse and load.commit, undone again; beside it calamine's and DuckDB read_csv's raw speed;
7. the naive page (bench/naive_overview.py: activity loaded into pandas, grouped in pandas).
``--only import`` runs 5. alone, ``--only file-import`` 6. alone (without the page suite).
Streamlit is imported only inside the functions that run AppTest.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from bench.file_import import FILE_IMPORT_ROWS, measure_file_import
from bench.generate import ALL_SCALES, Scale, generate, one_month_file, roster_file, scale_of
from outreach import store
from outreach.evaluation import active_rubric
from outreach.evaluation.members import effective_min_months
from outreach.evaluation.scoring import bonus_platforms, cap_params, point_params
from outreach.filters import Filters
from outreach.ingest import load, refresh
from outreach.queries import QueryRunner, data_months, load_sql, parameters_of, query_names

BENCH_DIR = Path(__file__).resolve().parent
NAIVE_PAGE = BENCH_DIR / "naive_overview.py"
# Above this many activity rows the naive page is skipped unless asked for: at l it needs tens of GB.
NAIVE_AUTO_MAX_ROWS = 10_000_000

BUDGETS = (
    # (scale it is set for, key, description, limit, unit)
    ("m", "overview_p50", "overview page p50 (server side)", 150, "ms"),
    ("m", "naive_ratio", "overview vs naive pandas page, same run", 10, "×"),
    ("l", "pages_p95_cache_on", "every page p95, cache on (slowest page)", 300, "ms"),
    ("l", "pages_p50_cold", "every page p50, the first leader after an import: cache emptied before each run "
     "(slowest page)", 3000, "ms"),
    ("l", "pages_p50_cache_off", "every page p50, cache disabled: a query runs again each time it is asked for "
     "(slowest page)", 3000, "ms"),
    ("l", "concurrent_p95_cache_on", "two concurrent sessions p95, cache on", 800, "ms"),
    ("l", "concurrent_p95_cache_off", "two concurrent sessions p95, cache off", 5000, "ms"),
    ("l", "rss", "process RSS (peak while serving)", 1536, "MB"),
    ("l", "import_rss", "process RSS (peak during the whole-month import)", 2048, "MB"),
    ("l", "refresh", "refresh of summary tables after importing one month", 1000, "ms"),
    ("m", "undo", "any undo (slowest import case, median)", 3000, "ms"),
    ("m", "file_import", "import from file: .xlsx log (200k rows at m), bytes to refreshed summaries (median)",
     5000, "ms"),
    ("m", "shared_visible", "shared store: an import and its undo shown on another server (slower)", 2000, "ms"),
)


# --- small measuring tools ------------------------------------------------------------------------

def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (with fewer than 20 samples, p95 is the slowest run)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summarise(samples_ms: list[float]) -> dict[str, Any]:
    return {"p50_ms": round(statistics.median(samples_ms), 1), "p95_ms": round(percentile(samples_ms, 0.95), 1),
            "min_ms": round(min(samples_ms), 1), "max_ms": round(max(samples_ms), 1), "n": len(samples_ms)}


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def repeat(fn: Callable[[], object], runs: int, warm: int = 1) -> list[float]:
    for _ in range(warm):
        fn()
    return [timed(fn) for _ in range(runs)]


def _proc_status() -> dict[str, int]:
    out = {}
    with contextlib.suppress(OSError), open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(rest.split()[0])  # kB
    return out


def rss_mb() -> dict[str, float | None]:
    status = _proc_status()
    if not status:  # not Linux: ru_maxrss is the lifetime peak (kB on Linux, bytes on macOS)
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return {"rss_mb": None, "peak_mb": round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)}
    return {"rss_mb": round(status["VmRSS"] / 1024, 1), "peak_mb": round(status["VmHWM"] / 1024, 1)}


def reset_peak_rss() -> bool:
    """Start a new peak: writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def load_average() -> list[float] | None:
    """Other work on the machine skews every figure: recorded at the start and the end."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def wait_for_quiet(max_load: float | None, max_wait: float, log: Callable[[str], None]) -> float:
    """On a shared machine: wait (up to ``max_wait`` s) until the 1-minute load average is below
    ``max_load``. Returns the seconds waited."""
    if max_load is None:
        return 0.0
    t0 = time.monotonic()
    while (load := os.getloadavg()[0]) >= max_load and time.monotonic() - t0 < max_wait:
        log(f"  load {load:.2f} ≥ {max_load}: waiting …")
        time.sleep(15)
    return round(time.monotonic() - t0, 1)


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                            "python": platform.python_version(), "os": platform.platform()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(AttributeError):
        info["cores_usable"] = len(os.sched_getaffinity(0))
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 2**20, 1)
    return info


# --- 1. named queries ---------------------------------------------------------------------------

def default_filters(con: duckdb.DuckDBPyConnection) -> Filters:
    """The Overview's default view: every month with data, no county or unit chosen."""
    months = data_months(QueryRunner(con, cache=False))
    return Filters(months[0], months[-1]) if months else Filters()


def query_extras(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, object]:
    """Values for parameters some queries take besides the filters. The evaluation queries get the
    rubric in force's caps, points and bonus platforms (scoring.cap_params, point_params, bonus_platforms),
    and eval_member_points its commendation rule (per, top, min_months, min_points) as the Evaluation
    page's commendation list passes them (evaluation.members.commendation_list)."""
    county = store.scalar(con, "SELECT county FROM units WHERE county IS NOT NULL ORDER BY county LIMIT 1")
    rubric = active_rubric(con)
    rule = rubric.commendation
    months = len(data_months(QueryRunner(con, cache=False), f))
    return {"month": f.month_to, "counties": [county], "county": county, "months": 3, "silent_months": 3,
            **cap_params(rubric), **point_params(rubric), "platforms": bonus_platforms(rubric),
            "per": rule.per, "top": rule.top_n,
            "min_months": effective_min_months(rule, months), "min_points": float(rule.min_points)}


def measure_queries(con: duckdb.DuckDBPyConnection, f: Filters, runs: int) -> dict[str, dict]:
    q = QueryRunner(con.cursor(), cache=False)
    extras = query_extras(con, f)
    offered = set(f.params()) | {"scope"}
    out: dict[str, dict] = {}
    for name in query_names():
        missing = parameters_of(load_sql(name)) - offered - set(extras)
        if missing:  # a new query with parameters of its own: give it a value in query_extras
            out[name] = {"skipped": f"needs parameters the harness does not pass: {sorted(missing)}"}
            continue
        wanted = parameters_of(load_sql(name)) - offered
        kwargs = {k: extras[k] for k in wanted}
        try:
            out[name] = summarise(repeat(lambda n=name, kw=kwargs: q.df(n, f, **kw), runs))
        except duckdb.Error as exc:
            out[name] = {"error": str(exc).splitlines()[0]}
    return out


# --- 2./3. pages via AppTest ----------------------------------------------------------------------

@contextlib.contextmanager
def app_database(path: Path | str, cache: bool = True, replica: Path | None = None) -> Iterator[None]:
    """Pages open $OUTREACH_DB through ui.shell's cached connection; optionally without the runner cache.
    ``path`` may be a shared store's URL, with ``replica`` the server's local copy of it."""
    import ui.shell

    before = os.environ.get("OUTREACH_DB")
    before_replica = os.environ.get("OUTREACH_REPLICA")
    os.environ["OUTREACH_DB"] = str(path)
    if replica is not None:
        os.environ["OUTREACH_REPLICA"] = str(replica)
    ui.shell._connection.clear()
    runner = ui.shell.QueryRunner
    if not cache:
        ui.shell.QueryRunner = functools.partial(QueryRunner, cache=False)
    try:
        yield
    finally:
        ui.shell.QueryRunner = runner
        for name, value in (("OUTREACH_DB", before), ("OUTREACH_REPLICA", before_replica)):
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def close_app_database(path: Path | None = None) -> None:
    """Drop the pages' cached connections (ui.shell's and the naive page's), so the file is free. The
    app's connection to ``path`` is closed outright first: that closes every cursor the pages took, and
    a cursor still held by a page's deferred download (an AppTest session not yet collected) would
    otherwise keep the file open with the app's settings, and a later read-only open would fail."""
    import gc

    import streamlit as st

    if path is not None:
        import ui.shell

        with contextlib.suppress(Exception):  # nothing cached, or already closed: the file is free either way
            ui.shell._connection(str(path)).close()
    st.cache_resource.clear()
    gc.collect()


def page_scripts() -> dict[str, str]:
    """The pages of the menu that exist, by short name (page.overview → overview): script paths
    relative to the repository, as the menu holds them."""
    import ui.shell

    pages = {}
    for script, key, _icon in ui.shell.MENU:
        if (store.ROOT / script).is_file():
            pages[key.split(".", 1)[-1]] = script
    return pages


def _app_test(script: str | Path, timeout: float) -> Any:
    """An AppTest of a page. Menu pages run as Streamlit runs them: app.py is the entry script and
    pages/x.py is switched to (their links are relative to it); a standalone file runs as it is."""
    from streamlit.testing.v1 import AppTest

    if isinstance(script, Path):
        return AppTest.from_file(str(script), default_timeout=timeout)
    at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=timeout)
    if script != "app.py":
        at.switch_page(script)
    return at


def _checked_run(at: Any) -> None:
    at.run()
    if at.exception:
        raise RuntimeError(f"page raised: {at.exception[0].message}")


def measure_page(script: str | Path, runs: int, timeout: float, warm: int = 2,
                 before_each: Callable[[], object] | None = None) -> dict[str, Any]:
    """A page's warm runs; ``before_each`` (untimed) runs before every one, the first included."""
    at = _app_test(script, timeout)
    prepare = before_each or (lambda: None)

    def run() -> float:
        prepare()
        return timed(lambda: _checked_run(at))

    try:
        first = run()
        for _ in range(warm):
            run()
        samples = [run() for _ in range(runs)]
    except Exception as exc:  # a page under construction must not sink the whole benchmark
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {**summarise(samples), "first_run_ms": round(first, 1)}


def measure_pages(path: Path | str, runs: int, timeout: float, log: Callable[[str], None],
                  only: list[str] | None = None, replica: Path | None = None) -> dict[str, dict]:
    """Every page in three modes: cache_on, cold (the cache emptied before each run) and cache_off."""
    from outreach.queries import clear_cache

    modes = (("cache_on", True, None), ("cold", True, clear_cache), ("cache_off", False, None))
    out: dict[str, dict] = {mode: {} for mode, _, _ in modes}
    for mode, cache, before_each in modes:
        with app_database(path, cache=cache, replica=replica):
            for name, script in page_scripts().items():
                if only is not None and name not in only:
                    continue
                result = measure_page(script, runs, timeout, before_each=before_each)
                out[mode][name] = result
                log(f"  page {name} ({mode.replace('_', ' ')}): {_short(result)}")
    return out


def measure_empty_page(runs: int, timeout: float) -> dict[str, Any]:
    """The floor: a page with a title and nothing else, through the same AppTest machinery."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("import streamlit as st\nst.title('empty')\n", default_timeout=timeout)
    return summarise(repeat(lambda: _checked_run(at), runs, warm=2))


@contextlib.contextmanager
def _pages_directory_fixed() -> Iterator[None]:
    """AppTest (Streamlit 1.67) resets the class attribute ``PagesManager.uses_pages_directory`` to None
    at the start of every run and sets it again a moment later; the script runner reads it to register
    pages/. Two AppTests in two threads race on it, and a run that reads None fails its menu links
    ("Could not find page"). AppTest is handed a subclass to reset instead, and the real flag holds."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class _OwnFlag(PagesManager):
        pass

    saved = PagesManager.uses_pages_directory
    PagesManager.uses_pages_directory = (store.ROOT / "pages").is_dir()
    app_test.PagesManager = _OwnFlag
    try:
        yield
    finally:
        app_test.PagesManager = PagesManager
        PagesManager.uses_pages_directory = saved


def measure_concurrent(path: Path, script: str, runs: int, timeout: float, cache: bool) -> dict[str, Any]:
    """Two sessions at once: two threads, each with its own AppTest (own session, own cursor)."""
    with app_database(path, cache=cache), _pages_directory_fixed():
        apps = [_app_test(script, timeout) for _ in range(2)]
        for at in apps:
            _checked_run(at)
            _checked_run(at)
        samples: list[list[float]] = [[], []]
        errors: list[BaseException] = []
        barrier = threading.Barrier(2)

        def session(i: int) -> None:
            try:
                barrier.wait()
                for _ in range(runs):
                    samples[i].append(timed(lambda: _checked_run(apps[i])))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=session, args=(i,)) for i in range(2)]
        t0 = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = (time.perf_counter() - t0) * 1000
    if errors:
        return {"error": f"{type(errors[0]).__name__}: {errors[0]}"}
    return {**summarise(samples[0] + samples[1]), "wall_ms": round(wall, 1), "sessions": 2}


# --- 5. the import path ---------------------------------------------------------------------------

REFRESH_STEPS = ("reconcile", "refresh_aggregates", "rebuild_roster_month", "extend_roster_month", "rebuild_units",
                 "rebuild_members", "rebuild_members_and_rematch", "add_keys_of_batch")


@contextlib.contextmanager
def timed_refresh() -> Iterator[dict[str, float]]:
    """Time every refresh.* call the import and the undo make (load.py calls them through the module).
    Each step is timed inclusively (rebuild_members_and_rematch calls rebuild_members and rebuild_units);
    "total" counts outermost calls only."""
    spent: dict[str, float] = dict.fromkeys(REFRESH_STEPS, 0.0)
    spent["total"] = 0.0
    depth = [0]
    originals = {name: getattr(refresh, name) for name in REFRESH_STEPS}

    def wrap(name: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def inner(*args: object, **kwargs: object) -> object:
            depth[0] += 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                depth[0] -= 1
                ms = (time.perf_counter() - t0) * 1000
                spent[name] += ms
                if depth[0] == 0:
                    spent["total"] += ms
        return inner

    for name, fn in originals.items():
        setattr(refresh, name, wrap(name, fn))
    try:
        yield spent
    finally:
        for name, fn in originals.items():
            setattr(refresh, name, fn)


def summaries_agree(con: duckdb.DuckDBPyConnection) -> bool:
    """Summary tables against raw activity: the same actions, records and matched actions."""
    row = store.first_row(con, """
        SELECT (SELECT sum(count) FROM activity) = (SELECT sum(actions) FROM agg_activity),
               (SELECT count(*) FROM activity) = (SELECT sum(records) FROM agg_activity),
               (SELECT sum(count) FROM activity WHERE member_id IS NOT NULL)
                   = (SELECT sum(actions) FROM agg_member_month)
    """)
    return bool(row and all(row))


def _import_once(con: duckdb.DuckDBPyConnection, parsed: Any) -> dict[str, Any]:
    """Preview, commit, undo. The peak RSS is reset after the parsed file is built (the app holds the
    parsed file too: the sandbox hands it back) and read after the commit ("peak_rss_mb": the import's),
    then reset again and read after the undo ("undo_peak_rss_mb")."""
    run: dict[str, Any] = {"rows": len(parsed.records), "units": len(parsed.units)}
    run["peak_reset"] = reset_peak_rss()
    run["preview_ms"] = round(timed(lambda: load.preview(con, parsed)), 1)
    with timed_refresh() as spent:
        t0 = time.perf_counter()
        result = load.commit(con, parsed, user="bench")
        run["commit_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    run["peak_rss_mb"] = rss_mb()["peak_mb"]
    run["refresh_breakdown_ms"] = {k: round(v, 1) for k, v in spent.items() if v and k != "total"}
    run["refresh_ms"] = round(spent["total"], 1)
    run["commit_without_refresh_ms"] = round(run["commit_ms"] - run["refresh_ms"], 1)
    run["summaries_agree"] = summaries_agree(con)  # the import really refreshed what it wrote
    reset_peak_rss()
    with timed_refresh() as spent:
        run["undo_ms"] = round(timed(lambda: load.undo(con, result.batch_id, user="bench")), 1)
    run["undo_peak_rss_mb"] = rss_mb()["peak_mb"]
    run["undo_breakdown_ms"] = {k: round(v, 1) for k, v in spent.items() if v and k != "total"}
    run["undo_refresh_ms"] = round(spent["total"], 1)
    run["undo_without_refresh_ms"] = round(run["undo_ms"] - run["undo_refresh_ms"], 1)
    run["summaries_agree_after_undo"] = summaries_agree(con)
    return run


def measure_import(con: duckdb.DuckDBPyConnection, scale: Scale, reps: int,
                   log: Callable[[str], None]) -> dict[str, Any]:
    """Import through load.preview + load.commit, then undo (so the data stays as generated), each case
    ``reps`` times (medians reported): a new month for every unit (the refresh budget's case), a new
    month for one county, the last month again for one county and for every unit (replaces: the earlier
    rows step aside into activity_superseded, and come back on undo), and one county's roster uploaded
    again. Every case runs at every scale: the undo budget is for any undo."""
    last = scale.months - 1
    cases: dict[str, Callable[[str], Any]] = {
        "new_month_all_units": lambda tag: one_month_file(con.cursor(), scale, scale.months, tag),
        "new_month_one_county": lambda tag: one_month_file(con.cursor(), scale, scale.months, tag, [0]),
        "replace_last_month_one_county": lambda tag: one_month_file(con.cursor(), scale, last, tag, [0]),
        "replace_last_month_all_units": lambda tag: one_month_file(con.cursor(), scale, last, tag),
        "roster_reupload_one_county": lambda tag: roster_file(con.cursor(), scale, 0, tag),
    }
    out: dict[str, Any] = {}
    for case, build in cases.items():
        runs = []
        for rep in range(reps):
            run = _import_once(con, build(f"{scale.name}-{case}-{rep}"))
            runs.append(run)
            log(f"  import {case}: {run['rows']:,} rows, commit {run['commit_ms']:.0f} ms "
                f"(refresh {run['refresh_ms']:.0f} ms: {run['refresh_breakdown_ms']}), "
                f"undo {run['undo_ms']:.0f} ms ({run['undo_breakdown_ms']})")
        out[case] = {
            "rows": runs[0]["rows"], "units": runs[0]["units"],
            **{key: round(statistics.median(r[key] for r in runs), 1)
               for key in ("commit_ms", "refresh_ms", "preview_ms", "undo_ms", "undo_refresh_ms")},
            "summaries_agree": all(r["summaries_agree"] and r["summaries_agree_after_undo"] for r in runs),
            "peak_rss_mb": _max_or_none(r["peak_rss_mb"] for r in runs),
            "undo_peak_rss_mb": _max_or_none(r["undo_peak_rss_mb"] for r in runs),
            "runs": runs,
        }
    return out


def _max_or_none(values: Any) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


# --- 6. the naive page ----------------------------------------------------------------------------

def measure_naive(path: Path, runs: int, timeout: float) -> dict[str, Any]:
    with app_database(path):
        return measure_page(NAIVE_PAGE, runs, timeout, warm=1)


# --- the whole run --------------------------------------------------------------------------------

def ensure_database(path: Path, scale: Scale, reuse: bool, log: Callable[[str], None],
                    in_process: bool = False, timeout: float | None = None) -> dict[str, Any]:
    """Generate the scale at ``path`` unless ``reuse`` and the file already holds it. Generation runs
    in a child process by default, so this process's memory peak is the serving one."""
    if reuse and path.is_file():
        con = duckdb.connect(str(path), read_only=True)
        try:
            found = scale_of(con)
        finally:
            con.close()
        if found == scale:
            log(f"reusing {path} (scale {scale.name})")
            return {"reused": True}
    if in_process:
        return generate(path, scale, log=log)
    report = path.with_name(path.name + ".gen.json")
    cmd = [sys.executable, "-m", "bench.generate", "--scale", scale.name, "--db", str(path), "--json", str(report)]
    subprocess.run(cmd, cwd=store.ROOT, check=True, timeout=timeout)
    result = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    return result


def run(scale: Scale, db: Path | None = None, reuse: bool = False, runs: int = 15, naive: str = "auto",
        import_reps: int = 3, timeout: float = 600, log: Callable[[str], None] = print,
        in_process: bool = False, generate_timeout: float | None = None,
        pages: list[str] | None = None, max_load: float | None = None, max_wait: float = 300,
        only: str | None = None, file_rows: int | None = None, shared: str | None = None) -> dict[str, Any]:
    """The whole benchmark; ``pages`` limits the pages timed (default: every page of the menu);
    ``only="import"`` runs the imports and undos alone (no queries, pages, sessions or naive page),
    ``only="file-import"`` the import from a file alone; ``file_rows``: rows of that file (default
    FILE_IMPORT_ROWS of the scale); ``shared``: an empty shared store's URL, for the shared-store phase
    (bench/shared_store.py)."""
    if only not in (None, "import", "file-import"):
        raise ValueError(f"only: {only!r}")
    path = Path(db) if db else store.ROOT / "data" / f"bench-{scale.name}.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"scale": scale.name, "started": dt.datetime.now().isoformat(timespec="seconds"),
                              "only": only}
    result["generation"] = ensure_database(path, scale, reuse, log, in_process, generate_timeout)

    con = store.connect(path)
    con.execute("SET enable_progress_bar = false")
    result["load_avg_start"] = load_average()
    result["sizes"] = {t: store.scalar(con, f"SELECT count(*) FROM {t}") for t in (
        "members", "units", "activity", "agg_activity", "agg_activity_day", "agg_member_month", "agg_events",
        "roster_month", "batches")}
    result["file_mb"] = round(path.stat().st_size / 2**20, 1)
    f = default_filters(con)
    peak_reset = reset_peak_rss()

    quiet: dict[str, float] = {}
    result["waited_for_quiet_s"] = quiet
    serving = {"peak_mb": None, "rss_mb": None}
    if only is None:
        serving = _measure_serving(result, path, con, f, runs, timeout, pages, max_load, max_wait, log)
    result["rss_mb"] = serving["peak_mb"]

    result["refresh_ms"] = result["undo_max_ms"] = None
    import_peak = imports_peak = None
    if only in (None, "import"):
        quiet["import"] = wait_for_quiet(max_load, max_wait, log)
        log("imports (load.commit), each undone …")
        result["import"] = measure_import(con, scale, import_reps, log)
        result["refresh_ms"] = result["import"]["new_month_all_units"]["refresh_ms"]
        result["undo_max_ms"] = max(case["undo_ms"] for case in result["import"].values())
        import_peak = result["import"]["new_month_all_units"]["peak_rss_mb"]
        imports_peak = _max_or_none(case[k] for case in result["import"].values()
                                    for k in ("peak_rss_mb", "undo_peak_rss_mb"))

    result["file_import_ms"] = None
    file_peak = None
    if only in (None, "file-import"):
        quiet["file_import"] = wait_for_quiet(max_load, max_wait, log)
        log("import from a file (sandboxed parse + load.commit), each undone …")
        result["file_import"] = measure_file_import(con, scale, import_reps, log, rows=file_rows)
        result["file_import_ms"] = result["file_import"]["xlsx"].get("total_ms")
        file_peak = _max_or_none(result["file_import"][fmt].get("peak_rss_mb") for fmt in ("xlsx", "csv"))

    if shared and only is None:
        from bench.shared_store import measure_shared

        quiet["shared"] = wait_for_quiet(max_load, max_wait, log)
        result["shared"] = measure_shared(con, shared, scale, runs, timeout, pages, log, measure_pages, rss_mb,
                                          reset_peak_rss)
        close_app_database()

    rows = result["sizes"]["activity"]
    do_naive = only is None and (naive == "yes" or (naive == "auto" and rows <= NAIVE_AUTO_MAX_ROWS))
    if only is None:
        close_app_database(path)
    if do_naive:
        quiet["naive"] = wait_for_quiet(max_load, max_wait, log)
        log("naive pandas page …")
        reset_peak_rss()
        result["naive_pages"] = {"overview": measure_naive(path, max(5, runs // 3), timeout)}
        log(f"  naive overview: {_short(result['naive_pages']['overview'])}")
        close_app_database(path)
        naive_rss = rss_mb()["peak_mb"]
    else:
        why = f"--only {only}" if only else f"{rows:,} activity rows; run with --naive yes to force"
        result["naive_pages"] = {"overview": {"skipped": why}}
        naive_rss = None
    con.close()
    result["rss"] = {"serving_peak_mb": serving["peak_mb"], "serving_now_mb": serving["rss_mb"],
                     "import_peak_mb": import_peak,  # the whole-month import (new_month_all_units): its budget
                     "imports_all_cases_peak_mb": imports_peak, "file_import_peak_mb": file_peak,
                     "naive_peak_mb": naive_rss, "peak_reset": peak_reset}
    result["naive_ratio"] = naive_ratios(result)
    result["duckdb_version"] = duckdb.__version__
    result["machine"] = machine()
    result["budgets"] = evaluate(result)
    result["load_avg_end"] = load_average()
    result["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    return result


def _measure_serving(result: dict[str, Any], path: Path, con: duckdb.DuckDBPyConnection, f: Filters, runs: int,
                     timeout: float, pages: list[str] | None, max_load: float | None, max_wait: float,
                     log: Callable[[str], None]) -> dict[str, float | None]:
    """Phases 1–4 (queries, pages, two sessions), into ``result``; returns the serving memory."""
    quiet = result["waited_for_quiet_s"]
    quiet["queries"] = wait_for_quiet(max_load, max_wait, log)
    log("queries (runner cache off) …")
    result["queries"] = measure_queries(con, f, runs)
    for name, r in result["queries"].items():
        log(f"  {name}: {_short(r)}")

    quiet["pages"] = wait_for_quiet(max_load, max_wait, log)
    log("pages (AppTest) …")
    result["empty_page"] = measure_empty_page(runs, timeout)
    log(f"  empty page: {_short(result['empty_page'])}")
    timed_pages = measure_pages(path, runs, timeout, log, only=pages)
    result["pages"] = timed_pages["cache_on"]
    result["pages_nocache"] = timed_pages["cache_off"]
    result["pages_cold"] = timed_pages["cold"]

    quiet["concurrent"] = wait_for_quiet(max_load, max_wait, log)
    log("two concurrent sessions …")
    overview = page_scripts().get("overview", "app.py")
    result["concurrent"] = {
        "cache_off": measure_concurrent(path, overview, runs, timeout, cache=False),
        "cache_on": measure_concurrent(path, overview, runs, timeout, cache=True),
    }
    result["concurrent_p95_ms"] = result["concurrent"]["cache_off"].get("p95_ms")
    log(f"  {result['concurrent']}")
    return rss_mb()


def naive_ratios(result: dict[str, Any]) -> dict[str, Any]:
    naive = result["naive_pages"].get("overview", {})
    if "p50_ms" not in naive:
        return {}
    out = {}
    for label, pages in (("vs_cache_off", result.get("pages_nocache", {})), ("vs_cache_on", result.get("pages", {}))):
        page = pages.get("overview", {})
        if page.get("p50_ms"):
            out[label] = round(naive["p50_ms"] / page["p50_ms"], 1)
    return out


def evaluate(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each budget with the figure it is judged on. The first view after an import runs every query once
    (cold); with the cache disabled a query runs again each time a page asks for it, which no real view
    does: both are judged, disabled being the conservative one."""
    def page_p(pages: dict, key: str, name: str | None = None) -> float | None:
        values = [p.get(key) for n, p in pages.items() if name in (None, n)]
        if not values or any(v is None for v in values):
            return None
        return max(values)

    pages, pages_nocache = result.get("pages", {}), result.get("pages_nocache", {})
    pages_cold = result.get("pages_cold", {})
    concurrent = result.get("concurrent", {})
    naive = result.get("naive_ratio", {})
    rss = result.get("rss", {})
    # key: (the figure judged, the cache-on figure beside it where the budget is judged cache off)
    figures = {
        "overview_p50": (page_p(pages_nocache, "p50_ms", "overview"), page_p(pages, "p50_ms", "overview")),
        "naive_ratio": (naive.get("vs_cache_off"), naive.get("vs_cache_on")),
        "pages_p95_cache_on": (page_p(pages, "p95_ms"), None),
        "pages_p50_cold": (page_p(pages_cold, "p50_ms"), None),
        "pages_p50_cache_off": (page_p(pages_nocache, "p50_ms"), None),
        "concurrent_p95_cache_on": (concurrent.get("cache_on", {}).get("p95_ms"), None),
        "concurrent_p95_cache_off": (concurrent.get("cache_off", {}).get("p95_ms"), None),
        "rss": (rss.get("serving_peak_mb"), None),
        "import_rss": (rss.get("import_peak_mb"), None),
        "refresh": (result.get("refresh_ms"), None),
        "undo": (result.get("undo_max_ms"), None),
        "file_import": (result.get("file_import_ms"), None),
        "shared_visible": (_shared_visible(result), None),
    }
    slowest = {"pages_p95_cache_on": _slowest(pages, "p95_ms"),
               "pages_p50_cold": _slowest(pages_cold, "p50_ms"),
               "pages_p50_cache_off": _slowest(pages_nocache, "p50_ms")}
    out = []
    for scale, key, text, limit, unit in BUDGETS:
        value, cached = figures[key]
        met = None if value is None else value >= limit if key == "naive_ratio" else value <= limit
        budget = {"budget": key, "set_for_scale": scale, "what": text, "limit": limit, "unit": unit,
                  "value": value, "value_cache_on": cached, "met": met}
        if key in slowest:
            budget["slowest"] = slowest[key]
        if key == "file_import" and "file_import" in result:
            budget["rows"] = result["file_import"]["xlsx"].get("rows_imported")
        out.append(budget)
    return out


def _shared_visible(result: dict[str, Any]) -> float | None:
    shown = result.get("shared", {}).get("import")
    return None if not shown else max(shown["visible_after_ms"], shown["undo_visible_after_ms"])


def _slowest(pages: dict, key: str) -> str | None:
    """The page a max-over-pages budget is judged on."""
    timed_pages = {n: p[key] for n, p in pages.items() if p.get(key) is not None}
    return max(timed_pages, key=timed_pages.get) if timed_pages else None


def _short(r: dict[str, Any]) -> str:
    if "p50_ms" in r:
        return f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms (n={r['n']})"
    return json.dumps(r, ensure_ascii=False)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", choices=("s", "m", "l"), required=True)
    p.add_argument("--json", action="store_true", help="print the result as JSON (progress goes to stderr)")
    p.add_argument("--db", help="benchmark database file (default data/bench-<scale>.duckdb)")
    p.add_argument("--reuse", action="store_true", help="keep an existing database of this scale")
    p.add_argument("--runs", type=int, default=15, help="timed warm runs per page and query (≥5)")
    p.add_argument("--naive", choices=("auto", "yes", "no"), default="auto",
                   help=f"the naive pandas page (auto: only up to {NAIVE_AUTO_MAX_ROWS:,} activity rows)")
    p.add_argument("--import-reps", type=int, default=3, help="repetitions of the one-month import")
    p.add_argument("--out", help="also write the JSON to this file")
    p.add_argument("--max-load", type=float, default=None,
                   help="shared machine: before each phase wait until the 1-min load average is below this")
    p.add_argument("--max-wait", type=float, default=300, help="longest wait per phase for --max-load (s)")
    p.add_argument("--pages", nargs="+", help="time only these pages (short names: overview team …)")
    p.add_argument("--only", choices=("import", "file-import"),
                   help="run one phase alone: import = the imports and their undos (no queries or pages); "
                        "file-import = the import from an .xlsx/.csv file and the raw reads")
    p.add_argument("--shared", metavar="URL", default=None,
                   help="also time the shared store: an EMPTY postgresql:// store, seeded from the benchmark "
                        "database (docs/shared-store.md)")
    p.add_argument("--file-rows", type=int, default=None,
                   help="rows of the file-import log (default by scale: "
                        + ", ".join(f"{k} {v:,}" for k, v in FILE_IMPORT_ROWS.items() if k != "tiny") + ")")


@contextlib.contextmanager
def _stdout_to_stderr(active: bool) -> Iterator[None]:
    if not active:
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def main(args: argparse.Namespace) -> int:
    """Entry point of `python -m outreach bench`."""
    log = (lambda s: print(s, file=sys.stderr, flush=True)) if args.json else (lambda s: print(s, flush=True))
    with _stdout_to_stderr(args.json):  # --json: nothing but the JSON on stdout (DuckDB progress bars…)
        result = run(ALL_SCALES[args.scale], db=args.db, reuse=args.reuse, runs=max(5, args.runs),
                     naive=args.naive, import_reps=max(1, args.import_reps), log=log,
                     max_load=args.max_load, max_wait=args.max_wait, pages=args.pages,
                     only=getattr(args, "only", None), file_rows=getattr(args, "file_rows", None),
                     shared=getattr(args, "shared", None))
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    if args.json:
        print(text)
    else:
        for case, r in result.get("import", {}).items():
            print(f"import {case}: {r['rows']:,} rows, medians of {len(r['runs'])}: commit {r['commit_ms']} ms, "
                  f"refresh {r['refresh_ms']} ms, undo {r['undo_ms']} ms, peak RSS {r['peak_rss_mb']} MB")
        if "file_import" in result:
            fi = result["file_import"]
            for fmt in ("xlsx", "csv"):
                r = fi[fmt]
                print(f"import from {fmt}: " + (r["error"] if "error" in r else
                      f"{r['rows_imported']:,} rows, parse {r['parse_ms']} + commit {r['commit_ms']} = "
                      f"{r['total_ms']} ms, {r['rows_per_s']:,} rows/s ({r.get('share_of_raw_read')} of the raw read)"))
            for name, r in fi["raw_read"].items():
                print(f"raw read {name}: {r['rows_per_s']:,} rows/s")
        for b in result["budgets"]:
            verdict = {True: "met", False: "NOT met", None: "not measured"}[b["met"]]
            print(f"[{b['set_for_scale']}] {b['what']}: {b['value']} {b['unit']} (limit {b['limit']}) — {verdict}")
    return 0


def cli() -> int:
    p = argparse.ArgumentParser(prog="python -m bench.run")
    add_arguments(p)
    return main(p.parse_args())


if __name__ == "__main__":
    raise SystemExit(cli())
