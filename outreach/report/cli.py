"""`python -m outreach report --period 2014-05:2014-09 --format docx|pptx|pdf|md --out FILE`.

``--unit`` names a unit by its key ('福安市/城南镇团委') or by its name alone; a name that units of several
counties share is refused (listing their keys) unless ``--county`` says which county's unit is meant.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from outreach import store
from outreach.filters import AmbiguousUnit, cli_filters, resolve_units
from outreach.i18n import t
from outreach.queries import QueryRunner, filter_facets
from outreach.report import audit, charts, docx, markdown, pdf, pptx
from outreach.report import facts as report_facts
from outreach.report import text as report_text
from outreach.vocab import ROLES

__all__ = ["AmbiguousUnit", "add_arguments", "main", "resolve_units"]  # the unit readers live in outreach.filters

FORMATS = ("docx", "pptx", "pdf", "md")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", help="2014-08, 2014 or 2014-05:2014-09 (default: all months)")
    p.add_argument("--format", choices=FORMATS, help="default: from the --out file's extension")
    p.add_argument("--out", required=True, type=Path, help="the file to write")
    p.add_argument("--db")
    p.add_argument("--county", action="append", default=[], help="only this county (repeatable)")
    p.add_argument("--unit", action="append", default=[],
                   help="only this unit: 福安市/城南镇团委, or the name alone when one county has it "
                        "(with --county: that county's unit); repeatable")
    p.add_argument("--category", action="append", default=[], help="only this category (repeatable)")
    p.add_argument("--role", action="append", default=[], choices=ROLES, help="only this role (repeatable)")
    p.add_argument("--theme", choices=("light", "dark"), default="light", help="slide colours (pptx)")
    p.add_argument("--text", type=Path, help="use this (edited) 汇报 text instead of the generated one")
    p.add_argument("--unmask", action="store_true", help="names in full (recorded in the database)")
    p.add_argument("--user", default=None, help="who is exporting (recorded with --unmask)")
    p.add_argument("--per", choices=("county", "unit"),
                   help="the monthly 通报 pack: one bulletin per county or unit and the city-wide one, "
                        "--period 2014-09 or last-month, --out DIR or FILE.zip (outreach/report/bulletin_cli.py)")


def _format(args: argparse.Namespace) -> str | None:
    if args.format:
        return args.format
    suffix = args.out.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def main(args: argparse.Namespace, lang: str | None) -> int:
    lang = lang or "zh"
    if args.per:  # the 通报 pack
        from outreach.report import bulletin_cli

        return bulletin_cli.main(args, lang)
    kind = _format(args)
    if kind is None:
        print(t("rep.cli.no_format", lang, file=args.out), file=sys.stderr)
        return 2
    if kind == "pdf" and not charts.browser_available():  # PPTX, DOCX and Markdown need no browser
        print(t("rep.no_browser", lang, path=charts.browser_path()), file=sys.stderr)
        return 2
    f = cli_filters(args.period, args.county, args.category, args.role)  # a bad --period: before the database
    con = store.open_existing(args.db)
    q = QueryRunner(con)
    try:
        f = replace(f, units=resolve_units(filter_facets(q)["unit"], args.unit, f.counties)) if args.unit else f
    except AmbiguousUnit as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    facts = report_facts.build(q, f, masked=not args.unmask)
    if args.unmask:
        audit.record(con, "export", f"cli-{kind}", f, args.user, account="cli")  # audit log too
    report = report_text.parse(args.text.read_text(encoding="utf-8")) if args.text else report_text.write(facts, lang)
    builders = {"docx": docx.build, "md": markdown.build, "pdf": pdf.build}
    data = pptx.build(facts, report, lang, args.theme) if kind == "pptx" else builders[kind](facts, report, lang)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    span = report_text.span_text(facts.period_from, facts.period_to, lang) if not facts.empty else "—"
    print(t("rep.cli.written", lang, file=args.out, kind=kind, span=span,
            masked=t("rep.cli.masked" if facts.masked else "rep.cli.unmasked", lang)))
    return 0
