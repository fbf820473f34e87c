"""Bytes in, sheets of cells out. The file's type is decided by its first bytes, never by its name."""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine

from outreach.ingest import limits
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
    """Every visible sheet of a spreadsheet, as rows of Python values (str, float, date, …).

    The bytes are checked against the caps of outreach.ingest.limits before any parser reads them."""
    try:
        return _read_workbook(data, file_name)
    except MemoryError as exc:  # in-process callers; in the sandbox the child's cap names its limit
        raise _refuse(file_name, "err.out_of_memory") from exc


def _read_workbook(data: bytes, file_name: str) -> Workbook:
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
        formulas = limits.check_zip(data, file_name)
        return _read_zip(data, file_name, formulas)
    if head.startswith(OLE_MAGIC):
        if any(m in data[:1 << 20] for m in _ENCRYPTED_MARKERS):
            raise _refuse(file_name, "err.encrypted")
        limits.check_ole(data, file_name)
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


# What zipfile raises on a damaged archive besides BadZipFile: an unsupported "zip file version" or
# compression method (NotImplementedError), a truncated header (EOFError, struct.error), a name
# that is not UTF-8 (UnicodeDecodeError), a bad offset (ValueError, OSError).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, struct.error,
               UnicodeDecodeError, ValueError, OSError, RuntimeError)


def _read_zip(data: bytes, file_name: str, formulas: dict[str, bool] | None = None) -> Workbook:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except _ZIP_ERRORS as exc:
        raise _refuse(file_name, "err.unreadable", detail=f"{type(exc).__name__}: {exc}"[:200]) from exc
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        what = "Word 文档" if "word/document.xml" in names else (
            "PowerPoint 演示文稿" if "ppt/presentation.xml" in names else "ZIP 压缩包"
        )
        raise _refuse(file_name, "err.not_spreadsheet", what=what)
    book = _read_excel(data, file_name, "xlsx")
    book.date1904 = _xlsx_uses_1904(data, file_name)
    blanks = _xlsx_formula_blanks(data, formulas)
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


def _xlsx_formula_blanks(data: bytes, formulas: dict[str, bool] | None = None) -> dict[str, set[tuple[int, int]]]:
    """Per sheet name, the formula cells that carry no cached result. Best effort: {} when unsure.

    ``formulas`` (limits.check_zip) tells which parts hold no `<f` at all: those are not inflated again."""
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
            if formulas is not None and formulas.get(path) is False:
                continue  # inflated once already, by limits.check_zip: no `<f` in it
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
    except (KeyError, LookupError, ElementTree.ParseError, *_ZIP_ERRORS):  # LookupError: encoding="UTF-9"
        return {}
    return out


def _xlsx_uses_1904(data: bytes, file_name: str = "") -> bool:
    """Whether raw serial numbers in this workbook count days from 1904 (old Mac Excel)."""
    try:
        xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")[:4096].decode("utf-8", "replace")
    except KeyError:
        return False
    except _ZIP_ERRORS as exc:  # calamine read the workbook, zipfile does not (a CRC it does not check …)
        raise _refuse(file_name, "err.unreadable", detail=f"{type(exc).__name__}: {exc}"[:200]) from exc
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
            try:
                rows = sheet.to_python(skip_empty_area=False)
            except BaseException as exc:
                if isinstance(exc, MemoryError) or (not isinstance(exc, Exception)
                                                    and type(exc).__name__ != "PanicException"):
                    raise
                # Most often a number formatted as a date or a duration that none can hold (-1e308 as a
                # date: a panic in calamine's date library; 1e10 as [h]:mm: Python's OverflowError).
                detail = f"{type(exc).__name__}: {str(exc)[:160]}"
                dates = isinstance(exc, OverflowError) or "TimeDelta" in detail or "date" in detail.lower()
                raise ImportRefused(Issue("err.bad_date_cell" if dates else "err.unreadable", "error", file_name,
                                          meta.name, params={"detail": detail})) from exc
            limits.check_cell_text(file_name, meta.name, rows)
            merged = list(sheet.merged_cell_ranges or [])
            sheets.append(Sheet(meta.name, rows, merged))
    except (ImportRefused, MemoryError):
        raise
    except calamine.PasswordError as exc:
        raise _refuse(file_name, "err.encrypted") from exc
    except calamine.CalamineError as exc:
        detail = str(exc)
        if "password" in detail.lower() or "encrypt" in detail.lower():
            raise _refuse(file_name, "err.encrypted") from exc
        raise _refuse(file_name, "err.unreadable", detail=detail[:200]) from exc
    except Exception as exc:  # calamine surfaces zip/xml faults as assorted exception types
        raise _refuse(file_name, "err.unreadable", detail=f"{type(exc).__name__}: {str(exc)[:200]}") from exc
    except BaseException as exc:
        # A Rust panic inside calamine (an index out of range on a corrupt record) arrives as pyo3's
        # PanicException, which derives from BaseException so that `except Exception` misses it.
        if type(exc).__name__ != "PanicException":
            raise
        raise _refuse(file_name, "err.unreadable", detail=f"calamine: {str(exc)[:200]}") from exc
    return Workbook(file_name, kind, sheets)


def decode_text(data: bytes, file_name: str) -> str:
    """BOM first (UTF-8, UTF-16), then strict UTF-8, then strict GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_declared(data, 3, "utf-8", file_name)
    if data.startswith(b"\xff\xfe"):
        return _decode_declared(data, 2, "utf-16-le", file_name)
    if data.startswith(b"\xfe\xff"):
        return _decode_declared(data, 2, "utf-16-be", file_name)
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


def _decode_declared(data: bytes, bom: int, encoding: str, file_name: str) -> str:
    """Text whose BOM names its encoding: bytes that break it are a located refusal (the line they are
    on and their offset), not a guess at another encoding."""
    try:
        return data[bom:].decode(encoding, errors="strict")
    except UnicodeDecodeError as exc:
        before = data[bom:bom + exc.start].decode(encoding, errors="replace")
        raise ImportRefused(Issue("err.encoding_bom", "error", file_name, row=before.count("\n") + 1,
                                  params={"encoding": _ENCODING_NAMES[encoding], "offset": bom + exc.start + 1})
                            ) from exc


_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}


def _read_text(data: bytes, file_name: str) -> Workbook:
    text = decode_text(data, file_name)
    if "\x00" in text or _looks_binary(text):
        raise _refuse(file_name, "err.not_spreadsheet", what="二进制文件")
    head = text[:4096].lstrip().lower()  # the head only: lstrip().lower() of a 150 MB text copies it twice
    if head.startswith(("<html", "<!doctype", "<?xml", "<table")):
        raise _refuse(file_name, "err.not_spreadsheet", what="网页（HTML/XML）")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if text.count("\t") > text.count(",") else ","
    limits.check_text_lines(text, file_name, delimiter)
    stem = re.sub(r"\.[^.]*$", "", file_name.rsplit("/", 1)[-1])
    return Workbook(file_name, "csv", [Sheet(stem or "CSV", _csv_rows(text, delimiter, file_name))])


def _lines(text: str) -> Iterator[str]:
    """The text's lines, ends kept, split at \\n only (as io.StringIO would give them to the csv module).
    io.StringIO holds its text at 4 bytes a character: 600 MB for a 150 MB file, where this holds one line."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        if stop < 0:
            yield text[start:]
            return
        yield text[start:stop + 1]
        start = stop + 1


def _csv_rows(text: str, delimiter: str, file_name: str) -> list[list[str]]:
    """The rows, refused at the first one past a cap of outreach.ingest.limits (rows, columns, cells in
    all, characters in a cell) or that the csv module cannot read. Rows are numbered as Excel shows
    the file: one per record, whatever line breaks a quoted cell holds."""
    reader = csv.reader(_lines(text), delimiter=delimiter)
    rows: list[list[str]] = []
    cells = 0

    def refuse(code: str, col: int | None = None, **params: object) -> ImportRefused:
        return ImportRefused(Issue(code, "error", file_name, row=len(rows) + 1, col=col, params=params))

    try:
        for row in reader:
            if len(rows) >= limits.MAX_ROWS:
                raise refuse("err.limit_rows", limit=f"{limits.MAX_ROWS:,}")
            if len(row) > limits.MAX_COLUMNS:
                raise refuse("err.limit_columns", cols=f"{len(row):,}", limit=f"{limits.MAX_COLUMNS:,}")
            cells += len(row)
            if cells > limits.MAX_CELLS:
                raise refuse("err.limit_cell_count", cells=f"{cells:,}", limit=f"{limits.MAX_CELLS:,}")
            if row and max(map(len, row)) > limits.MAX_CELL_CHARS:
                col = next(i for i, cell in enumerate(row) if len(cell) > limits.MAX_CELL_CHARS)
                raise refuse("err.limit_cell_chars", col, length=f"{len(row[col]):,}",
                             limit=f"{limits.MAX_CELL_CHARS:,}")
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # a cell over the csv module's 131,072 characters
            raise refuse("err.limit_cell_chars", length=f"> {csv.field_size_limit():,}",
                         limit=f"{limits.MAX_CELL_CHARS:,}") from exc
        raise refuse("err.csv_malformed", detail=str(exc)[:200]) from exc
    return rows


def _looks_binary(text: str) -> bool:
    sample = text[:2000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return control > 20
