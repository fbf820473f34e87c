"""`python -m outreach …`: import files, print the summary, load the demo, run the benchmark."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

import duckdb

from outreach import store
from outreach.filters import cli_filters, parse_month
from outreach.i18n import label, t
from outreach.ingest import load
from outreach.ingest.issues import ImportRefused
from outreach.ingest.sandbox import ParserBug, parse_in_child


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m outreach", description="网宣队伍看板 — command line")
    p.add_argument("--lang", choices=("zh", "en"), default=None, help="message language (default zh)")
    sub = p.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="import rosters and activity logs (each file is one batch)")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--kind", choices=("roster", "activity", "auto"), default="auto")
    imp.add_argument("--period", help="month for sheets that name none, e.g. 2014-08")
    imp.add_argument("--strict", action="store_true", help="refuse a file if any row has a fault")
    imp.add_argument("--db", help="database file (default $OUTREACH_DB or data/outreach.duckdb)")
    imp.add_argument("--user", default=None, help="who is importing (recorded on the batch)")

    summ = sub.add_parser("summary", help="headline figures")
    summ.add_argument("--db")
    summ.add_argument("--period", help="2014-08, 2014 or 2014-05:2014-09 (default: all)")
    summ.add_argument("--json", action="store_true", help="machine-readable output")

    demo = sub.add_parser("demo", help="load the bundled demo data into an empty database")
    demo.add_argument("--db")

    undo = sub.add_parser("undo", help="revert one import batch")
    undo.add_argument("batch_id", type=int)
    undo.add_argument("--db")

    seed = sub.add_parser("seed", help="copy an embedded database file into an empty shared store "
                                       "(OUTREACH_DB=postgresql://…)")
    seed.add_argument("source", type=Path, help="the .duckdb file to copy")
    seed.add_argument("--db", help="the shared store's postgresql:// URL (default $OUTREACH_DB)")

    scores = sub.add_parser("scores", help="unit evaluation scores, ranks and bands (考评)")
    from outreach.evaluation.cli import add_arguments as scores_arguments

    scores_arguments(scores)

    rep = sub.add_parser("report", help="the 汇报 and the meeting slides as docx, pptx, pdf or md")
    from outreach.report.cli import add_arguments as report_arguments

    report_arguments(rep)

    user = sub.add_parser("user", help="accounts: add, list, disable, enable, unlock, passwd")
    from outreach.accounts_cli import add_arguments as user_arguments

    user_arguments(user)

    bench = sub.add_parser("bench", help="generate a scale (s/m/l) and time queries, pages and imports")
    from bench.run import add_arguments as bench_arguments

    bench_arguments(bench)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang = args.lang
    # DuckDB lets one process at a time open the file: a command waits for another to finish (up to
    # $OUTREACH_DB_WAIT seconds, 30 by default) and, facing the dashboard or after the wait, says in one
    # sentence who holds the file and what to do (store.DatabaseUnavailable, db.err.in_use_*): exit 2.
    # What a command opens is closed when it ends, each file in its turn (outreach.file_turns): a
    # command starting at that moment would otherwise miss this one's last commit. Not the bench: it
    # opens and drops connections on purpose (its memory figures count what it lets go) and closes its
    # files itself.
    previous_wait = store.set_open_wait(store.open_wait_from_env())
    try:
        with contextlib.nullcontext() if args.command == "bench" else store.closed_at_end():
            return _run(args, lang)
    finally:
        store.set_open_wait(previous_wait)


def _run(args: argparse.Namespace, lang: str | None) -> int:
    try:
        if args.command == "import":
            return _import(args, lang)
        if args.command == "summary":
            return _summary(args, lang)
        if args.command == "demo":
            return _demo(args, lang)
        if args.command == "seed":
            return _seed(args, lang)
        if args.command == "scores":
            from outreach.evaluation.cli import run as scores_run

            return scores_run(args, lang)
        if args.command == "report":
            from outreach.report.cli import main as report_main

            return report_main(args, lang)
        if args.command == "user":
            from outreach.accounts_cli import main as user_main

            return user_main(args, lang)
        if args.command == "bench":
            from bench.run import main as bench_main

            return bench_main(args)
        if args.command == "undo":
            con = store.open_existing(args.db)
            try:
                load.undo(con, args.batch_id)
            except ValueError as exc:  # no such batch, or already undone: nothing changed
                print(exc, file=sys.stderr)
                return 2
            return 0
    except store.StoreError as exc:  # a bad --db / $OUTREACH_DB, a file another process holds, a write
        # that kept conflicting: one clear sentence, no traceback
        print(exc.message(lang), file=sys.stderr)
        return 2
    except ImportRefused as exc:
        if exc.issue.code == "err.bad_period_arg":  # an argument, not a file: no 文件「--period」
            print(f"--period{': ' if lang == 'en' else '：'}{t(exc.issue.code, lang, **exc.issue.params)}",
                  file=sys.stderr)
        else:
            print(exc.issue.message(lang), file=sys.stderr)
        return 2
    except Exception as exc:  # our bug, not the file's or the user's: one line and exit code 1
        if os.environ.get("OUTREACH_DEBUG", "") not in ("", "0"):
            if isinstance(exc, ParserBug):
                print(exc.child_traceback, file=sys.stderr)
            raise
        print(t("cli.bug", lang, error=_bug_summary(exc)), file=sys.stderr)
        return 1
    return 1


def _bug_summary(exc: Exception) -> str:
    """`KeyError: 'unit'` on one line: enough to find the bug, short enough to read."""
    text = exc.summary if isinstance(exc, ParserBug) else f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())[:200]


def _create_folder(db: str | None, lang: str | None) -> None:
    """``import`` and ``demo`` may start a database in a new folder: it is created when missing, and a
    line says so."""
    folder = store.create_folder(db)
    if folder is not None:
        print(t("db.created_folder", lang, folder=folder))


def _open_creating(db: str | None, lang: str | None) -> duckdb.DuckDBPyConnection:
    """The database for ``import`` and ``demo``, the two commands that may start one in a new folder."""
    _create_folder(db, lang)
    return store.connect(db)


def _import(args: argparse.Namespace, lang: str | None) -> int:
    period = parse_month(args.period) if args.period else None
    _create_folder(args.db, lang)  # the file itself is opened once every file is parsed (below)
    # Parse and check every file before writing any, then write them all in one transaction: a refused
    # file, or a failure while writing any of them, leaves the database with nothing from this run.
    parsed = []
    for path in args.files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{path}: {exc.strerror}", file=sys.stderr)
            print(t("cli.refused", lang), file=sys.stderr)
            return 2
        try:
            # In a child process under a memory cap and a time limit (outreach.ingest.sandbox).
            parsed.append(parse_in_child(data, path.name, kind=args.kind, period=period))
            if args.strict:
                for issue in parsed[-1].errors:
                    print(issue.message(lang), file=sys.stderr)
            load.check(parsed[-1], strict=args.strict)
        except ImportRefused as exc:
            print(exc.issue.message(lang), file=sys.stderr)
            print(t("cli.refused", lang), file=sys.stderr)
            return 2
    # Opened now, not before parsing: while this command holds the file, other commands wait for it.
    con = store.connect(args.db)
    try:
        results = load.commit_many(con, parsed, user=args.user, strict=args.strict)
    except ImportRefused as exc:
        print(exc.issue.message(lang), file=sys.stderr)
        print(t("cli.refused", lang), file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"{exc}", file=sys.stderr)
        print(t("cli.refused", lang), file=sys.stderr)
        return 2
    finally:
        store.close(con)  # let the next waiting command in
    for p, result in zip(parsed, results, strict=True):
        if result.already:
            dup = result.preview.duplicate_of
            print(t("cli.already", lang, file=p.file_name, when=f"{dup['imported_at']:%Y-%m-%d %H:%M}",
                    batch=dup["batch_id"]))
            continue
        for issue in p.issues:  # warnings and refused rows (none in --strict mode: it refuses the file)
            print(issue.message(lang), file=sys.stderr)
        months = p.months
        period_text = f"{months[0]:%Y-%m}" + (f"～{months[-1]:%Y-%m}" if len(months) > 1 else "") if months else "—"
        print(t("cli.imported", lang, file=p.file_name, kind=label("kind", p.kind, lang), period=period_text,
                accepted=p.rows_accepted, rejected=p.rows_rejected, flagged=result.preview.rows_flagged))
    return 0


def _summary(args: argparse.Namespace, lang: str | None) -> int:
    from outreach.summary import headline

    f = cli_filters(args.period)
    con = store.open_existing(args.db)
    figures = headline(con, f)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 0


def _seed(args: argparse.Namespace, lang: str | None) -> int:
    """An embedded deployment moves onto a shared store: its file, copied as one write."""
    from outreach.shared import seed

    if store.shared_url(args.db) is None:
        print(t("cli.seed_needs_shared", lang), file=sys.stderr)
        return 2
    store.close(store.open_existing(args.source))  # brought to this version's schema first (a write of its own)
    source = seed.open_source(args.source)
    con = store.connect(args.db)
    try:
        copied = seed.seed(con, source, str(args.source))
    finally:
        source.close()
        store.close(con)
    print(t("cli.seeded", lang, rows=sum(copied.values()), tables=len(copied), source=args.source))
    return 0


def _demo(args: argparse.Namespace, lang: str | None) -> int:
    from outreach.demo_load import load_demo

    con = _open_creating(args.db, lang)
    if not store.is_empty(con):
        print(t("cli.demo_not_empty", lang), file=sys.stderr)
        return 1
    n = load_demo(con)
    print(t("shell.demo_loaded", lang, batches=n))
    return 0
