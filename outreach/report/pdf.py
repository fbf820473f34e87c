"""The summary as PDF: the 汇报 and its tables on A4 pages, then the slides on landscape pages, printed
from HTML by the system Chromium (headless, no network; Chinese in the Noto CJK fonts)."""

from __future__ import annotations

import html as htmllib
import subprocess
import tempfile
from pathlib import Path

from outreach.i18n import t
from outreach.report import charts, slides, tables
from outreach.report.facts import ReportFacts
from outreach.report.html import CSS, esc, slide_html
from outreach.report.slides import Table
from outreach.report.text import Report

PRINT_TIMEOUT_S = 120
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw"]

PRINT_CSS = """
@page { size: A4; margin: 22mm 20mm; }
@page slides { size: A4 landscape; margin: 0; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; font-size: 12.5pt; line-height: 1.8;
  color: #1c2833; margin: 0; }
h1.doc { text-align: center; font-size: 20pt; margin: 0 0 4pt 0; font-family: "Noto Sans CJK SC", sans-serif; }
p.sub { text-align: center; margin: 0; font-size: 13pt; }
p.stamp { text-align: center; color: #566573; font-size: 9pt; margin: 2pt 0 14pt 0; }
h2.doc { font-family: "Noto Sans CJK SC", sans-serif; font-size: 14pt; margin: 12pt 0 4pt 0; }
h3.doc { font-family: "Noto Sans CJK SC", sans-serif; font-size: 11pt; margin: 12pt 0 4pt 0; }
p.body { text-indent: 2em; margin: 0 0 4pt 0; }
h2.doc, h3.doc { break-after: avoid; }
table.doc tr { break-inside: avoid; }
table.doc { border-collapse: collapse; width: 100%; font-size: 9.5pt; line-height: 1.4; }
table.doc th, table.doc td { border: .5pt solid #9aa5ad; padding: 2pt 5pt; text-align: left; }
table.doc th { background: #f2f3f4; }
table.doc td.num, table.doc th.num { text-align: right; }
p.source { font-size: 8pt; color: #566573; margin: 2pt 0 8pt 0; }
.appendix { break-before: page; }
.deck { page: slides; }
.deck .mt-frame { break-after: page; width: 100%; padding-top: 21mm; }
.deck .mt-stage { border-radius: 0; box-shadow: none; }
"""


def _table(table: Table) -> str:
    def cls(i: int) -> str:
        return ' class="num"' if i in table.numeric else ""

    head = "".join(f"<th{cls(i)}>{esc(c)}</th>" for i, c in enumerate(table.columns))
    rows = "".join("<tr>" + "".join(f"<td{cls(i)}>{esc(v)}</td>" for i, v in enumerate(row)) + "</tr>"
                   for row in table.rows)
    return f'<table class="doc"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def document_html(facts: ReportFacts, report: Report, lang: str = "zh", with_slides: bool = True) -> str:
    parts = [f'<h1 class="doc">{esc(report.title)}</h1>']
    if report.subtitle:
        parts.append(f'<p class="sub">{esc(report.subtitle)}</p>')
    parts.append(f'<p class="stamp">{esc(slides.stamp(facts, lang))}</p>')
    for section in report.sections:
        if section.heading:
            parts.append(f'<h2 class="doc">{esc(section.heading)}</h2>')
        parts += [f'<p class="body">{esc(line.strip())}</p>' for line in section.body.split("\n") if line.strip()]
    appendix = tables.appendix(facts, lang)
    if appendix:
        parts.append(f'<div class="appendix"><h2 class="doc">{esc(t("mt.t.appendix", lang))}</h2>')
        for titled in appendix:
            parts += [f'<h3 class="doc">{esc(titled.title)}</h3>', _table(titled.table),
                      f'<p class="source">{esc(t("mt.t.source", lang, source=titled.source))}</p>']
        parts.append("</div>")
    if with_slides:
        deck = slides.build(facts, lang)
        kicker, stamp = slides.deck_title(facts, lang), slides.stamp(facts, lang)
        rendered = []
        for i, s in enumerate(deck):
            images = {c.name: charts.png(charts.figure(c.name, facts, "light", lang, c.width, c.height))
                      for c in s.charts}
            rendered.append(slide_html(s, images, kicker=kicker, stamp=stamp, index=i, total=len(deck)))
        parts.append(f'<div class="deck">{"".join(rendered)}</div>')
    lang_attr = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html><html lang="{lang_attr}"><head><meta charset="utf-8">'
            f"<title>{htmllib.escape(report.title)}</title><style>{CSS}{PRINT_CSS}</style></head>"
            f"<body>{''.join(parts)}</body></html>")


def print_pdf(document: str, chromium: str | None = None) -> bytes:
    """``document`` printed to PDF by headless Chromium from a local file (it loads nothing else)."""
    browser = chromium or charts.browser_path()
    with tempfile.TemporaryDirectory(prefix="outreach-pdf-") as tmp:
        source, target = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        source.write_text(document, encoding="utf-8")
        result = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={target}",
             source.as_uri()],
            stdin=subprocess.DEVNULL, capture_output=True, timeout=PRINT_TIMEOUT_S,
            check=False)
        if not target.is_file() or target.stat().st_size == 0:
            raise RuntimeError(f"Chromium printed no PDF (exit {result.returncode}): "
                               f"{result.stderr.decode('utf-8', 'replace')[-400:]}")
        return target.read_bytes()


def build(facts: ReportFacts, report: Report, lang: str = "zh") -> bytes:
    """The PDF; :class:`charts.NoBrowser` at once (before any work) when there is no Chromium to print it."""
    if not charts.browser_available():
        raise charts.NoBrowser(charts.browser_path())
    return print_pdf(document_html(facts, report, lang))
