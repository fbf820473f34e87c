"""`python -m outreach scores`: unit scores of a period as JSON or text, and the Excel workbook."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from outreach import store
from outreach.evaluation import active_rubric, band_label
from outreach.evaluation.export import workbook
from outreach.evaluation.periods import parse_eval_period, period_label
from outreach.evaluation.rubric import Rubric, RubricError, parse
from outreach.evaluation.scoring import Evaluation, evaluate
from outreach.filters import Filters
from outreach.i18n import t
from outreach.queries import QueryRunner, data_months


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", help="2014, 2014-Q3, 2014-08 or 2014-05:2014-09 (default: all months)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--xlsx", type=Path, metavar="FILE", help="also write the formatted workbook to FILE")
    p.add_argument("--rubric", type=Path, metavar="FILE",
                   help="score with this rubric file instead of the one in force")
    p.add_argument("--db")


def run(args: argparse.Namespace, lang: str | None) -> int:
    con = store.open_existing(args.db)
    try:
        rubric = _rubric(args, con)
        start, end = parse_eval_period(args.period) if args.period else (None, None)
    except RubricError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    except ValueError:
        print(t("eval.cli_bad_period", lang, value=args.period), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{args.rubric}: {exc.strerror}", file=sys.stderr)
        return 2
    q = QueryRunner(con, cache=False)
    f = Filters(start, end) if start else _all_months(q)
    ev = evaluate(q, f, rubric)
    if ev.all_scores.empty:
        print(t("eval.cli_no_data", lang, period=period_label(f.month_from, f.month_to, lang)), file=sys.stderr)
    if args.xlsx:
        args.xlsx.write_bytes(workbook(ev, lang or "zh"))
    if args.json:
        print(json.dumps(as_json(ev, lang), ensure_ascii=False, indent=2))
    else:
        _print_table(ev, lang)
    if args.xlsx:
        print(t("eval.cli_written", lang, file=args.xlsx), file=sys.stderr)
    return 0


def _rubric(args: argparse.Namespace, con) -> Rubric:
    if args.rubric:
        return parse(args.rubric.read_text(encoding="utf-8"))
    return active_rubric(con)


def _all_months(q: QueryRunner) -> Filters:
    months = data_months(q)
    return Filters(months[0], months[-1]) if months else Filters()


def as_json(ev: Evaluation, lang: str | None = None) -> dict:
    """Period, rubric and one entry per unit with score, rank, band and every indicator's value and points.
    A unit is its county and name: ``unit`` is the name, ``county`` its county ("" when unknown) and
    ``unit_key`` the two together ('福安市/城南镇团委'), as filters and links name it."""
    f, rubric = ev.filters, ev.rubric
    units = []
    for row in ev.scores.to_dict("records"):
        units.append({
            "unit_key": row["unit_key"], "unit": row["unit"], "county": row["county"], "members": int(row["members"]),
            "active_members": int(row["active_members"]), "computed": row["computed"],
            "adjustment": row["adjustment"], "total": row["total"], "rank": int(row["rank"]),
            "county_rank": int(row["county_rank"]), "band": row["band"], "band_label": band_label(row["band"], lang),
            "indicators": {i.key: {"value": round(float(row[f"val_{i.key}"]), 6), "points": row[f"pts_{i.key}"]}
                           for i in rubric.indicators},
        })
    return {
        "period": {"from": f"{f.month_from:%Y-%m}", "to": f"{f.month_to:%Y-%m}",
                   "label": period_label(f.month_from, f.month_to, lang)},
        "rubric": {"name": rubric.name, "version": rubric.version_id, "sha256": rubric.sha256,
                   "per_capita": rubric.per_capita},
        "indicators": [{"key": i.key, "name": i.name, "weight": i.weight, "measure": i.measure, "method": i.method}
                       for i in rubric.indicators],
        "units": units,
    }


def _print_table(ev: Evaluation, lang: str | None) -> None:
    f = ev.filters
    print(t("eval.xlsx.title", lang, period=period_label(f.month_from, f.month_to, lang)))
    keys = [i.key for i in ev.rubric.indicators]
    header = ["rank", "unit", "county", "total", "band", *keys]
    print("\t".join(header))
    for row in ev.scores.to_dict("records"):
        cells = [row["rank"], row["unit"], row["county"], f"{row['total']:.2f}", band_label(row["band"], lang)]
        print("\t".join(str(c) for c in cells + [f"{row[f'pts_{k}']:.2f}" for k in keys]))
