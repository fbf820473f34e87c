"""Bytes in, sheets of cells out. The file's type is decided by its first bytes, never by its name."""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine

from outreach.ingest.issues import ImportRefused, Issue

MAX_BYTES = 200 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# OOXML files with an open password are OLE containers holding these streams (names in UTF-16LE).
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))

_FOREIGN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    # (row, col), 0-based like ``rows``: formula cells saved without a result (written by a script, never
    # opened in Excel). They read as empty; the parser warns where such a cell is in a column it uses.
    formula_blanks: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class Workbook:
    file_name: str
    kind: str  # xlsx | xls | csv
    sheets: list[Sheet]
    date1904: bool = False


def _refuse(file_name: str, code: str, **params: object) -> ImportRefused:
    return ImportRefused(Issue(code, "error", file_name, params=params))


def read_workbook(data: bytes, file_name: str) -> Workbook:
    """Every visible sheet of a spreadsheet, as rows of Python values (str, float, date, …)."""
    if not data:
        raise _refuse(file_name, "err.empty_file")
    if len(data) > MAX_BYTES:
        raise _refuse(
            file_name, "err.too_large", size_mb=round(len(data) / 2**20), limit_mb=MAX_BYTES // 2**20
        )
    head = data[:8]
    for magic, what in _FOREIGN_MAGIC:
        if head.startswith(magic):
            raise _refuse(file_name, "err.not_spreadsheet", what=what)
    if head.startswith(ZIP_MAGIC):
        return _read_zip(data, file_name)
    if head.startswith(OLE_MAGIC):
        if any(m in data[:1 << 20] for m in _ENCRYPTED_MARKERS):
            raise _refuse(file_name, "err.encrypted")
        book = _read_excel(data, file_name, "xls")
        book.date1904 = _xls_uses_1904(data)
        return book
    if _bytes_look_binary(data):
        raise _refuse(file_name, "err.not_spreadsheet", what="二进制文件")
    return _read_text(data, file_name)


def _bytes_look_binary(data: bytes) -> bool:
    """Control bytes (other than tab and line breaks) never occur in text saved as UTF-8 or GBK/GB18030.

    UTF-16 (a BOM, or NUL every other byte) is text and is left to :func:`decode_text`.
    """
    sample = data[:4000]
    if sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or sample.count(b"\x00") > len(sample) // 4:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return control > 20


def _read_zip(data: bytes, file_name: str) -> Workbook:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise _refuse(file_name, "err.unreadable", detail=str(exc)) from exc
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        what = "Word 文档" if "word/document.xml" in names else (
            "PowerPoint 演示文稿" if "ppt/presentation.xml" in names else "ZIP 压缩包"
        )
        raise _refuse(file_name, "err.not_spreadsheet", what=what)
    book = _read_excel(data, file_name, "xlsx")
    book.date1904 = _xlsx_uses_1904(data)
    blanks = _xlsx_formula_blanks(data)
    for sheet in book.sheets:
        sheet.formula_blanks = blanks.get(sheet.name, set())
    return book


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# A cell whose first child is a formula (`<c r="C2"><f>B2*2</f><v>4</v></c>`); self-closing cells excluded.
_FORMULA_CELL = re.compile(rb"<c\b([^>/]*)>\s*<f\b(.*?)</c>", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CACHED_VALUE = re.compile(rb"<v>[^<]+</v>")


def _xlsx_formula_blanks(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Per sheet name, the formula cells that carry no cached result. Best effort: {} when unsure."""
    out: dict[str, set[tuple[int, int]]] = {}
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for rel in ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(f"{_NS_PKG_REL}Relationship")
        }
        for sheet in ElementTree.fromstring(z.read("xl/workbook.xml")).iter(f"{_NS_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_NS_REL}id"), "")
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            xml = z.read(path)
            if b"<f" not in xml:
                continue
            cells = set()
            for m in _FORMULA_CELL.finditer(xml):
                attrs, body = m[1], m[2]
                ref = _CELL_REF.search(attrs)
                if ref is None or b't="str"' in attrs or _CACHED_VALUE.search(body):
                    continue  # has a result (t="str" with an empty <v> is a formula that yields "")
                letters, row = ref[1].decode(), int(ref[2])
                col = 0
                for ch in letters:
                    col = col * 26 + ord(ch) - 64
                cells.add((row - 1, col - 1))
            if cells:
                out[sheet.get("name", "")] = cells
    except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    return out


def _xlsx_uses_1904(data: bytes) -> bool:
    """Whether raw serial numbers in this workbook count days from 1904 (old Mac Excel)."""
    try:
        xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")[:4096].decode("utf-8", "replace")
    except KeyError:
        return False
    return re.search(r'date1904\s*=\s*"(1|true)"', xml) is not None


# BIFF5/BIFF8 BOF record of the workbook globals: type 0x0809, length 8 or 16, version, substream 0x0005.
_BIFF_GLOBALS_BOF = re.compile(rb"\x09\x08[\x08\x10]\x00\x00[\x05\x06]\x05\x00")


def _xls_uses_1904(data: bytes) -> bool:
    """The DATEMODE record (0x0022) of a legacy .xls: 1 when raw serials count days from 1904.

    It is one of the first records of the globals substream, well inside the stream's first sector,
    so walking records from the globals BOF in the raw file is safe.
    """
    m = _BIFF_GLOBALS_BOF.search(data)
    if m is None:
        return False
    pos = m.start()
    for _ in range(200):
        if pos + 4 > len(data):
            return False
        typ, length = struct.unpack_from("<HH", data, pos)
        if typ == 0x0022 and length == 2:
            return struct.unpack_from("<H", data, pos + 4)[0] == 1
        if typ == 0x000A:  # EOF of the globals: no DATEMODE record means 1900
            return False
        pos += 4 + length
    return False


def _read_excel(data: bytes, file_name: str, kind: str) -> Workbook:
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if str(meta.visible) != str(calamine.SheetVisibleEnum.Visible):
                continue  # hidden helper sheets (lookup lists, old copies) are not data
            if str(meta.typ) != str(calamine.SheetTypeEnum.WorkSheet):
                continue
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            sheets.append(Sheet(meta.name, rows, merged))
    except calamine.PasswordError as exc:
        raise _refuse(file_name, "err.encrypted") from exc
    except calamine.CalamineError as exc:
        detail = str(exc)
        if "password" in detail.lower() or "encrypt" in detail.lower():
            raise _refuse(file_name, "err.encrypted") from exc
        raise _refuse(file_name, "err.unreadable", detail=detail[:200]) from exc
    except Exception as exc:  # calamine surfaces zip/xml faults as assorted exception types
        raise _refuse(file_name, "err.unreadable", detail=f"{type(exc).__name__}: {str(exc)[:200]}") from exc
    return Workbook(file_name, kind, sheets)


def decode_text(data: bytes, file_name: str) -> str:
    """BOM first (UTF-8, UTF-16), then strict UTF-8, then strict GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL, the odd ones in little-endian.
        # (Not just the first character's: a CJK character there has no NUL byte at all.)
        enc = "utf-16-le" if sample[1::2].count(0) >= sample[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(enc)
        except UnicodeDecodeError as exc:
            raise _refuse(file_name, "err.encoding") from exc
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc, errors="strict")
        except UnicodeDecodeError:
            continue
    raise _refuse(file_name, "err.encoding")


def _read_text(data: bytes, file_name: str) -> Workbook:
    text = decode_text(data, file_name)
    if "\x00" in text or _looks_binary(text):
        raise _refuse(file_name, "err.not_spreadsheet", what="二进制文件")
    stripped = text.lstrip().lower()
    if stripped.startswith(("<html", "<!doctype", "<?xml", "<table")):
        raise _refuse(file_name, "err.not_spreadsheet", what="网页（HTML/XML）")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if text.count("\t") > text.count(",") else ","
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    stem = re.sub(r"\.[^.]*$", "", file_name.rsplit("/", 1)[-1])
    return Workbook(file_name, "csv", [Sheet(stem or "CSV", rows)])


def _looks_binary(text: str) -> bool:
    sample = text[:2000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return control > 20
