"""Tables handed to people as files (CSV, XLSX): every text cell made safe to open in a spreadsheet.

Names, titles and notes come from uploaded sheets, so a cell may start with ``=`` (or ``+ - @``, a tab,
CR or NUL) and a spreadsheet would run it as a formula (CSV injection). Every export goes through
:func:`neutralise`: such text gets a leading apostrophe, the usual convention, so it shows as typed
and nothing runs. Numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from outreach.xlsx import reproducible_xlsx

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Characters XML 1.0 cannot carry: openpyxl refuses them, so they are dropped (after the check above).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: object) -> object:
    """``value`` as it may be written to a cell: text that a spreadsheet would evaluate gets a
    leading apostrophe; numbers, dates and None pass unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(_TRIGGERS):
        value = "'" + value
    return _ILLEGAL.sub("", value)


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell (and column name) neutralised."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV that Excel opens with Chinese intact (UTF-8 with BOM), formulas neutralised."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes, dt.date)):  # numpy scalar
        return value.item()
    return neutralise(value)


def table_xlsx(df: pd.DataFrame, sheet: str, title: str | None = None) -> bytes:
    """One table as a workbook: an optional bold title row, a shaded header row, the rows, frozen
    header, column widths fitted to the text. Every text cell neutralised."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(neutralise(sheet))[:31] or "Sheet1"
    if title:
        ws.append([neutralise(title)])
        ws.cell(1, 1).font = Font(bold=True, size=13)
    ws.append([neutralise(str(c)) for c in df.columns])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F3F4")
    for row in df.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    for index, column in enumerate(df.columns, start=1):
        longest = max([len(str(column))] + [len(str(v)) for v in df[column].head(500)])
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(8, longest * 2 + 2))
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    return reproducible_xlsx(wb)
