"""The 汇报 as Markdown: the (edited) text, then the data tables with the queries behind them."""

from __future__ import annotations

from outreach.i18n import t
from outreach.privacy import mask_text
from outreach.report import slides, tables
from outreach.report.facts import ReportFacts
from outreach.report.slides import Table
from outreach.report.text import Report


def _cell(value: str) -> str:
    return mask_text(value).replace("|", "\\|").replace("\n", " ")


def table_md(table: Table) -> str:
    head = "| " + " | ".join(_cell(c) for c in table.columns) + " |"
    rule = "| " + " | ".join("---:" if i in table.numeric else "---" for i in range(len(table.columns))) + " |"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows]
    return "\n".join([head, rule, *rows])


def build(facts: ReportFacts, report: Report, lang: str = "zh") -> bytes:
    parts = [f"# {mask_text(report.title)}", ""]
    if report.subtitle:
        parts += [mask_text(report.subtitle), ""]
    parts += [f"> {mask_text(slides.stamp(facts, lang))}", ""]
    for section in report.sections:
        if section.heading:
            parts += [f"## {mask_text(section.heading)}", ""]
        for line in section.body.split("\n"):
            if line.strip():
                parts += [mask_text(line.strip()), ""]
    appendix = tables.appendix(facts, lang)
    if appendix:
        parts += [f"## {t('mt.t.appendix', lang)}", ""]
    for titled in appendix:
        parts += [f"### {titled.title}", "", table_md(titled.table), "",
                  f"*{t('mt.t.source', lang, source=titled.source)}*", ""]
    return ("\n".join(parts).rstrip() + "\n").encode("utf-8")
