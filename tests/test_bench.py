"""The benchmark at a tiny scale: the generated database is what imports would build, and one run
produces every figure the issue asks for (and leaves the database as it found it)."""

from __future__ import annotations

import json
import shutil

import pytest

from bench.file_import import FILE_IMPORT_ROWS
from bench.generate import GENERATED_TYPES, TINY, generate, one_month_file
from bench.run import BUDGETS, run
from outreach import cli, store
from outreach.ingest import load
from outreach.shared import seed
from tests.shared_backend import backend_specific


def consistency(con) -> dict[str, object]:
    one = lambda sql: store.scalar(con, sql)  # noqa: E731
    return {
        "activity_actions": one("SELECT sum(count) FROM activity"),
        "agg_actions": one("SELECT sum(actions) FROM agg_activity"),
        "activity_rows": one("SELECT count(*) FROM activity"),
        "agg_records": one("SELECT sum(records) FROM agg_activity"),
        "matched_actions": one("SELECT sum(count) FROM activity WHERE member_id IS NOT NULL"),
        "member_month_actions": one("SELECT sum(actions) FROM agg_member_month"),
        "dated_actions": one("SELECT sum(count) FROM activity WHERE day IS NOT NULL"),
        "day_actions": one("SELECT sum(actions) FROM agg_activity_day"),
    }


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "bench-tiny.duckdb"
    generate(path, TINY, log=lambda _: None)
    return path


def test_generated_summaries_agree_with_raw_activity(tiny_db):
    con = store.connect(tiny_db, read_only=True)
    try:
        c = consistency(con)
        assert c["activity_rows"] == TINY.actions
        assert c["agg_actions"] == c["activity_actions"]
        assert c["agg_records"] == c["activity_rows"]
        assert c["member_month_actions"] == c["matched_actions"]
        assert c["day_actions"] == c["dated_actions"]
        assert store.scalar(con, "SELECT count(*) FROM members WHERE status = 'active'") == TINY.members
        assert store.scalar(con, "SELECT count(*) FROM units") == TINY.units
        # a handful match no roster member: counted, flagged
        assert store.scalar(con, "SELECT count(*) FROM activity WHERE match = 'unmatched'") > 0
        # the roster of the last month is the whole roster
        assert store.scalar(con, "SELECT sum(members) FROM roster_month WHERE month = "
                                 "(SELECT max(month) FROM roster_month)") == TINY.members
        # every batch is recorded, with coverage, and the import's batch ids continue after them
        assert store.scalar(con, "SELECT count(*) FROM batches") == TINY.counties * (1 + TINY.months)
        assert store.scalar(con, "SELECT count(DISTINCT month) FROM batch_coverage WHERE kind = 'activity'") == 24
    finally:
        con.close()


def test_generated_coverage_and_units_are_what_imports_record(tiny_db):
    """Coverage per (county, unit, month, type): a monthly file is a wide summary carrying every generated
    type for every unit it names; a roster covers (county, unit) with no type; batches.units are unit keys."""
    con = store.connect(tiny_db, read_only=True)
    one = lambda sql: store.scalar(con, sql)  # noqa: E731
    try:
        assert one("SELECT count(*) FROM batch_coverage WHERE county IS NULL") == 0
        assert one("SELECT count(*) FROM batch_coverage WHERE kind = 'roster' AND type IS NOT NULL") == 0
        assert one("SELECT count(*) FROM batch_coverage WHERE kind = 'roster'") == TINY.units
        assert one("""
            SELECT count(*) FROM (SELECT DISTINCT batch_id, county, unit, month FROM activity) AS a
            JOIN batch_coverage AS c ON c.kind = 'activity' AND c.batch_id = a.batch_id
             AND c.county = a.county AND c.unit = a.unit AND c.month = a.month
        """) == one("SELECT count(*) FROM batch_coverage WHERE kind = 'activity'")
        assert one("""
            SELECT count(*) FROM (SELECT DISTINCT batch_id, county, unit, month FROM activity)
        """) * len(GENERATED_TYPES) == one("SELECT count(*) FROM batch_coverage WHERE kind = 'activity'")
        assert one("""
            SELECT count(*) FROM batches AS b
            WHERE b.units IS DISTINCT FROM (
                SELECT list(DISTINCT unit_key(c.county, c.unit) ORDER BY unit_key(c.county, c.unit))
                FROM batch_coverage AS c WHERE c.batch_id = b.batch_id)
        """) == 0
    finally:
        con.close()


def test_a_reupload_of_a_generated_month_replaces_it_whole_and_its_undo_restores_it(tiny_db, tmp_path):
    """The file one_month_file hands to load.commit reports the keys the generated batch owns: importing
    it leaves none of that batch's rows live, records the same coverage, and its undo brings them back."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(tiny_db, path)
    con = store.connect(path)
    one = lambda sql, p=None: store.scalar(con, sql, p)  # noqa: E731
    try:
        last = TINY.months - 1
        old = one("SELECT max(batch_id) FROM batches WHERE kind = 'activity'")  # the last month's last county
        county = one("SELECT max(county) FROM activity WHERE batch_id = ?", [old])
        c = int(county[-3:]) - 1
        before = consistency(con)
        parsed = one_month_file(con.cursor(), TINY, last, "test", [c])
        result = load.commit(con, parsed, user="test")
        coverage = "SELECT county, unit, month, type FROM batch_coverage WHERE batch_id = ? ORDER BY ALL"
        assert con.execute(coverage, [result.batch_id]).fetchall() == con.execute(coverage, [old]).fetchall()
        units = "SELECT units FROM batches WHERE batch_id = ?"
        assert one(units, [result.batch_id]) == one(units, [old])
        assert one("SELECT count(*) FROM activity WHERE batch_id = ?", [old]) == 0
        assert one("SELECT count(*) FROM activity WHERE batch_id = ?", [result.batch_id]) == len(parsed.records)
        load.undo(con, result.batch_id, user="test")
        assert consistency(con) == before
        assert one("SELECT count(*) FROM activity_superseded") == 0
    finally:
        con.close()


def test_one_run_reports_every_figure_and_leaves_the_data_as_it_was(tiny_db):
    result = run(TINY, db=tiny_db, reuse=True, runs=2, import_reps=1, naive="yes", log=lambda _: None,
                 pages=["overview"])
    json.dumps(result, ensure_ascii=False)  # serialisable as is
    for key in ("scale", "pages", "naive_pages", "queries", "rss_mb", "refresh_ms", "concurrent_p95_ms",
                "machine", "duckdb_version"):
        assert key in result, key
    assert {"p50_ms", "p95_ms"} <= result["pages"]["overview"].keys()
    assert "p50_ms" in result["naive_pages"]["overview"]
    assert {"p50_ms", "p95_ms"} <= result["queries"]["members_by_county"].keys()
    assert result["import"]["new_month_all_units"]["rows"] > 0
    assert set(result["import"]) == {"new_month_all_units", "new_month_one_county", "replace_last_month_one_county",
                                     "replace_last_month_all_units", "roster_reupload_one_county"}
    assert all(case["undo_ms"] > 0 for case in result["import"].values())  # every undo is timed
    assert result["undo_max_ms"] == max(case["undo_ms"] for case in result["import"].values())
    assert "undo" in {b["budget"] for b in result["budgets"]}
    assert all(case["summaries_agree"] for case in result["import"].values())  # after commit and after undo
    assert result["rss_mb"] > 0 and result["refresh_ms"] > 0
    budgets = {b["budget"]: b for b in result["budgets"]}
    assert set(budgets) == {key for _, key, _, _, _ in BUDGETS}
    assert {"pages_p95_cache_on", "pages_p50_cold", "pages_p50_cache_off", "concurrent_p95_cache_on",
            "concurrent_p95_cache_off",
            "rss", "import_rss", "refresh", "undo", "file_import"} <= set(budgets)
    for key in ("pages_p95_cache_on", "pages_p50_cold", "pages_p50_cache_off", "concurrent_p95_cache_on",
                "concurrent_p95_cache_off",
                "rss", "import_rss", "refresh", "undo", "file_import"):
        assert budgets[key]["value"] > 0 and budgets[key]["met"] in (True, False), key
    # the split page budgets: the slowest page with the cache on (p95) and off (p50)
    assert budgets["pages_p95_cache_on"]["value"] == result["pages"]["overview"]["p95_ms"]
    assert budgets["pages_p50_cache_off"]["value"] == result["pages_nocache"]["overview"]["p50_ms"]
    assert budgets["pages_p50_cold"]["value"] == result["pages_cold"]["overview"]["p50_ms"]
    assert budgets["pages_p95_cache_on"]["slowest"] == "overview"
    assert budgets["concurrent_p95_cache_on"]["value"] == result["concurrent"]["cache_on"]["p95_ms"]
    assert budgets["concurrent_p95_cache_off"]["value"] == result["concurrent"]["cache_off"]["p95_ms"]
    # memory: the whole-month import's own peak (reset before its preview and commit)
    whole_month = result["import"]["new_month_all_units"]
    assert result["rss"]["import_peak_mb"] == whole_month["peak_rss_mb"] == budgets["import_rss"]["value"]
    assert all(r["peak_rss_mb"] > 0 and r["undo_peak_rss_mb"] > 0 for r in whole_month["runs"])
    assert result["rss"]["imports_all_cases_peak_mb"] >= result["rss"]["import_peak_mb"]
    # the evaluation queries run with the rubric's caps and points; nothing is skipped
    for name in ("eval_member_points", "eval_unit_actions"):
        assert {"p50_ms", "p95_ms"} <= result["queries"][name].keys(), result["queries"][name]
    assert not [n for n, q in result["queries"].items() if "skipped" in q or "error" in q]
    check_file_import(result)
    con = store.connect(tiny_db, read_only=True)
    try:
        c = consistency(con)
        assert c["activity_rows"] == TINY.actions  # every benchmark import was undone
        assert c["agg_actions"] == c["activity_actions"]
        assert store.scalar(con, "SELECT count(*) FROM activity_superseded") == 0
    finally:
        con.close()


def check_file_import(result) -> None:
    """The import from a file: every row written reaches the database through the sandboxed parse, the
    speeds are there, and the data is as it was afterwards."""
    fi = result["file_import"]
    assert fi["rows_written"] == FILE_IMPORT_ROWS["tiny"]  # the month has more rows than that
    for fmt in ("xlsx", "csv"):
        case = fi[fmt]
        assert "error" not in case, case
        assert case["rows_parsed"] == case["rows_imported"] == fi["rows_written"]
        assert case["all_rows_imported"] and case["summaries_agree"]
        assert case["rows_rejected"] == 0 and case["rows_duplicate"] == 0
        assert case["total_ms"] == pytest.approx(case["parse_ms"] + case["commit_ms"], abs=0.2)
        assert case["rows_per_s"] > 0 and case["parse_rows_per_s"] >= case["rows_per_s"]
        assert case["refresh_ms"] > 0 and case["undo_ms"] > 0 and case["peak_rss_mb"] > 0
        assert 0 < case["share_of_raw_read"] <= case["parse_share_of_raw_read"]
        child = case["child_memory"]  # the parse child's peaks, from an extra parse under the same cap
        assert child["rows"] == fi["rows_written"] and 0 < child["rss_peak_mb"] <= child["vm_size_after_mb"]
        assert child["vm_size_before_mb"] <= child["vm_size_after_mb"] < child["cap_mb"]
    for raw in ("calamine_xlsx", "duckdb_read_csv"):
        assert fi["raw_read"][raw]["rows"] == fi["rows_written"] and fi["raw_read"][raw]["rows_per_s"] > 0
    assert fi["activity_rows_after"] == fi["activity_rows_before"] == TINY.actions
    assert fi["data_unchanged"]
    budget = next(b for b in result["budgets"] if b["budget"] == "file_import")
    assert budget["value"] == result["file_import_ms"] == fi["xlsx"]["total_ms"]
    assert budget["rows"] == fi["rows_written"]


def test_cold_pages_start_every_run_with_an_empty_query_cache(tiny_db, monkeypatch):
    """The cold mode (the first leader after an import) empties the runner's cache before each run, and
    each run fills it again: the cache it empties is never empty, and the cache-on mode never empties it."""
    from bench.run import close_app_database, measure_pages
    from outreach import queries

    found_before_clearing: list[int] = []
    clear = queries.clear_cache

    def counting_clear() -> None:
        found_before_clearing.append(len(queries._RESULTS.data))
        clear()

    monkeypatch.setattr(queries, "clear_cache", counting_clear)
    clear()
    try:
        out = measure_pages(tiny_db, runs=3, timeout=120, log=lambda _: None, only=["overview"])
    finally:
        close_app_database(tiny_db)
    assert out["cold"]["overview"]["n"] == out["cache_on"]["overview"]["n"] == 3
    assert len(found_before_clearing) == 1 + 2 + 3  # the first run, two warm-up runs, three timed runs
    assert all(n > 0 for n in found_before_clearing)  # the cache-on runs and every cold run filled it


def test_only_file_import_times_the_import_from_a_file_alone(tiny_db):
    result = run(TINY, db=tiny_db, reuse=True, runs=2, import_reps=1, log=lambda _: None, only="file-import")
    json.dumps(result, ensure_ascii=False)
    assert "pages" not in result and "queries" not in result and "import" not in result
    check_file_import(result)
    budgets = {b["budget"]: b for b in result["budgets"]}
    assert budgets["undo"]["value"] is None and budgets["import_rss"]["value"] is None
    assert result["rss"]["file_import_peak_mb"] > 0


def test_only_import_times_the_imports_and_undos_without_the_pages(tiny_db):
    result = run(TINY, db=tiny_db, reuse=True, runs=2, import_reps=1, log=lambda _: None, only="import")
    json.dumps(result, ensure_ascii=False)
    assert "pages" not in result and "queries" not in result
    assert result["undo_max_ms"] > 0 and result["refresh_ms"] > 0
    budgets = {b["budget"]: b for b in result["budgets"]}
    assert budgets["undo"]["value"] == result["undo_max_ms"] and budgets["overview_p50"]["value"] is None
    assert budgets["import_rss"]["value"] == result["rss"]["import_peak_mb"] > 0
    assert "file_import" not in result and budgets["file_import"]["value"] is None


def test_cli_has_the_bench_command():
    args = cli._parser().parse_args(["bench", "--scale", "m", "--json"])
    assert args.command == "bench" and args.scale == "m" and args.json
    args = cli._parser().parse_args(["bench", "--scale", "m", "--only", "import"])
    assert args.only == "import"
    args = cli._parser().parse_args(["bench", "--scale", "s", "--only", "file-import", "--file-rows", "5000"])
    assert args.only == "file-import" and args.file_rows == 5000


@backend_specific
def test_the_shared_store_phase_times_seed_replay_pages_and_visibility(tiny_db, pg_cluster):
    url = pg_cluster.create_schema("outreach_bench_tests")
    result = run(TINY, db=tiny_db, reuse=True, runs=2, import_reps=1, naive="no", log=lambda _: None,
                 pages=["overview"], shared=url)
    shared = result["shared"]
    con = store.connect(tiny_db, read_only=True)
    try:
        tables = seed.tables(con)
        expected_rows = sum(store.scalar(con, f'SELECT count(*) FROM "{t}"') for t in tables)
        batches = store.scalar(con, "SELECT count(*) FROM batches")
    finally:
        con.close()
    assert shared["seed"]["rows"] == expected_rows and shared["seed"]["ms"] > 0
    assert shared["new_server_replay"]["ms"] > 0 and shared["new_server_replay"]["file_mb"] > 0
    assert {"p50_ms", "p95_ms"} <= shared["pages"]["overview"].keys()
    assert {"p50_ms", "p95_ms"} <= shared["pages_nocache"]["overview"].keys()
    shown = shared["import"]
    assert shown["rows"] > 0 and 0 <= shown["visible_after_ms"] < 30_000
    budget = next(b for b in result["budgets"] if b["budget"] == "shared_visible")
    assert budget["value"] == max(shown["visible_after_ms"], shown["undo_visible_after_ms"])
    assert "password" not in shared["store"]
    # The store holds the benchmark's data and nothing of the timed import (it was undone).
    check = store.connect(url, replica=pg_cluster.root / "bench-check.duckdb")
    try:
        assert store.scalar(check, "SELECT count(*) FROM activity") == TINY.actions
        assert store.scalar(check, "SELECT count(*) FROM batches") == batches + 1  # the timed one, reverted
        assert store.scalar(check, "SELECT status FROM batches ORDER BY batch_id DESC LIMIT 1") == "reverted"
    finally:
        check.close()
