"""The 汇报 as a Word document: the (edited) text in the usual layout of a work report, then the data
tables with exact figures and the queries behind them."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from outreach.i18n import t
from outreach.privacy import mask_text
from outreach.report import slides, tables
from outreach.report.facts import ReportFacts
from outreach.report.slides import Table
from outreach.report.text import Report

BODY_FONT = "仿宋"  # the usual faces of a Chinese work report; Word substitutes where they are missing
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
GREY = RGBColor(0x56, 0x65, 0x73)


def _font(run, face: str, size: float, bold: bool = False, colour: RGBColor | None = None) -> None:
    run.font.name = face
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)  # Chinese characters take the eastAsia face, not w:ascii


def _paragraph(doc, content: str, face: str, size: float, *, bold: bool = False, align=None, indent: bool = False,
               colour: RGBColor | None = None, space_after: float = 6):
    para = doc.add_paragraph()
    if align is not None:
        para.alignment = align
    fmt = para.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = 1.5
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters, as Chinese paragraphs begin
    _font(para.add_run(mask_text(content)), face, size, bold, colour)
    return para


def _table(doc, table: Table) -> None:
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, name in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(mask_text(name)), HEADING_FONT, 10.5, True)
    for row in table.rows:
        cells = grid.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            para = cell.paragraphs[0]
            if i in table.numeric:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(para.add_run(mask_text(value)), BODY_FONT, 10.5)


def build(facts: ReportFacts, report: Report, lang: str = "zh") -> bytes:
    """The document: title, period, scope and freshness, the sections as edited, then 附表 1…n."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.top_margin = section.bottom_margin = Cm(3.0)
    section.left_margin = section.right_margin = Cm(2.6)
    _paragraph(doc, report.title, TITLE_FONT, 22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=4)
    if report.subtitle:
        _paragraph(doc, report.subtitle, BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=4)
    _paragraph(doc, slides.stamp(facts, lang), BODY_FONT, 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, colour=GREY,
               space_after=12)
    for part in report.sections:
        if part.heading:
            _paragraph(doc, part.heading, HEADING_FONT, 16, space_after=3)
        for line in part.body.split("\n"):
            if line.strip():
                _paragraph(doc, line.strip(), BODY_FONT, 15, indent=True)
    appendix = tables.appendix(facts, lang)
    if appendix:
        doc.add_page_break()
        _paragraph(doc, t("mt.t.appendix", lang), HEADING_FONT, 16)
    for titled in appendix:
        _paragraph(doc, titled.title, HEADING_FONT, 12, space_after=3)
        _table(doc, titled.table)
        _paragraph(doc, t("mt.t.source", lang, source=titled.source), BODY_FONT, 9, colour=GREY, space_after=12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
