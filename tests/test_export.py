"""Exported files never carry a live formula, whatever the uploaded sheets contained."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from outreach import export

HOSTILE = ["=1+1", "+86 138", "-2", "@SUM(A1)", "\tx", "\rx", "\0x", "=HYPERLINK(\"http://x\")"]


def test_neutralise_prefixes_every_trigger_and_leaves_the_rest():
    assert [export.neutralise(v) for v in HOSTILE] == [
        "'=1+1", "'+86 138", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "'x", "'=HYPERLINK(\"http://x\")"]
    assert export.neutralise("张三") == "张三"
    assert export.neutralise(-2) == -2 and export.neutralise(None) is None


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"=name": [*HOSTILE, "张三"], "n": range(len(HOSTILE) + 1),
                         "day": [dt.date(2014, 8, 1)] * (len(HOSTILE) + 1)})


def test_xlsx_has_no_formula_cell_and_keeps_numbers():
    wb = load_workbook(io.BytesIO(export.table_xlsx(_frame(), "=sheet", title="=title")))
    ws = wb.active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" for c in cells)
    assert all(not str(c.value).startswith(export._TRIGGERS) for c in cells)
    assert ws.cell(1, 1).value == "'=title" and ws.cell(2, 1).value == "'=name"
    assert [ws.cell(r, 2).value for r in range(3, 3 + len(HOSTILE) + 1)] == list(range(len(HOSTILE) + 1))


def test_csv_has_no_cell_starting_with_a_trigger():
    text = export.csv_bytes(_frame()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][0] == "'=name"
    assert all(not cell.startswith(export._TRIGGERS) for row in rows for cell in row)
    assert rows[-1][0] == "张三"
