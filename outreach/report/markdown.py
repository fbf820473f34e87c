"""The 汇报 as Markdown: the (edited) text, then the data tables with the queries behind them.

Every text in the file — the 汇报 as typed, unit and member names, titles, table cells — is data, and
is written so that a Markdown viewer shows it as it is (:func:`escape`): no link, image, raw HTML,
heading, list or math can come out of it, whatever it holds. The file's own structure (``#``, ``|``,
``*``) is added around the escaped text.
"""

from __future__ import annotations

import re

from outreach.i18n import t
from outreach.privacy import mask_text
from outreach.report import slides, tables
from outreach.report.facts import ReportFacts
from outreach.report.slides import Table
from outreach.report.text import Report

# Backslash-escaped wherever they stand: emphasis and code (* _ `), links and images ([ ]), tables (|),
# strikethrough (~), math ($) and the backslash itself. `&`, `<` and `>` become entities: no raw HTML
# or <autolink> can survive, and a plain-text reader of the file sees no tag either.
_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# What starts a block only at the start of a line: a heading (#), a list item (- + 1. 1)), a setext
# underline or rule (= -).
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))")
# Bare URLs and e-mail addresses a GFM viewer would turn into links: an invisible word joiner
# (U+2060) where the pattern starts keeps them text.
_AUTOLINK = re.compile(r"(?i)(https?(?=:)|www(?=\.)|(?=@))")


def escape(value: object) -> str:
    """``value`` as Markdown text that shows exactly what it says, on one line, phones and ID numbers
    masked (:func:`outreach.privacy.mask_text`)."""
    text = " ".join(mask_text(value).split("\n")).replace("\r", " ")
    text = _AUTOLINK.sub(lambda m: m.group() + "\u2060", text)
    text = _SPECIAL.sub(r"\\\1", text)
    text = "".join(_ENTITIES.get(ch, ch) for ch in text)
    return _LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2)[0].isdigit()
                                                   else m.group(2) + "\\"), text)


def _cell(value: str) -> str:
    return escape(value)


def table_md(table: Table) -> str:
    head = "| " + " | ".join(_cell(c) for c in table.columns) + " |"
    rule = "| " + " | ".join("---:" if i in table.numeric else "---" for i in range(len(table.columns))) + " |"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows]
    return "\n".join([head, rule, *rows])


def build(facts: ReportFacts, report: Report, lang: str = "zh") -> bytes:
    parts = [f"# {escape(report.title)}", ""]
    if report.subtitle:
        parts += [escape(report.subtitle), ""]
    parts += [f"> {escape(slides.stamp(facts, lang))}", ""]
    for section in report.sections:
        if section.heading:
            parts += [f"## {escape(section.heading)}", ""]
        for line in section.body.split("\n"):
            if line.strip():
                parts += [escape(line.strip()), ""]
    appendix = tables.appendix(facts, lang)
    if appendix:
        parts += [f"## {escape(t('mt.t.appendix', lang))}", ""]
    for titled in appendix:
        parts += [f"### {escape(titled.title)}", "", table_md(titled.table), "",
                  f"*{escape(t('mt.t.source', lang, source=titled.source))}*", ""]
    return ("\n".join(parts).rstrip() + "\n").encode("utf-8")
