"""The benchmark at a tiny scale: the generated database is what imports would build, and one run
produces every figure the issue asks for (and leaves the database as it found it)."""

from __future__ import annotations

import json

import pytest

from bench.generate import TINY, generate
from bench.run import run
from outreach import cli, store


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
    assert all(case["summaries_agree"] for case in result["import"].values())  # after commit and after undo
    assert result["rss_mb"] > 0 and result["refresh_ms"] > 0
    con = store.connect(tiny_db, read_only=True)
    try:
        c = consistency(con)
        assert c["activity_rows"] == TINY.actions  # every benchmark import was undone
        assert c["agg_actions"] == c["activity_actions"]
        assert store.scalar(con, "SELECT count(*) FROM activity_superseded") == 0
    finally:
        con.close()


def test_cli_has_the_bench_command():
    args = cli._parser().parse_args(["bench", "--scale", "m", "--json"])
    assert args.command == "bench" and args.scale == "m" and args.json
