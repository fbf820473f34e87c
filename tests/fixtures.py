"""Small builders that write spreadsheet files in memory, for the import tests.

Every builder returns the file's bytes. Rows are lists of cell values; ``None`` leaves a cell empty.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import struct
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl
import openpyxl.utils.datetime
import pandas as pd
import xlsxwriter
import xlwt

from outreach.xlsx import reproducible_xlsx

Rows = Sequence[Sequence[Any]]
Sheets = dict[str, Rows]


def xlsx(
    sheets: Sheets | Rows,
    *,
    merged: dict[str, Iterable[str]] | Iterable[str] | None = None,
    date1904: bool = False,
    number_formats: dict[str, str] | None = None,
    hidden: Iterable[str] = (),
) -> bytes:
    """An .xlsx written by openpyxl. ``sheets`` is {sheet name: rows}, or just rows for one "Sheet1".

    ``merged`` is {sheet name: ["A1:E1", …]} (or a list for a single sheet); ``number_formats`` maps a
    cell ("C3") of the first sheet to a number format; ``date1904`` switches the workbook to the 1904
    date system; ``hidden`` names sheets to hide.
    """
    if not isinstance(sheets, dict):
        sheets = {"Sheet1": sheets}
    if merged is not None and not isinstance(merged, dict):
        merged = {next(iter(sheets)): list(merged)}
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
        for rng in (merged or {}).get(name, ()):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    first = wb[next(iter(sheets))]
    for ref, fmt in (number_formats or {}).items():
        first[ref].number_format = fmt
    # Pinned save time: the same rows give the same bytes (openpyxl stamps the second it saves, and a
    # test importing a file twice must not depend on both saves falling in one second).
    return reproducible_xlsx(wb)


def xlsx_with_formulas(rows: Rows) -> bytes:
    """An .xlsx written by xlsxwriter. A cell given as ``("=B2+C2", 5)`` is a formula whose cached
    result (what Excel shows) is 5; any other value is written as is."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Sheet1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, tuple):
                formula, cached = value
                ws.write_formula(r, c, formula, None, cached)
            elif value is not None:
                ws.write(r, c, value)
    wb.close()
    return buf.getvalue()


def xls(
    sheets: Sheets | Rows,
    *,
    merged: dict[str, Iterable[tuple[int, int, int, int]]] | None = None,
    date1904: bool = False,
) -> bytes:
    """A legacy .xls written by xlwt. ``merged`` is {sheet: [(r0, r1, c0, c1), …]} (0-based, inclusive);
    the merged range takes the value written at its top-left cell. Dates get a date format."""
    if not isinstance(sheets, dict):
        sheets = {"Sheet1": sheets}
    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = date1904
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        ranges = list((merged or {}).get(name, ()))
        covered = {(r, c) for r0, r1, c0, c1 in ranges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r0, r1, c0, c1 in ranges:
            value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
            ws.write_merge(r0, r1, c0, c1, value)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in covered:
                    continue
                if isinstance(value, (dt.date, dt.datetime)):
                    ws.write(r, c, value, date_style)
                else:
                    ws.write(r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: Rows, *, encoding: str = "utf-8", delimiter: str = ",", bom: bool = False,
              newline: str = "\r\n") -> bytes:
    """Delimited text as Excel and WPS save it. ``encoding="utf-16-le"`` with ``bom=True`` is Excel's
    "Unicode text" (use ``delimiter="\\t"``)."""
    lines = [delimiter.join("" if v is None else str(v) for v in row) for row in rows]
    body = (newline.join(lines) + newline).encode(encoding)
    if bom:
        body = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding] + body
    return body


def docx_zip() -> bytes:
    """A minimal Word document (a zip with word/document.xml), e.g. renamed to .xlsx by a user."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buf.getvalue()


def encrypted_xlsx(rows: Rows, password: str = "123456") -> bytes:
    """A real password-protected .xlsx (OOXML agile encryption, as Excel writes it) via msoffcrypto-tool."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx(rows))).encrypt(password, out)
    return out.getvalue()


def ole_with_encryption_streams() -> bytes:
    """An OLE2 container whose directory names the streams an encrypted OOXML file has
    (`EncryptionInfo`, `EncryptedPackage`, UTF-16LE), without a real cipher: the shape, not the crypto."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHH", header, 24, 0x3E, 3, 0xFFFE)  # minor version, major version 3, little-endian
    struct.pack_into("<H", header, 30, 9)  # 512-byte sectors
    directory = bytearray(512)
    for i, name in enumerate(("Root Entry", "EncryptionInfo", "EncryptedPackage")):
        raw = (name + "\x00").encode("utf-16-le")
        directory[i * 128 : i * 128 + len(raw)] = raw
        struct.pack_into("<H", directory, i * 128 + 64, len(raw))
    return bytes(header) + bytes(directory)


def table(df: pd.DataFrame, columns: Sequence[str]) -> list[tuple]:
    """The given columns of a records frame as plain tuples: NaN/NA → None, whole floats → int."""
    def plain(v: Any) -> Any:
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if hasattr(v, "item") and not isinstance(v, (str, dt.date)):
            return plain(v.item())
        return v

    return [tuple(plain(v) for v in row) for row in df[list(columns)].itertuples(index=False, name=None)]
