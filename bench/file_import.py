"""Import from a file (issue #15): a monthly activity log written as a real .xlsx (and the same rows as a
UTF-8 CSV), timed from the file's bytes to refreshed summaries through the app's own path — the
sandboxed parse (outreach.ingest.sandbox.parse_in_child: a forked child reads, maps, normalises and
validates), then load.commit (match, replace, refresh) — and undone again, so the data stays as
generated. Beside it, in the same run, the raw read speed of the readers underneath: python-calamine
alone on the .xlsx and DuckDB's own read_csv on the CSV, so the report can say what share of the
reader's speed the whole import reaches.

The log is long (one row per member, action type and platform, with 日期 or only 月份, 数量 and 标题 for
events), as the 工作台账 template asks; its rows are those bench.generate makes for the month after the
data (a new month, as the monthly upload is), exact duplicates left out (the parser would drop them).
The files are written in a temp directory by a child process (xlsxwriter, shared strings as Excel saves
them), so this process's memory is not the writer's.

    python -m bench.file_import write ROWS.parquet OUT.xlsx   (the writer child; run.py calls it)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Imports stay inside the functions: a sandbox child imports this module to run probe_parse, and its
# memory should be the parser's, not DuckDB's.
if TYPE_CHECKING:
    import duckdb

    from bench.generate import Scale

# Rows of the log by bench scale: the budget (≤ 5 s from bytes to refreshed summaries) is for 200k at m.
FILE_IMPORT_ROWS = {"tiny": 1_000, "s": 20_000, "m": 200_000, "l": 200_000}
HEADERS = ("月份", "日期", "县区", "单位", "姓名", "手机号", "类型", "平台", "数量", "标题")
SHEET = "工作台账"


def _label_case(column: str, codes: tuple[str, ...], prefix: str) -> str:
    """The Chinese name of each code, as the template's drop-downs offer them."""
    from outreach.i18n import t

    whens = " ".join(f"WHEN '{c}' THEN '{t(f'{prefix}.{c}', 'zh')}'" for c in codes)
    return f"CASE {column} {whens} END"


def log_rows_sql(scale: Scale, rows: int) -> str:
    """The log's rows as the file shows them (Chinese type and platform names, 月份 as `2025年01月`): those
    bench.generate makes for the month after the data, without exact duplicates, at most ``rows``.
    Needs the temp tables g_units and _gm (bench.generate)."""
    from bench.generate import activity_sql, month_at
    from outreach import vocab

    m = scale.months
    lo = scale.actions + 10_000_000 * (m + 1) + 5_000_000  # apart from the rows one_month_file builds
    n = int(rows * 1.1) + 100  # a margin for the duplicates left out
    month = month_at(scale, m)
    return f"""
        SELECT '{month:%Y年%m月}' AS "月份", day AS "日期", county AS "县区", unit AS "单位", name AS "姓名",
               phone AS "手机号", {_label_case('type', vocab.ACTIVITY_TYPES, 'type')} AS "类型",
               {_label_case('platform', vocab.PLATFORMS, 'platform')} AS "平台", count AS "数量", title AS "标题"
        FROM (SELECT DISTINCT day, county, unit, name, phone, type, platform, count, title
              FROM ({activity_sql(scale, m, lo, lo + n, None)}))
        ORDER BY county, unit, day NULLS LAST, name, type, platform, count, title
        LIMIT {rows}
    """


def write_files(con: duckdb.DuckDBPyConnection, scale: Scale, rows: int, out_dir: Path,
                log: Callable[[str], None] = print) -> dict[str, Any]:
    """The log as ``out_dir``/…xlsx and …csv (UTF-8); returns their paths, sizes and row count."""
    from bench.generate import _gm_sql, _units_sql, month_at
    from outreach import store

    cur = con.cursor()  # temp tables are per connection: one cursor for all of them
    try:
        cur.execute(_units_sql(scale))
        cur.execute(_gm_sql())
        cur.execute(f"CREATE OR REPLACE TEMP TABLE _file_rows AS {log_rows_sql(scale, rows)}")
        written = store.scalar(cur, "SELECT count(*) FROM _file_rows")
        month = month_at(scale, scale.months)
        stem = f"bench-{scale.name}-{month:%Y-%m}-网宣工作台账"
        csv_path, parquet = out_dir / f"{stem}.csv", out_dir / f"{stem}.parquet"
        cur.execute(f"COPY _file_rows TO '{csv_path}' (HEADER, DELIMITER ',', DATEFORMAT '%Y-%m-%d')")
        cur.execute(f"COPY _file_rows TO '{parquet}' (FORMAT parquet)")
        cur.execute("DROP TABLE _file_rows")
    finally:
        cur.close()
    xlsx_path = out_dir / f"{stem}.xlsx"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.file_import", "write", str(parquet), str(xlsx_path)],
                   cwd=store.ROOT, check=True)
    log(f"  wrote {written:,} rows: {xlsx_path.name} ({xlsx_path.stat().st_size / 2**20:.1f} MB, "
        f"{time.perf_counter() - t0:.1f} s), .csv ({csv_path.stat().st_size / 2**20:.1f} MB)")
    parquet.unlink()
    return {"rows": written, "xlsx": xlsx_path, "csv": csv_path, "month": month}


def write_xlsx(parquet: Path, xlsx_path: Path) -> None:
    """The child's work: the rows as one sheet of an .xlsx, as Excel would save it (shared strings, dates
    as date cells, counts as numbers, phones as text)."""
    import pandas as pd
    import xlsxwriter

    df = pd.read_parquet(parquet)
    book = xlsxwriter.Workbook(str(xlsx_path), {"strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet(SHEET)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for c, header in enumerate(HEADERS):
        sheet.write_string(0, c, header)
    date_col, count_col = HEADERS.index("日期"), HEADERS.index("数量")
    for r, row in enumerate(df[list(HEADERS)].itertuples(index=False, name=None), start=1):
        for c, value in enumerate(row):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if c == date_col:
                day = value if isinstance(value, dt.date) else pd.Timestamp(value).date()
                sheet.write_datetime(r, c, dt.datetime(day.year, day.month, day.day), date_format)
            elif c == count_col:
                sheet.write_number(r, c, int(value))
            else:
                sheet.write_string(r, c, str(value))
    book.close()


# --- raw reads ------------------------------------------------------------------------------------

def calamine_read(data: bytes) -> int:
    """python-calamine alone: the workbook from bytes, the first sheet as Python rows; the data rows."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return len(book.get_sheet_by_index(0).to_python(skip_empty_area=False)) - 1


def duckdb_read_csv(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """DuckDB's own read_csv (types sniffed) into a table of ``con``; the data rows."""
    from outreach import store

    con.execute("CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv(?, header = true)", [str(path)])
    return int(store.scalar(con, "SELECT count(*) FROM t"))


def raw_read(fn: Callable[[], int], rows: int, reps: int) -> dict[str, Any]:
    samples, got = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        got = fn()
        samples.append((time.perf_counter() - t0) * 1000)
    ms = statistics.median(samples)
    return {"rows": got, "ms": round(ms, 1), "rows_per_s": round(rows / (ms / 1000)) if ms else None,
            "runs_ms": [round(s, 1) for s in samples]}


# --- the parse child's memory ---------------------------------------------------------------------

def _vm_status() -> dict[str, float]:
    out = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("VmPeak", "VmSize", "VmHWM", "VmRSS"):
                out[key] = round(int(rest.split()[0]) / 1024, 1)
    return out


def probe_parse(data: bytes, file_name: str) -> dict[str, Any]:
    """Runs in a sandbox child (an untimed extra parse): parse_file as the app's child runs it, and the
    child's memory around it. VmSize is what the address-space cap (OUTREACH_PARSE_MEMORY) limits; the
    child inherits the fork server's VmPeak, so only VmSize before and after the parse (the records
    still held) are its own, and VmHWM once reset at the start."""
    from outreach.ingest.parse import parse_file

    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")
    before = _vm_status()
    parsed = parse_file(data, file_name)
    after = _vm_status()
    return {"rows": len(parsed.records), "vm_size_before_mb": before.get("VmSize"),
            "vm_size_after_mb": after.get("VmSize"), "rss_before_mb": before.get("VmRSS"),
            "rss_peak_mb": after.get("VmHWM"), "inherited_vm_peak_mb": before.get("VmPeak")}


def child_memory(data: bytes, file_name: str) -> dict[str, Any]:
    """The parse child's address space and resident set for this file (probe_parse), under the app's limits."""
    from outreach.ingest import sandbox

    limit = sandbox.memory_limit()
    status, payload, exitcode = sandbox.run_limited(probe_parse, (data, file_name), limit, sandbox.time_limit())
    out: dict[str, Any] = {"cap_mb": round(limit / 2**20)}
    if status != "ok":
        return {**out, "error": f"{status} (exit code {exitcode})"}
    out.update(payload)
    return out


# --- the import -----------------------------------------------------------------------------------

def import_once(con: duckdb.DuckDBPyConnection, path: Path, rows_written: int) -> dict[str, Any]:
    """One import of the file through the app's path (sandboxed parse, preview, load.commit), then undo;
    the process's peak RSS from the bytes to the commit (the child's memory is its own, under its cap)."""
    from bench.run import reset_peak_rss, rss_mb, summaries_agree, timed_refresh
    from outreach import store
    from outreach.ingest import load, sandbox

    data = path.read_bytes()
    run: dict[str, Any] = {"bytes": len(data)}
    reset_peak_rss()
    t0 = time.perf_counter()
    parsed = sandbox.parse_in_child(data, path.name)  # kind "auto", as the upload page asks
    run["parse_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    run["rows_parsed"] = len(parsed.records)
    run.update(rows_seen=parsed.rows_seen, rows_rejected=parsed.rows_rejected, rows_duplicate=parsed.rows_duplicate,
               issues=len(parsed.issues), kind=parsed.kind)
    t0 = time.perf_counter()
    preview = load.preview(con, parsed)
    run["preview_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    run["unmatched"] = preview.unmatched
    with timed_refresh() as spent:
        t0 = time.perf_counter()
        result = load.commit(con, parsed, user="bench")
        run["commit_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    run["refresh_ms"] = round(spent["total"], 1)
    run["peak_rss_mb"] = rss_mb()["peak_mb"]
    run["total_ms"] = round(run["parse_ms"] + run["commit_ms"], 1)
    run["total_with_preview_ms"] = round(run["total_ms"] + run["preview_ms"], 1)
    run["rows_imported"] = store.scalar(con, "SELECT count(*) FROM activity WHERE batch_id = ?", [result.batch_id])
    run["rows_per_s"] = round(run["rows_imported"] / (run["total_ms"] / 1000)) if run["total_ms"] else None
    run["parse_rows_per_s"] = round(run["rows_parsed"] / (run["parse_ms"] / 1000)) if run["parse_ms"] else None
    run["summaries_agree"] = summaries_agree(con)
    t0 = time.perf_counter()
    load.undo(con, result.batch_id, user="bench")
    run["undo_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    run["summaries_agree_after_undo"] = summaries_agree(con)
    run["all_rows_imported"] = run["rows_parsed"] == rows_written == run["rows_imported"]
    return run


def measure_file_import(con: duckdb.DuckDBPyConnection, scale: Scale, reps: int, log: Callable[[str], None],
                        rows: int | None = None) -> dict[str, Any]:
    """The whole measurement: write the files, import each ``reps`` times (medians; each undone), then
    the raw reads. ``rows`` defaults to FILE_IMPORT_ROWS of the scale."""
    import duckdb

    from outreach import store
    from outreach.ingest import sandbox
    from outreach.ingest.issues import ImportRefused

    rows = rows or FILE_IMPORT_ROWS.get(scale.name, 20_000)
    activity_before = store.scalar(con, "SELECT count(*) FROM activity")
    out: dict[str, Any] = {"rows_asked": rows, "activity_rows_before": activity_before,
                           "sandbox": {"memory_limit_mb": round(sandbox.memory_limit() / 2**20),
                                       "time_limit_s": sandbox.time_limit()}}
    sandbox.warm_up()  # the app starts the fork server at start-up, not on the first upload
    with tempfile.TemporaryDirectory(prefix="outreach-bench-file-") as tmp:
        files = write_files(con, scale, rows, Path(tmp), log)
        written = out["rows_written"] = files["rows"]
        out["month"] = files["month"].isoformat()
        for fmt in ("xlsx", "csv"):
            path: Path = files[fmt]
            runs = []
            for _ in range(reps):
                try:
                    run = import_once(con, path, written)
                except ImportRefused as exc:  # e.g. the sandbox's memory or time limit: say so, go on
                    run = {"error": f"{exc.issue.code}: {json.dumps(exc.issue.params, ensure_ascii=False)}"}
                except sandbox.ParserBug as exc:
                    run = {"error": f"parser bug: {exc.summary}"}
                runs.append(run)
                log(f"  file import {fmt}: " + (run["error"] if "error" in run else
                    f"{run['rows_imported']:,} rows, parse {run['parse_ms']:.0f} ms + commit {run['commit_ms']:.0f} ms "
                    f"(refresh {run['refresh_ms']:.0f}) = {run['total_ms']:.0f} ms, {run['rows_per_s']:,} rows/s; "
                    f"preview {run['preview_ms']:.0f} ms, undo {run['undo_ms']:.0f} ms"))
            out[fmt] = _case(runs, path)
            out[fmt]["child_memory"] = child_memory(path.read_bytes(), path.name)
            log(f"  parse child's memory ({fmt}, an extra untimed parse): {out[fmt]['child_memory']}")
        reads = max(3, reps)
        data = files["xlsx"].read_bytes()
        scratch = duckdb.connect()  # in memory, its own: the bench database is not written
        try:
            scratch.execute("SET enable_progress_bar = false")
            out["raw_read"] = {
                "calamine_xlsx": raw_read(lambda: calamine_read(data), written, reads),
                "duckdb_read_csv": raw_read(lambda: duckdb_read_csv(scratch, files["csv"]), written, reads),
            }
        finally:
            scratch.close()
    for fmt, raw in (("xlsx", "calamine_xlsx"), ("csv", "duckdb_read_csv")):
        case, speed = out[fmt], out["raw_read"][raw]["rows_per_s"]
        if "rows_per_s" in case and speed:
            case["share_of_raw_read"] = round(case["rows_per_s"] / speed, 4)
            case["parse_share_of_raw_read"] = round(case["parse_rows_per_s"] / speed, 4)
    log(f"  raw reads: calamine {out['raw_read']['calamine_xlsx']['rows_per_s']:,} rows/s, "
        f"DuckDB read_csv {out['raw_read']['duckdb_read_csv']['rows_per_s']:,} rows/s")
    out["activity_rows_after"] = store.scalar(con, "SELECT count(*) FROM activity")
    out["data_unchanged"] = (out["activity_rows_after"] == activity_before
                             and store.scalar(con, "SELECT count(*) FROM activity_superseded") == 0)
    return out


def _case(runs: list[dict[str, Any]], path: Path) -> dict[str, Any]:
    good = [r for r in runs if "error" not in r]
    case: dict[str, Any] = {"file": path.name, "bytes": path.stat().st_size, "runs": runs}
    if not good:
        case["error"] = runs[0]["error"]
        return case
    for key in ("parse_ms", "preview_ms", "commit_ms", "refresh_ms", "total_ms", "total_with_preview_ms", "undo_ms"):
        case[key] = round(statistics.median(r[key] for r in good), 1)
    for key in ("rows_parsed", "rows_imported", "rows_rejected", "rows_duplicate", "unmatched"):
        case[key] = good[0][key]
    case["rows_per_s"] = round(case["rows_imported"] / (case["total_ms"] / 1000)) if case["total_ms"] else None
    case["parse_rows_per_s"] = round(case["rows_parsed"] / (case["parse_ms"] / 1000)) if case["parse_ms"] else None
    peaks = [r["peak_rss_mb"] for r in good if r.get("peak_rss_mb") is not None]
    case["peak_rss_mb"] = max(peaks) if peaks else None
    case["summaries_agree"] = all(r["summaries_agree"] and r["summaries_agree_after_undo"] for r in good)
    case["all_rows_imported"] = len(good) == len(runs) and all(r["all_rows_imported"] for r in good)
    return case


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[0] != "write":
        print("usage: python -m bench.file_import write ROWS.parquet OUT.xlsx", file=sys.stderr)
        return 2
    write_xlsx(Path(args[1]), Path(args[2]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
