"""The scores as files: a CSV, and an Excel workbook laid out like an official table — a title row, the
period and rubric under it, units with their indicator points, computed score, adjustment, total, rank
and band, bordered and ready to print; a summary sheet of every unit and one sheet per county.

Every cell goes through outreach.export (neutralise): a unit named ``=HYPERLINK(…)`` is written as text.
"""

from __future__ import annotations

import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from outreach.evaluation import band_label
from outreach.evaluation.explain import basis_text
from outreach.evaluation.periods import period_label
from outreach.evaluation.rubric import Rubric
from outreach.evaluation.scoring import Evaluation
from outreach.export import _cell, neutralise
from outreach.i18n import t
from outreach.xlsx import reproducible_xlsx

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def scores_table(df: pd.DataFrame, rubric: Rubric, lang: str = "zh", county_rank: bool = True,
                 raw_values: bool = True) -> pd.DataFrame:
    """Scores (score_units' frame) with headers people read: rank, unit, county, members, active members,
    one column of points per indicator (its weight in the header), computed, adjustment, total, band,
    and the raw values of the indicators."""
    out = pd.DataFrame({
        t("eval.col.rank", lang): df["rank"],
        t("eval.col.unit", lang): df["unit"],
        t("eval.col.county", lang): df["county"].replace("", t("county.none", lang)),
    })
    if county_rank:
        out[t("eval.col.county_rank", lang)] = df["county_rank"]
    out[t("eval.col.members", lang)] = df["members"]
    out[t("eval.col.active_members", lang)] = df["active_members"]
    for ind in rubric.indicators:
        out[t("eval.col.indicator", lang, name=ind.title(lang), w=f"{ind.weight:g}")] = df[f"pts_{ind.key}"]
    out[t("eval.col.computed", lang)] = df["computed"]
    out[t("eval.col.adjustment", lang)] = df["adjustment"]
    out[t("eval.col.total", lang)] = df["total"]
    out[t("eval.col.band", lang)] = [band_label(b, lang) for b in df["band"]]
    if raw_values:
        for ind in rubric.indicators:
            out[t("eval.col.value", lang, name=ind.title(lang))] = df[f"val_{ind.key}"].astype("float64").round(4)
    return out


def sheet_name(text: str, taken: set[str]) -> str:
    """A legal, unique sheet name: no []:*?/\\, no leading apostrophe or formula sign, ≤ 31 characters."""
    name = _SHEET_BAD.sub("", str(text)).lstrip("'=+-@ ").strip() or "Sheet"
    name = name[:31]
    base, n = name, 2
    while name.lower() in {s.lower() for s in taken}:
        suffix = f"({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def workbook(ev: Evaluation, lang: str = "zh") -> bytes:
    """汇总 (every unit the filters select) plus one sheet per county, each a titled, bordered table."""
    wb = Workbook()
    taken: set[str] = set()
    summary = wb.active
    summary.title = sheet_name(t("eval.xlsx.summary", lang), taken)
    scores = ev.scores
    _table(summary, ev, scores_table(scores, ev.rubric, lang, county_rank=False, raw_values=False), lang, None)
    for county in sorted(scores["county"].unique()):
        shown = county or t("county.none", lang)
        part = scores[scores["county"] == county]
        ws = wb.create_sheet(sheet_name(shown, taken))
        _table(ws, ev, scores_table(part, ev.rubric, lang, county_rank=True, raw_values=False), lang, shown)
    return reproducible_xlsx(wb)


def _table(ws: Worksheet, ev: Evaluation, table: pd.DataFrame, lang: str, county: str | None) -> None:
    width = len(table.columns)
    period = period_label(ev.filters.month_from, ev.filters.month_to, lang)
    title = t("eval.xlsx.title", lang, period=period) if county is None else \
        t("eval.xlsx.title_county", lang, period=period, county=county)
    version = t("eval.xlsx.version", lang, n=ev.rubric.version_id) if ev.rubric.version_id else \
        t("eval.xlsx.default_version", lang)
    subtitle = t("eval.xlsx.subtitle", lang, rubric=ev.rubric.title(lang), version=version,
                 basis=basis_text(ev.rubric, lang), n=len(ev.all_scores))
    _merged_line(ws, 1, width, title, Font(bold=True, size=16), Alignment(horizontal="center", vertical="center"))
    ws.row_dimensions[1].height = 30
    _merged_line(ws, 2, width, subtitle, Font(size=10), _LEFT)
    ws.row_dimensions[2].height = 30
    for c, header in enumerate(table.columns, start=1):
        cell = ws.cell(3, c, neutralise(str(header)))
        cell.font, cell.fill, cell.alignment, cell.border = Font(bold=True), _HEADER_FILL, _CENTRE, _BORDER
    ws.row_dimensions[3].height = 36
    numeric = {c for c in table.columns if pd.api.types.is_float_dtype(table[c])}
    for r, row in enumerate(table.itertuples(index=False), start=4):
        for c, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            cell = ws.cell(r, c, _cell(value))
            cell.border = _BORDER
            cell.alignment = _LEFT if c in (2, 3) else _CENTRE
            if column in numeric:
                cell.number_format = "0.00"
    notes_row = 4 + len(table) + 1
    _merged_line(ws, notes_row, width, t("eval.xlsx.notes", lang), Font(size=9, color="555555"), _LEFT)
    ws.row_dimensions[notes_row].height = 45
    for c, column in enumerate(table.columns, start=1):
        longest = max([len(str(column)) // 2 + 1] + [len(str(v)) for v in table[column]])
        ws.column_dimensions[get_column_letter(c)].width = min(28, max(7, longest * 2 + 2))
    ws.freeze_panes = "C4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _merged_line(ws: Worksheet, row: int, width: int, text: str, font: Font, alignment: Alignment) -> None:
    cell = ws.cell(row, 1, neutralise(text))
    cell.font, cell.alignment = font, alignment
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
