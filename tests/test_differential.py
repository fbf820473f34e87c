"""Differential test (issue #10): random upload sequences of a generated city against the ground truth.

tests/citygen.py builds a fictional city, the messy rosters and logs its staff would upload, and a plan
of steps (rosters first, then monthly logs, drafts and their corrections, training and meeting sheets,
roster updates, undo of any earlier batch, the same bytes again). Each step goes through the core API
the CLI uses — ``parse_file`` + ``load.commit``, ``load.undo`` — and after EVERY step
``summary.headline`` (what ``summary --json`` prints) must equal the truth the generator kept, for the
whole range and for a single month (the fast mode alternates the two from step to step and checks
both at the last step; a replay and the slow mode check both after every step).

    pytest tests/test_differential.py                       # fast mode: 200 sequences (2 processes)
    pytest tests/test_differential.py -m slow               # 5,000 sequences
    DIFF_SEQUENCES=5000 pytest tests/test_differential.py   # the same through the fast test
    REPLAY_SEED=17 pytest tests/test_differential.py        # one seed, in-process, full message
    DIFF_FEATURES=-section_lines,-faults pytest …           # switch shapes off (see citygen.FEATURES)
    DIFF_STEPS=12 / DIFF_BOTH_PERIODS=1                     # longer sequences / both periods every step

Failing seeds are written to test-artifacts/differential-failing-seeds.txt (one per line) and the
messages to test-artifacts/differential-failures.txt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
import traceback
import types
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import duckdb

try:
    from tests import citygen
except ImportError:  # tests/ on sys.path instead of the repo root
    import citygen

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
FAST_SEQUENCES = 200
SLOW_SEQUENCES = 5000
SHOWN_FAILURES = 3  # full messages in the assertion; the rest are in the artifacts file
FIGURES = ("members", "members_by_county", "units", "actions", "actions_by_type", "actions_by_platform_type",
           "active_members", "trained_members", "training_sessions", "meeting_sessions", "unmatched_rows",
           "batches")


def steps_for(seed: int) -> int:
    """Sequence length, a function of the seed alone so that any failing seed replays as it ran."""
    if os.environ.get("DIFF_STEPS"):
        return int(os.environ["DIFF_STEPS"])
    return 4 + seed % 4  # 4..7 steps: the roster(s), the first month's log, then random steps


def features() -> str:
    return os.environ.get("DIFF_FEATURES", "")


def comparable(figures: dict[str, object]) -> dict[str, object]:
    """The figures the truth knows, with zero entries of the per-county/type/platform maps left out
    (a figure of 0 and a figure not listed say the same)."""
    out: dict[str, object] = {}
    for key in FIGURES:
        value = figures.get(key)
        if isinstance(value, dict):
            value = {str(k): int(n) for k, n in sorted(value.items()) if n}
        elif value is not None:
            value = int(value)
        out[key] = value
    return out


def diff(want: dict[str, object], got: dict[str, object]) -> list[str]:
    lines = []
    for key in FIGURES:
        w, g = want.get(key), got.get(key)
        if w == g:
            continue
        if isinstance(w, dict) and isinstance(g, dict):
            for sub in sorted(set(w) | set(g)):
                if w.get(sub, 0) != g.get(sub, 0):
                    lines.append(f"    {key}[{sub}]: expected {w.get(sub, 0)}, got {g.get(sub, 0)}")
        else:
            lines.append(f"    {key}: expected {w}, got {g}")
    return lines


def _period_text(period: tuple[dt.date | None, dt.date | None]) -> str:
    start, end = period
    if start is None and end is None:
        return "all time"
    return f"{start:%Y-%m}" if start == end else f"{start:%Y-%m}:{end:%Y-%m}"


def both_periods() -> bool:
    """Whether every step checks both periods. The fast mode alternates them (both at the last step) to
    stay within its time; a replay and the slow mode check both after every step, so a replay names the
    very step where the figures first go wrong."""
    return bool(os.environ.get("REPLAY_SEED")) or os.environ.get("DIFF_BOTH_PERIODS", "") not in ("", "0")


def periods_for(plan: citygen.Plan, index: int) -> list[tuple[dt.date | None, dt.date | None]]:
    """All time, and one month: the month the step touched or, half the time, any month with data so
    far (a month the step did not touch must not move either)."""
    step = plan.steps[index]
    pick = random.Random(plan.seed * 1000 + index)
    months = list(step.months) if step.months and pick.random() < 0.5 else citygen.data_months(plan, index)
    month = pick.choice(months)
    periods: list[tuple[dt.date | None, dt.date | None]] = [(None, None), (month, month)]
    if both_periods() or index == len(plan.steps) - 1:
        return periods
    return [periods[(plan.seed + index) % 2]]


def failure_message(plan: citygen.Plan, index: int, headline_error: str) -> str:
    lines = [f"seed {plan.seed} (features {plan.features.describe()}), step {index + 1} of {len(plan.steps)}: "
             f"{headline_error}",
             f"replay: REPLAY_SEED={plan.seed}"
             + (f" DIFF_FEATURES={features()}" if features() else "")
             + (f" DIFF_STEPS={os.environ['DIFF_STEPS']}" if os.environ.get("DIFF_STEPS") else "")
             + " python -m pytest tests/test_differential.py -q -k random_sequences",
             "steps:"]
    for i, step in enumerate(plan.steps[: index + 1]):
        lines.append(f" {'→' if i == index else ' '}{i + 1:2d}. {step.describe()}")
    return "\n".join(lines)


_TEMPLATE: Path | None = None  # per process: an empty database with every migration applied


def _fresh_database(seed: int) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """A new database file for one sequence: a copy of a once-migrated template (migrating from scratch
    costs more than a tenth of a sequence), opened through store.connect like any file. The files live
    in $DIFF_TMP (set by the parent, which removes it) or a temporary folder of this process."""
    import shutil
    import tempfile

    from outreach import store

    global _TEMPLATE
    if _TEMPLATE is None or not _TEMPLATE.exists():
        parent = os.environ.get("DIFF_TMP") or None
        folder = Path(tempfile.mkdtemp(prefix="differential-", dir=parent))
        con = store.connect(folder / "template.duckdb")
        con.execute("CHECKPOINT")
        con.close()
        _TEMPLATE = folder / "template.duckdb"
    path = _TEMPLATE.with_name(f"seq-{seed}.duckdb")
    shutil.copyfile(_TEMPLATE, path)
    con = store.connect(path)
    # Two worker processes share two cores and every query here is tiny: DuckDB's own threads only add
    # CPU (measured: ~25 % more per sequence). A setting of this test connection, not of the product.
    con.execute("SET threads = 1")
    return con, path


def _roster_month_drift(con: duckdb.DuckDBPyConnection) -> str | None:
    """None when roster_month equals what a full rebuild makes of the same batches (rolled back), else how."""
    from outreach.ingest import refresh

    kept = con.execute("SELECT * FROM roster_month ORDER BY ALL").fetchall()
    con.execute("BEGIN")
    try:
        refresh.rebuild_roster_month(con)
        rebuilt = con.execute("SELECT * FROM roster_month ORDER BY ALL").fetchall()
    finally:
        con.execute("ROLLBACK")
    if kept == rebuilt:
        return None
    return f"kept {len(kept)} rows, rebuilt {len(rebuilt)}; only kept: {sorted(set(kept) - set(rebuilt))[:3]}, " \
           f"only rebuilt: {sorted(set(rebuilt) - set(kept))[:3]}"


def run_sequence(seed: int, feature_spec: str = "") -> dict[str, object] | None:
    """Run one seed's plan through the core API; None when every step matched the truth, else a
    description of the first mismatch (seed, step, period, figures that differ, message)."""
    from outreach.filters import Filters
    from outreach.ingest import load
    from outreach.ingest.parse import parse_file
    from outreach.summary import headline

    plan = citygen.plan_sequence(seed, steps_for(seed), citygen.Features.parse(feature_spec))
    truth = citygen.Truth()
    batch_ids: dict[int, int] = {}
    try:
        con, path = _fresh_database(seed)
    except Exception as exc:  # e.g. a migration that fails: every sequence says so, none hangs the pool
        return _failed(plan, 0, "error", f"opening a database: {type(exc).__name__}: {str(exc)[:300]}",
                       [traceback.format_exc(limit=-4)])
    try:
        for i, step in enumerate(plan.steps):
            try:
                if step.action == "import":
                    assert step.upload is not None
                    parsed = parse_file(step.upload.data, step.upload.name)
                    result = load.commit(con, parsed)
                    no, already = truth.import_upload(step.upload)
                    if result.already != already:
                        what = "an identical re-upload was imported again" if already else \
                            "a new file was taken for an identical re-upload"
                        return _failed(plan, i, "batch", what, [])
                    if not already:
                        batch_ids[no] = result.batch_id
                else:
                    assert step.target is not None
                    load.undo(con, batch_ids[step.target])
                    truth.undo(step.target)
            except Exception as exc:  # a crash or a refused file is a failure of the step, with its cause
                tb = traceback.format_exc(limit=-4)
                return _failed(plan, i, "error", f"{type(exc).__name__}: {str(exc)[:300]}", [tb])
            twice = con.execute("SELECT count(*) FROM (SELECT member_id, month FROM agg_member_month "
                                "GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
            if twice:  # queries/eval_unit_actions.sql caps each row as one member's month
                return _failed(plan, i, "summary", f"agg_member_month holds {twice} member-months in two rows", [])
            orphans = con.execute("SELECT count(*) FROM agg_member_month WHERE member_id NOT IN "
                                  "(SELECT member_id FROM members)").fetchone()[0]
            if orphans:  # queries/eval_unit_actions.sql finds a summary row's unit through its member
                return _failed(plan, i, "summary", f"agg_member_month names {orphans} members not in members", [])
            if (drift := _roster_month_drift(con)) is not None:  # an activity step only extends roster_month
                return _failed(plan, i, "summary", "roster_month differs from a full rebuild", [drift])
            for period in periods_for(plan, i):
                start, end = period
                filters = Filters() if start is None else Filters(start, end)
                got = comparable(headline(con, filters))
                want = comparable(truth.headline(start, end))
                if got != want:
                    return _failed(plan, i, "figures", f"figures differ for {_period_text(period)}", diff(want, got),
                                   period=_period_text(period))
    finally:
        con.close()
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return None


def _failed(plan: citygen.Plan, index: int, kind: str, what: str, details: list[str],
            period: str | None = None) -> dict[str, object]:
    keys = sorted({line.split(":")[0].strip().split("[")[0] for line in details}) if kind == "figures" else [kind]
    message = failure_message(plan, index, what) + "\n" + ("diff (expected vs got):\n" if kind == "figures" else "")
    message += "\n".join(details)
    return {"seed": plan.seed, "step": index + 1, "steps": len(plan.steps), "kind": kind, "period": period,
            "figures": keys, "step_tags": list(plan.steps[index].upload.tags) if plan.steps[index].upload else ["undo"],
            "message": message}


@contextlib.contextmanager
def _database_folder(tmp: Path) -> Iterator[None]:
    """$DIFF_TMP = ``tmp`` while the sequences run: spawned workers inherit it and keep their database
    files there (they exit without running atexit, so the test's tmp_path is what cleans up)."""
    previous = os.environ.get("DIFF_TMP")
    os.environ["DIFF_TMP"] = str(tmp)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DIFF_TMP", None)
        else:
            os.environ["DIFF_TMP"] = previous


def _run_many(seeds: list[int], feature_spec: str, tmp: Path) -> list[dict[str, object]]:
    """Every seed, on both cores."""
    workers = max(1, min(2, os.cpu_count() or 1, len(seeds)))
    with _database_folder(tmp):
        if workers == 1:
            results = [run_sequence(s, feature_spec) for s in seeds]
        else:
            # spawn, not fork: the parent may hold DuckDB threads from earlier tests in the session. A
            # spawned child re-runs the parent's __main__, which an earlier AppTest may have left as a page
            # (app.py): hand the children an empty one while they start.
            real_main = sys.modules["__main__"]
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                    results = list(pool.map(run_sequence, seeds, [feature_spec] * len(seeds), chunksize=4))
            finally:
                sys.modules["__main__"] = real_main
    return [r for r in results if r is not None]


def _record(failures: list[dict[str, object]], total: int, seconds: float) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "differential-failing-seeds.txt").write_text(
        "".join(f"{f['seed']}\n" for f in failures), encoding="utf-8")
    header = (f"{len(failures)} of {total} sequences failed in {seconds:.0f} s"
              f" (features {citygen.Features.parse(features()).describe()})\n"
              "replay one: REPLAY_SEED=<seed> python -m pytest tests/test_differential.py -q -k random_sequences\n\n")
    body = "\n\n".join(str(f["message"]) for f in failures)
    (ARTIFACTS / "differential-failures.txt").write_text(header + body + "\n", encoding="utf-8")
    (ARTIFACTS / "differential-failures.jsonl").write_text(
        "".join(json.dumps({k: v for k, v in f.items() if k != "message"}, ensure_ascii=False) + "\n"
                for f in failures), encoding="utf-8")


def _check(n: int, tmp: Path) -> None:
    spec = features()
    if os.environ.get("REPLAY_SEED"):
        seed = int(os.environ["REPLAY_SEED"])
        with _database_folder(tmp):
            result = run_sequence(seed, spec)
        if result is not None:
            pytest.fail(str(result["message"]), pytrace=False)
        return
    start = time.monotonic()
    failures = _run_many(list(range(1, n + 1)), spec, tmp)
    seconds = time.monotonic() - start
    _record(failures, n, seconds)
    if failures:
        shown = "\n\n".join(str(f["message"]) for f in failures[:SHOWN_FAILURES])
        seeds = " ".join(str(f["seed"]) for f in failures)
        pytest.fail(f"{len(failures)} of {n} sequences differ from the truth (seeds: {seeds}); all messages in "
                    f"test-artifacts/differential-failures.txt\n\n{shown}", pytrace=False)


def test_random_sequences_match_the_truth(tmp_path):
    """Fast mode: 200 seeded sequences (DIFF_SEQUENCES overrides; REPLAY_SEED runs one)."""
    _check(int(os.environ.get("DIFF_SEQUENCES", FAST_SEQUENCES)), tmp_path)


@pytest.mark.slow
def test_many_random_sequences_match_the_truth(request, tmp_path, monkeypatch):
    """5,000 sequences: only with `-m slow` (plain runs skip it; the fast test covers the first 200)."""
    if "slow" not in (request.config.getoption("-m") or ""):
        pytest.skip("5,000 sequences: run with -m slow")
    monkeypatch.setenv("DIFF_BOTH_PERIODS", os.environ.get("DIFF_BOTH_PERIODS", "1"))  # workers inherit it
    _check(int(os.environ.get("DIFF_SEQUENCES", SLOW_SEQUENCES)), tmp_path)


# --------------------------------------------------------------------------------------------------
# The generator itself: its files hold what it recorded (read with openpyxl / pandas, not our parser)
# --------------------------------------------------------------------------------------------------


def _cells_text(upload: citygen.Upload) -> str:
    import io

    import openpyxl
    import pandas as pd

    ext = upload.name.rsplit(".", 1)[1]
    if ext == "csv":
        enc = next(t for t in upload.tags if t in ("gbk", "gb18030", "utf-8-sig"))
        return upload.data.decode(enc)
    if ext == "xls":
        frames = pd.read_excel(io.BytesIO(upload.data), sheet_name=None, header=None, dtype=str, engine="calamine")
        return "\n".join(f.fillna("").to_csv() for f in frames.values())
    wb = openpyxl.load_workbook(io.BytesIO(upload.data))
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row)


@pytest.mark.parametrize("seed", [1, 3])
def test_generated_files_hold_what_the_generator_recorded(seed):
    """Every person a roster records, and every person and unit an activity file records, is written in
    the file; a replayed plan is byte for byte the same."""
    plan = citygen.plan_sequence(seed, 8)
    again = citygen.plan_sequence(seed, 8)
    assert [s.upload.sha256 for s in plan.steps if s.upload] == [s.upload.sha256 for s in again.steps if s.upload]
    for step in plan.steps:
        if step.upload is None:
            continue
        text = _cells_text(step.upload)
        if step.upload.roster is not None:
            people = {p.name for p, _ in step.upload.roster.entries}
        else:
            assert step.upload.activity is not None
            people = {r.name for r in step.upload.activity.records}
            people |= {u for _, u, _, _ in step.upload.activity.reported}
        missing = sorted(n for n in people if n not in text)
        assert not missing, f"{step.upload.name}: {missing} not in the file"


# --------------------------------------------------------------------------------------------------
# The same through the real command line
# --------------------------------------------------------------------------------------------------


def _cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "OUTREACH_DB"}
    proc = subprocess.run([sys.executable, "-m", "outreach", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    if check:
        assert proc.returncode == 0, f"python -m outreach {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}"
    return proc


def test_cli_sequence_matches_the_truth(tmp_path):
    """A roster, a month's log, a draft and its correction in one `import` (each its own batch), then
    `undo` of the correction (the draft comes back): `summary --json` equals the truth each time."""
    plan = citygen.cli_plan(seed=2014)
    db = tmp_path / "cli.duckdb"
    truth = citygen.Truth()
    paths = []
    for i, step in enumerate(plan.steps):
        if step.action != "import":
            break
        assert step.upload is not None
        path = tmp_path / f"{i:02d}_{step.upload.name}"
        path.write_bytes(step.upload.data)
        paths.append(path)
        truth.import_upload(step.upload)
    _cli("import", *map(str, paths), "--db", str(db))
    months = citygen.data_months(plan, len(plan.steps) - 1)

    def check(period: str | None, start: dt.date | None, stage: str) -> None:
        args = ["summary", "--json", "--db", str(db)] + (["--period", period] if period else [])
        got = comparable(json.loads(_cli(*args).stdout))
        want = comparable(truth.headline(start, start))
        if got != want:
            pytest.fail(f"CLI, {stage}, period {period or 'all'}: expected vs got\n" + "\n".join(diff(want, got))
                        + "\nsteps:\n" + plan.describe(), pytrace=False)

    check(None, None, "after import")
    check(f"{months[-1]:%Y-%m}", months[-1], "after import")
    undo = plan.steps[-1]
    assert undo.action == "undo" and undo.target is not None
    import duckdb

    # The CLI prints no batch numbers: find the one holding the corrected file's bytes.
    con = duckdb.connect(str(db), read_only=True)
    try:
        sha = truth.batches[undo.target - 1].upload.sha256
        batch_id = con.execute("SELECT max(batch_id) FROM batches WHERE sha256 = ?", [sha]).fetchone()[0]
    finally:
        con.close()
    _cli("undo", str(batch_id), "--db", str(db))
    truth.undo(undo.target)
    check(f"{months[-1]:%Y-%m}", months[-1], "after undo")  # the month the undone correction held
