"""The meeting deck as a PowerPoint file: the same slides as the screen, an appendix with the exact
figures, and the 汇报 paragraph of each topic in the speaker notes.

The charts are native PowerPoint charts (outreach.report.pptx_charts), editable and drawn without a browser.
The county map, which PowerPoint cannot draw, is kaleido's picture when the system Chromium is there and
otherwise its per-county figures as a table: the deck never needs a browser."""

from __future__ import annotations

import io
from collections.abc import Callable

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from outreach import county_map, map_figure
from outreach.i18n import t
from outreach.privacy import mask_text
from outreach.report import charts, pptx_charts, slides, tables
from outreach.report.facts import ReportFacts
from outreach.report.slides import Kpi, Slide, Table
from outreach.report.text import Report

FONT = "Microsoft YaHei"  # what a Windows PC in an office has; other systems substitute a CJK font
EMU_PER_PX = 914400 // 120  # 1600 design pixels = 13.33 inches
PALETTE = {
    "light": {"paper": "FFFFFF", "ink": "1C2833", "muted": "566573", "tile": "F4F6F7", "line": "D5DBDB"},
    "dark": {"paper": "141B24", "ink": "EEF2F5", "muted": "AAB7C4", "tile": "1F2935", "line": "34495E"},
}
ACCENT = "C0392B"
APPENDIX_ROWS = 15  # table rows on one appendix slide
# Which section of the 汇报 (by position) speaks about which slide: it goes into the speaker notes.
NOTES = {"overview": (1,), "team": (0,), "trend": (1,), "mix": (1,), "training": (2, 3), "ranking": (4,),
         "commendations": (4,), "quality": (5,)}


def px(value: float) -> Emu:
    return Emu(int(value * EMU_PER_PX))


class _Deck:
    def __init__(self, theme: str) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = px(slides.STAGE_W), px(slides.STAGE_H)
        self.colours = {k: RGBColor.from_string(v) for k, v in PALETTE[theme].items()}

    def text(self, slide, x: float, y: float, w: float, h: float, lines: list[tuple[str, float, str, bool]],
             align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
        """A text box; ``lines`` are (text, size in design px, colour name, bold)."""
        box = slide.shapes.add_textbox(px(x), px(y), px(w), px(h))
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        for i, (content, size, colour, bold) in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.alignment = align
            self._run(para.add_run(), mask_text(content), size, colour, bold)
        return box

    def _run(self, run, content: str, size: float, colour: str, bold: bool) -> None:
        run.text = content
        run.font.size = Pt(size * 0.6)  # a design pixel is 0.6 pt on a 13.33-inch-wide slide
        run.font.bold = bold
        run.font.color.rgb = self.colours[colour]
        run.font.name = FONT
        rpr = run._r.get_or_add_rPr()
        for tag in ("a:ea", "a:cs"):  # East Asian text takes its font from <a:ea>, not from the latin name
            node = rpr.find(qn(tag))
            if node is None:
                node = rpr.makeelement(qn(tag), {})
                rpr.append(node)
            node.set("typeface", FONT)

    def rect(self, slide, x: float, y: float, w: float, h: float, colour: str, rounded: bool = False) -> None:
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE,
                                       px(x), px(y), px(w), px(h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(colour) if len(colour) == 6 else self.colours[colour]
        shape.line.fill.background()
        shape.shadow.inherit = False
        if rounded:
            shape.adjustments[0] = 0.06

    def blank(self, kicker: str, title: str, stamp: str, index: int, total: int):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = self.colours["paper"]
        self.rect(slide, 48, 32, 8, 112, ACCENT)
        self.text(slide, 78, 34, 1400, 30, [(kicker, 20, "muted", False)])
        self.text(slide, 78, 62, 1400, 70, [(title, 50, "ink", True)])
        self.rect(slide, 48, 848, 1504, 1.5, "line")
        self.text(slide, 48, 856, 1340, 36, [(stamp, 15, "muted", False)])
        self.text(slide, 1400, 856, 152, 36, [(f"{index + 1} / {total}", 17, "muted", False)], align=PP_ALIGN.RIGHT)
        return slide

    def kpis(self, slide, items: list[Kpi], x: float, y: float, w: float, h: float, columns: int,
             value_px: float) -> None:
        gap = 22
        rows = -(-len(items) // columns)
        cell_w, cell_h = (w - gap * (columns - 1)) / columns, (h - gap * (rows - 1)) / rows
        for i, k in enumerate(items):
            cx, cy = x + (i % columns) * (cell_w + gap), y + (i // columns) * (cell_h + gap)
            self.rect(slide, cx, cy, cell_w, cell_h, "tile", rounded=True)
            lines = [(k.label, 22, "muted", False), (k.value, value_px, "ink", True)]
            if k.note:
                lines.append((k.note, 19, "muted", False))
            box = self.text(slide, cx + 20, cy + 8, cell_w - 40, cell_h - 16, lines, anchor=MSO_ANCHOR.MIDDLE)
            if k.unit:  # the unit beside the number, smaller
                self._run(box.text_frame.paragraphs[1].add_run(), f" {k.unit}", value_px * 0.45, "muted", False)

    def table(self, slide, table: Table, x: float, y: float, w: float, font_px: float = 24) -> None:
        row_h = font_px * 1.9
        shape = slide.shapes.add_table(len(table.rows) + 1, len(table.columns), px(x), px(y), px(w),
                                       px(row_h * (len(table.rows) + 1)))
        grid = shape.table
        grid.first_row = True
        grid.horz_banding = False
        for c, share in enumerate(_column_shares(table)):
            grid.columns[c].width = px(w * share)
        for r, row in enumerate([table.columns, *table.rows]):
            grid.rows[r].height = px(row_h)
            for c, value in enumerate(row):
                cell = grid.cell(r, c)
                cell.fill.solid()
                cell.fill.fore_color.rgb = self.colours["tile" if r == 0 else "paper"]
                cell.margin_left = cell.margin_right = px(8)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                para = cell.text_frame.paragraphs[0]
                para.alignment = PP_ALIGN.RIGHT if c in table.numeric else PP_ALIGN.LEFT
                self._run(para.add_run(), mask_text(value), font_px if r else font_px * 0.9,
                          "muted" if r == 0 else "ink", r == 0)

    def picture(self, slide, png: bytes, x: float, y: float, w: float, h: float) -> None:
        slide.shapes.add_picture(io.BytesIO(png), px(x), px(y), px(w), px(h))


def _column_shares(table: Table) -> list[float]:
    """Column widths in proportion to their longest text (a CJK character counts double)."""
    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    longest = [max([width(str(col))] + [width(str(row[i])) for row in table.rows]) + 3
               for i, col in enumerate(table.columns)]
    return [n / sum(longest) for n in longest]


def _body(deck: _Deck, page, s: Slide, draw: Callable[..., None]) -> None:
    """``draw(page, chart, x, y)`` puts one chart of the slide on it (see :func:`_graphic`)."""
    top, left, width = 165, 48, 1504
    if s.layout == "grid":
        deck.kpis(page, s.kpis, left, top, width, 660, 4, 64)
    elif s.layout == "split":
        c = s.charts[0]
        draw(page, c, left, top)
        deck.kpis(page, s.kpis, left + c.width + 32, top, width - c.width - 32, 300, 1, 46)
        bullets = [(s.aside, 22, "muted", False)] + [(f"• {b}", 24, "ink", False) for b in s.bullets]
        deck.text(page, left + c.width + 32, top + 330, width - c.width - 32, 320, bullets)
    elif s.layout in ("full", "pair"):
        y = top
        if s.layout == "full" and s.note:
            deck.text(page, left, y, width, 40, [(s.note, 27, "ink", False)])
            y += 46
        x = left
        for c in s.charts:
            if c.caption:
                deck.text(page, x, y, c.width, 40, [(c.caption, 26, "ink", True)], align=PP_ALIGN.CENTER)
            draw(page, c, x, y + (44 if c.caption else 0))
            x += c.width + 44
    else:
        y = top
        if s.kpis:
            deck.kpis(page, s.kpis, left, y, width, 130, len(s.kpis), 44)
            y += 160
        gap = 40
        w = (width - gap * (len(s.tables) - 1)) / max(1, len(s.tables))
        for i, table in enumerate(s.tables):
            deck.table(page, table, left + i * (w + gap), y, w)
        rows = max((len(x.rows) for x in s.tables), default=-1) + 1
        y += rows * 24 * 1.9 + (20 if s.tables else 0)
        if s.bullets:
            deck.text(page, left, y, width, 400, [(f"• {b}", 28, "ink", False) for b in s.bullets])
        elif s.note:
            deck.text(page, left, y, width, 60, [(s.note, 21 if s.tables else 32, "muted", False)])


def _graphic(deck: _Deck, page, c: slides.Chart, facts: ReportFacts, theme: str, lang: str, x: float,
             y: float) -> None:
    """One slide chart: a native chart where PowerPoint has the type; the county map as kaleido's picture
    when the system Chromium is there, else (or when the picture fails) its figures as a native table."""
    if c.name in pptx_charts.SPECS:
        if pptx_charts.add(page.shapes, c.name, facts, theme, lang, px(x), px(y), px(c.width), px(c.height)) is None:
            deck.text(page, x, y, c.width, 60, [(t("chart.empty", lang), 24, "muted", False)])
        return
    image = None
    if charts.browser_available():
        try:
            image = charts.png(charts.figure(c.name, facts, theme, lang, c.width, c.height))
        except Exception:  # a browser that would not start or render: the figures still go on the slide
            image = None
    if image is not None:
        deck.picture(page, image, x, y, c.width, c.height)
        return
    table = county_table(facts, lang)
    font = min(24.0, slides.BODY_H / (1.9 * (len(table.rows) + 1)))
    deck.table(page, table, x, y, c.width, font)


def county_table(facts: ReportFacts, lang: str) -> Table:
    """The county map's figures as a table (the map without a browser): every county of the city, most
    actions per member first, counties without data last."""
    data = county_map.assemble(facts.county_figures)
    df = data.counties.sort_values(["per_member", "county"], ascending=[False, True], na_position="last")

    def count(v) -> str:
        return map_figure.value_text("members", v, lang)

    rows = [[c, count(m), count(a), map_figure.value_text("per_member", p, lang)]
            for c, m, a, p in zip(df["county"], df["members"], df["actions"], df["per_member"], strict=True)]
    columns = [t("field.county", lang), t("map.measure.members", lang), t("map.dq_col.actions", lang),
               t("map.measure.per_member", lang)]
    return Table(columns, rows, numeric=(1, 2, 3))


def build(facts: ReportFacts, report: Report, lang: str = "zh", theme: str = "light") -> bytes:
    """The deck: every slide of the meeting page, then the appendix tables; names as masked in ``facts``."""
    deck = _Deck(theme)
    pages = slides.build(facts, lang)
    appendix = [(titled.title, Table(titled.table.columns, titled.table.rows[i:i + APPENDIX_ROWS],
                                     titled.table.numeric))
                for titled in tables.appendix(facts, lang)[:3]  # key figures, counties, platform × type
                for i in range(0, len(titled.table.rows), APPENDIX_ROWS)]
    total = len(pages) + len(appendix)
    kicker, stamp = slides.deck_title(facts, lang), slides.stamp(facts, lang)
    sections = report.sections if len(report.sections) == 6 else []
    def draw(page, c: slides.Chart, x: float, y: float) -> None:
        _graphic(deck, page, c, facts, theme, lang, x, y)

    for i, s in enumerate(pages):
        page = deck.blank(kicker, s.title, stamp, i, total)
        _body(deck, page, s, draw)
        notes = [sections[k].body for k in NOTES.get(s.key, ()) if k < len(sections)]
        if notes:
            page.notes_slide.notes_text_frame.text = mask_text("\n\n".join(notes))
    for j, (title, table) in enumerate(appendix, start=len(pages)):
        page = deck.blank(kicker, title, stamp, j, total)
        font = 24 if len(table.rows) <= 11 else 19
        deck.table(page, table, 48, 165, 1504 if len(table.columns) > 3 else 900, font)
    out = io.BytesIO()
    deck.prs.save(out)
    return out.getvalue()
