"""The caps an upload must keep to, checked on its bytes before any parser reads them.

A spreadsheet can ask for far more than its size suggests. python-calamine allocates a sheet as one
block of rows × columns from A1 to its farthest cell with a value, so a 1.7 KB .xlsx holding one
value in XFD1048576 asks for 512 GiB and aborts the process; a 2.8 MB zip bomb inflates to 1.9 GB;
an XML entity bomb expands a few lines into gigabytes. These checks refuse such files with a message
naming the cap, before calamine or the csv module sees them. The parse itself then runs in a child
process with a memory cap and a time limit (outreach.ingest.sandbox): the backstop for what no check
on the bytes can foresee (a corrupt .xls, whose structure is only sanity-checked here).

The caps:

- :data:`MAX_CELLS` — rows × columns of one sheet, A1 to its farthest cell with a value, and the
  area its ``<dimension ref>`` declares: 16,777,216, the whole grid of a legacy .xls sheet
  (65,536 rows × 256 columns). calamine needs 32 bytes a cell before Python sees one.
- :data:`MAX_ROWS` and :data:`MAX_COLUMNS` — Excel's own, 1,048,576 rows and 16,384 columns (XFD), for
  every sheet and CSV.
- :data:`MAX_CELL_CHARS` — 32,767 characters in one cell, Excel's own limit.
- :data:`MAX_ZIP_ENTRIES`, :data:`MAX_INFLATED`, :data:`MAX_RATIO` — an .xlsx may hold at most 10,000
  parts, inflating to 1 GiB in all, and no part above 1 MiB may inflate to more than 100 times its
  compressed size (Excel's own sheets compress 10–20 times; a zip bomb 500–1,000 times).
- DTDs and entity declarations are refused in every XML part: OOXML never uses them, XML bombs do.

Every zip part is inflated here once, with its CRC and size checked: a part that lies about its
size, or whose checksum fails, is refused as damaged rather than left for calamine to trust.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any
from xml.etree import ElementTree

from outreach.ingest.issues import ImportRefused, Issue

MAX_CELLS = 65_536 * 256
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767
MAX_ZIP_ENTRIES = 10_000
# Python's zipfile reads the whole central directory into objects before one can count the entries:
# its size is capped first (a real workbook's is a few KB; 4 MiB is some 40,000 entries).
MAX_CENTRAL_DIRECTORY = 4 * 2**20
MAX_INFLATED = 2**30
MAX_RATIO = 100
RATIO_FLOOR = 2**20  # small parts (styles, a one-row sheet) compress oddly well: the ratio applies above this

_CHUNK = 2**20
# A tag cut by a chunk boundary is carried into the next chunk; a tag longer than this is no cell tag
# (a cell's attributes are a few dozen bytes) and is dropped rather than held.
_MAX_CARRY = 2**16


def _refuse(file_name: str, code: str, sheet: str | None = None, row: int | None = None, col: int | None = None,
            **params: object) -> ImportRefused:
    return ImportRefused(Issue(code, "error", file_name, sheet, row, col, params=params))


# Past any cap, and cheap to compare: what a 30-digit row or a 10-letter column counts as.
_HUGE = 10**18


def column_index(letters: bytes | str) -> int:
    """`A` → 1, `XFD` → 16384 (1-based, as a cell reference counts); a run of letters longer than any
    column name counts as :data:`_HUGE`."""
    if len(letters) > 7:
        return _HUGE
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.upper().decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


def row_number(digits: bytes | str) -> int:
    """`1048576` → 1048576; more digits than any row has count as :data:`_HUGE` (and int() refuses
    strings of over 4,300 digits)."""
    return int(digits) if len(digits) <= 18 else _HUGE


def _column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def check_area(file_name: str, sheet: str | None, rows: int, cols: int) -> None:
    """Refuse a sheet that reaches past Excel's last row or column, or whose A1-to-farthest-cell block
    is over :data:`MAX_CELLS`. (calamine reads references past XFD1048576 as they are: a sheet of 10
    rows reaching column ZZZZ is 4.7 million cells that the header search then walks one by one.)"""
    if rows > MAX_ROWS:
        raise _refuse(file_name, "err.limit_rows", sheet, limit=f"{MAX_ROWS:,}")
    if cols > MAX_COLUMNS:
        far = f"{_column_letters(cols)}{max(rows, 1)}" if cols < _HUGE else "…"
        raise _refuse(file_name, "err.limit_sheet_columns", sheet, far=far,
                      cols=f"{cols:,}" if cols < _HUGE else f"> {MAX_COLUMNS:,}", limit=f"{MAX_COLUMNS:,}")
    if rows * cols > MAX_CELLS:
        raise _refuse(file_name, "err.limit_cells", sheet, far=f"{_column_letters(cols)}{rows}",
                      rows=f"{rows:,}", cols=f"{cols:,}", cells=f"{rows * cols:,}", limit=f"{MAX_CELLS:,}")


def check_cell_text(file_name: str, sheet: str | None, rows: list[list[Any]]) -> None:
    """Refuse a sheet with a text cell over :data:`MAX_CELL_CHARS`, naming the first such cell."""
    # First in C: no cell's text (a str is its own) is that long, so no str cell is (what calamine
    # reads otherwise, numbers, dates, booleans, has a short text). Else find the first one, cell by cell.
    if max(map(len, map(str, filter(None, chain.from_iterable(rows)))), default=0) <= MAX_CELL_CHARS:
        return
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value.__class__ is str and len(value) > MAX_CELL_CHARS:
                raise _refuse(file_name, "err.limit_cell_chars", sheet, r + 1, c, length=f"{len(value):,}",
                              limit=f"{MAX_CELL_CHARS:,}")


# --- .xlsx / .xlsm (zip) --------------------------------------------------------------------------

# Tags are matched on raw bytes, with or without a namespace prefix (`<x:c r="A1">`: some writers use
# one, and a reader that matches local names would take `<y:c>` for a cell too).
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")
_XML_PART = re.compile(r"\.(?:xml|rels|vml)$", re.IGNORECASE)
_PREFIXED_CELL_END = re.compile(rb"</([A-Za-z_][\w.-]*:)c>")
# A cell with content has a closing tag; `<c r="Z9" s="1"/>` is formatting, and calamine skips it.
# Fast path: a content cell whose first attribute is its reference, as Excel and most writers put it.
# References of any length: a row of 20 digits is a row past every cap, not a reference to skip.
_FAST_CELL = '<{p}c r="([A-Z]+)([0-9]+)"[^>/]*>'
_DIMENSION = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref\s*=\s*["\']\$?([A-Za-z]+)\$?([0-9]+)'
    rb'(?::\$?([A-Za-z]+)\$?([0-9]+))?["\']')
# The shared-string table's declared size: calamine reserves room for uniqueCount strings up front.
_SST = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?sst\s[^>]*?\buniqueCount\s*=\s*["\']([0-9]{1,20})["\']')
_MIN_SHARED_STRING = 5  # bytes: `<si/>`
# Slow path, when cells carry no `r` (or another layout): every row and cell tag, in order.
_ANY_ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(\s[^>]*?)?(/?)>")
_REF_ATTR = re.compile(rb'\br\s*=\s*["\']\s*(?:([A-Za-z]+))?([0-9]+)\s*["\']')


@functools.cache
def _fast_cell(prefix: bytes) -> re.Pattern[bytes]:
    return re.compile(_FAST_CELL.format(p=re.escape(prefix.decode("ascii"))).encode())


class _SlowScan(Exception):
    """The fast path met a cell it cannot place: walk the part again, tag by tag."""


@dataclass
class _PartScan:
    """What one XML part's cells reach, gathered chunk by chunk."""

    part: str
    sheet: str | None
    size: int  # the part's inflated size (checked against what it really inflates to)
    slow: bool = False
    head: bool = True  # before <sheetData> or the first shared string: where <dimension> and <sst> are
    max_row: int = 0
    max_col: int = 0
    closed: int = 0  # closing cell tags: cells with content
    referenced: int = 0  # of which found by the fast pattern
    row: int = 0  # slow path: the current row and column
    col: int = 0
    carry: bytes = b""  # the start of a tag cut by the end of the previous chunk


def check_zip(data: bytes, file_name: str) -> dict[str, bool]:
    """Refuse an .xlsx whose zip structure, sizes or sheets break a cap (module docstring).

    Returns, for each XML part it inflated, whether `<f` occurs in it: a part without one holds no
    formula cell, and the reader need not inflate it again to look for formulas saved without a result."""
    _check_central_directory(data, file_name)
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError,
            struct.error, UnicodeDecodeError) as exc:
        raise _refuse(file_name, "err.unreadable", detail=_short(exc)) from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _refuse(file_name, "err.limit_zip_entries", n=f"{len(infos):,}", limit=f"{MAX_ZIP_ENTRIES:,}")
    declared = 0
    for info in infos:  # the declared sizes first: a bomb is named a bomb before anything is inflated
        _check_ratio(file_name, info.filename, info.file_size, info.compress_size)
        declared += info.file_size
        if declared > MAX_INFLATED:
            raise _refuse(file_name, "err.limit_inflated", part=info.filename, limit_mb=MAX_INFLATED // 2**20)
    names = _sheet_names(data, infos)
    total = 0
    formulas: dict[str, bool] = {}
    for info in infos:
        if info.filename.endswith("/"):  # a folder (not is_dir(): an empty name would raise IndexError)
            continue
        if not _XML_PART.search(info.filename):
            for chunk in _inflate(data, info, file_name):
                total += len(chunk)
                _check_total(total, info.filename, file_name)
            continue
        try:
            total = _scan_part(data, info, file_name, names.get(info.filename), total, slow=False, formulas=formulas)
        except _SlowScan:
            total = _scan_part(data, info, file_name, names.get(info.filename), total, slow=True, formulas=formulas)
    return formulas


def _check_total(total: int, part: str, file_name: str) -> None:
    if total > MAX_INFLATED:
        raise _refuse(file_name, "err.limit_inflated", part=part, limit_mb=MAX_INFLATED // 2**20)


def _scan_part(data: bytes, info: zipfile.ZipInfo, file_name: str, sheet: str | None, total: int,
               slow: bool, formulas: dict[str, bool] | None = None) -> int:
    """Inflate one XML part and scan it; returns the running inflated total. ``formulas`` gets whether
    `<f` occurs in the part (a chunk boundary between its two bytes included)."""
    scan = _PartScan(info.filename, sheet, info.file_size, slow)
    has_f, last = False, b""
    for chunk in _inflate(data, info, file_name):
        total += len(chunk)
        _check_total(total, info.filename, file_name)
        if not has_f and chunk:
            has_f = b"<f" in chunk or (last == b"<" and chunk[:1] == b"f")
            last = chunk[-1:]
        _scan_chunk(scan, chunk, file_name)
    _check_part_area(scan, file_name)
    if formulas is not None:
        formulas[info.filename] = has_f
    return total


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def _check_central_directory(data: bytes, file_name: str) -> None:
    """The end-of-central-directory record's size of the directory, read before zipfile parses it."""
    eocd = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if eocd < 0 or eocd + 22 > len(data):
        return  # not found: zipfile says what is wrong
    entries, size = struct.unpack_from("<H", data, eocd + 10)[0], struct.unpack_from("<I", data, eocd + 12)[0]
    locator = eocd - 20
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and locator >= 0 and data[locator:locator + 4] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", data, locator + 8)[0]
        if offset + 56 <= len(data) and data[offset:offset + 4] == b"PK\x06\x06":
            entries, size = struct.unpack_from("<QQ", data, offset + 32)
    if entries > MAX_ZIP_ENTRIES:
        raise _refuse(file_name, "err.limit_zip_entries", n=f"{entries:,}", limit=f"{MAX_ZIP_ENTRIES:,}")
    if size > MAX_CENTRAL_DIRECTORY:
        raise _refuse(file_name, "err.limit_zip_entries", n=f"> {MAX_ZIP_ENTRIES:,}", limit=f"{MAX_ZIP_ENTRIES:,}")


def _check_ratio(file_name: str, part: str, inflated: int, compressed: int) -> None:
    if inflated > RATIO_FLOOR and inflated > MAX_RATIO * max(compressed, 1):
        raise _refuse(file_name, "err.zip_bomb", part=part, ratio=f"{inflated // max(compressed, 1):,}",
                      limit=MAX_RATIO)


def _inflate(data: bytes, info: zipfile.ZipInfo, file_name: str):  # -> Iterator[bytes]
    """The part's bytes in chunks, read from the raw stream: never more than its declared size, which
    must be its real size, and its CRC must match (calamine would otherwise trust both)."""
    part = info.filename
    start = info.header_offset
    if start + 30 > len(data) or data[start:start + 4] != b"PK\x03\x04":
        raise _refuse(file_name, "err.unreadable", detail=f"{part}：找不到数据（偏移 {start}）")
    name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_len + extra_len
    raw = memoryview(data)[begin:begin + info.compress_size]
    if len(raw) < info.compress_size:
        raise _refuse(file_name, "err.unreadable", detail=f"{part}：文件被截断")
    if info.flag_bits & 0x1:
        raise _refuse(file_name, "err.encrypted")
    crc, produced = 0, 0
    if info.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(raw), _CHUNK):
            chunk = bytes(raw[i:i + _CHUNK])
            crc = zlib.crc32(chunk, crc)
            produced += len(chunk)
            yield chunk
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        pending = raw
        while True:
            try:
                chunk = inflater.decompress(pending, _CHUNK)
            except zlib.error as exc:
                raise _refuse(file_name, "err.unreadable", detail=f"{part}：{exc}") from exc
            pending = inflater.unconsumed_tail
            if chunk:
                crc = zlib.crc32(chunk, crc)
                produced += len(chunk)
                if produced > info.file_size:
                    raise _refuse(file_name, "err.unreadable", detail=f"{part}：解压后比声明的 {info.file_size} 字节大")
                _check_ratio(file_name, part, produced, info.compress_size)
                yield chunk
            if inflater.eof or (not chunk and not pending):
                break
        if not inflater.eof:
            raise _refuse(file_name, "err.unreadable", detail=f"{part}：压缩数据不完整")
    else:
        raise _refuse(file_name, "err.unreadable", detail=f"{part}：不支持的压缩方式 {info.compress_type}")
    if produced != info.file_size:
        raise _refuse(file_name, "err.unreadable", detail=f"{part}：大小与声明的不符")
    if crc != info.CRC:
        raise _refuse(file_name, "err.unreadable", detail=f"{part}：CRC 校验失败")


def _sheet_names(data: bytes, infos: list[zipfile.ZipInfo]) -> dict[str, str]:
    """Sheet part path → sheet name, for messages. Best effort: {} when the workbook part is odd.

    Read with ElementTree only when small and free of DTDs (expat would expand entities)."""
    by_name = {i.filename: i for i in infos}
    try:
        xml = {}
        for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            info = by_name.get(part)
            if info is None or info.file_size > 4 * 2**20:
                return {}
            body = b"".join(_inflate(data, info, ""))
            if any(mark in body for mark in _DTD_MARKS):
                return {}
            xml[part] = ElementTree.fromstring(body)
    except (ImportRefused, ElementTree.ParseError, ValueError, LookupError):  # LookupError: encoding="UTF-9"
        return {}
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    targets = {rel.get("Id"): rel.get("Target", "")
               for rel in xml["xl/_rels/workbook.xml.rels"].iter("{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")}
    names = {}
    for sheet in xml["xl/workbook.xml"].iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"), "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        names[path] = sheet.get("name", "")
    return names


def _scan_chunk(scan: _PartScan, chunk: bytes, file_name: str) -> None:
    """One inflated chunk of an XML part: DTDs, the declared dimension, and where its cells reach."""
    text = scan.carry + chunk if scan.carry else chunk
    cut = text.rfind(b"<")
    if cut >= 0 and text.find(b">", cut) < 0:  # the last tag is cut by the chunk's end: keep it for the next
        body, carry = text[:cut], text[cut:]
    else:
        body, carry = text, b""
    scan.carry = carry if len(carry) <= _MAX_CARRY else b""
    # Declarations belong in the prolog, but a comment can hide where the prolog ends: every chunk is
    # searched (a literal `<!DOCTYPE` cannot occur in XML text, where `<` is written &lt;).
    if any(mark in body for mark in _DTD_MARKS):
        raise _refuse(file_name, "err.xml_dtd", scan.sheet, part=scan.part)
    if scan.head:
        if (m := _DIMENSION.search(body)) is not None:
            _check_dimension(scan, m, file_name)
            scan.head = False
        elif (m := _SST.search(body)) is not None:
            _check_shared_strings(scan, row_number(m[1]), file_name)
            scan.head = False
        elif b"sheetData" in body or b"<si" in body:
            scan.head = False
    if scan.slow:
        _walk_tags(scan, body, file_name)
        _check_part_area(scan, file_name)
        return
    prefixes = {b""} if b"</c>" in body else set()
    if b":c>" in body:
        prefixes.update(_PREFIXED_CELL_END.findall(body))
    if not prefixes:
        return
    scan.closed += sum(body.count(b"</" + prefix + b"c>") for prefix in prefixes)
    if scan.closed > MAX_CELLS:
        raise _refuse(file_name, "err.limit_cell_count", scan.sheet, part=scan.part, cells=f"{scan.closed:,}",
                      limit=f"{MAX_CELLS:,}")
    refs = [ref for prefix in prefixes for ref in _fast_cell(prefix).findall(body)]
    scan.referenced += len(refs)
    # A content cell the fast pattern missed (no `r`, `r` not first, lower case …): walk the part tag by
    # tag. A tag cut by a chunk boundary can only make `referenced` run ahead, never `closed`.
    if scan.closed > scan.referenced:
        raise _SlowScan
    if refs:  # (letters, digits) pairs: each distinct one read once (zip(*refs) of 30,000 pairs is slow)
        scan.max_row = max(scan.max_row, max(map(row_number, set(map(itemgetter(1), refs)))))
        scan.max_col = max(scan.max_col, max(map(column_index, set(map(itemgetter(0), refs)))))
    _check_part_area(scan, file_name)


def _check_dimension(scan: _PartScan, m: re.Match[bytes], file_name: str) -> None:
    """The declared `<dimension ref="A1:XFD1048576">`: calamine does not size by it today (measured:
    0.9.1 sizes by the cells), but a reader that pre-sizes by it would ask for the whole block."""
    last_col, last_row = (m[3], m[4]) if m[3] else (m[1], m[2])
    rows, cols = row_number(last_row), column_index(last_col)
    if rows * cols > MAX_CELLS:
        ref = (m[1] + m[2] + (b":" + m[3] + m[4] if m[3] else b"")).decode("ascii")
        raise _refuse(file_name, "err.limit_declared_cells", scan.sheet, part=scan.part, ref=ref,
                      cells=f"{rows * cols:,}", limit=f"{MAX_CELLS:,}")


def _check_shared_strings(scan: _PartScan, unique: int, file_name: str) -> None:
    """`<sst uniqueCount="4294967295">`: calamine reserves that many strings before reading one, and
    aborts on the allocation. The part's own size bounds how many it can hold."""
    if unique * _MIN_SHARED_STRING > scan.size:
        raise _refuse(file_name, "err.unreadable", detail=f"{scan.part}：共享字符串表声称有 {unique:,} 个字符串，"
                                                          f"而它只有 {scan.size:,} 字节")


def _check_part_area(scan: _PartScan, file_name: str) -> None:
    check_area(file_name, scan.sheet, scan.max_row, scan.max_col)


def _walk_tags(scan: _PartScan, body: bytes, file_name: str) -> None:
    """Where each cell lands, tag by tag: a cell without `r` one column right of the cell before it, a
    row without `r` below the row before it (as calamine places them)."""
    for m in _ANY_ROW_OR_CELL.finditer(body):
        tag, attrs, empty = m[1], m[2] or b"", m[3]
        ref = _REF_ATTR.search(attrs)
        if tag == b"row":
            scan.row = row_number(ref[2]) if ref is not None else scan.row + 1
            scan.col = 0
            continue
        if ref is not None and ref[1]:
            scan.row, scan.col = row_number(ref[2]), column_index(ref[1])
        else:
            scan.col += 1
        if not empty:
            scan.closed += 1
            if scan.closed > MAX_CELLS:
                raise _refuse(file_name, "err.limit_cell_count", scan.sheet, part=scan.part,
                              cells=f"{scan.closed:,}", limit=f"{MAX_CELLS:,}")
            scan.max_row = max(scan.max_row, scan.row)
            scan.max_col = max(scan.max_col, scan.col)


# --- .xls (OLE compound file) ---------------------------------------------------------------------

_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE


def check_ole(data: bytes, file_name: str) -> None:
    """Sanity of a legacy .xls's container and of the records calamine sizes its memory by.

    The compound file's header, sector tables and the Workbook stream's chain must be consistent with
    the file's size; in the stream, a shared-string table may not claim more strings than its bytes
    can hold, and a sheet's DIMENSIONS record may not exceed :data:`MAX_CELLS`. Anything subtler is
    left to the child process's memory cap (outreach.ingest.sandbox)."""
    stream = _ole_workbook_stream(data, file_name)
    if stream is not None:
        _check_biff(stream, file_name)


def _ole_workbook_stream(data: bytes, file_name: str) -> bytes | None:
    def damaged(what: str) -> ImportRefused:
        return _refuse(file_name, "err.unreadable", detail=f"OLE：{what}")

    if len(data) < 512:
        raise damaged("文件头不完整")
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise damaged("扇区大小无效")
    size = 1 << sector_shift
    n_sectors = (len(data) - 512 + size - 1) // size
    n_fat, dir_start = struct.unpack_from("<II", data, 0x2C)
    mini_cutoff = struct.unpack_from("<I", data, 0x38)[0]
    difat_start, n_difat = struct.unpack_from("<II", data, 0x44)
    # The FAT maps every sector once: many more FAT sectors than that is a corrupt header.
    if n_fat > n_sectors // (size // 4) + 8 or n_difat > n_sectors or dir_start >= n_sectors:
        raise damaged("扇区表超出文件大小")

    def sector(i: int) -> bytes:
        offset = 512 + i * size
        return data[offset:offset + size]

    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < n_sectors]
    next_difat, seen = difat_start, 0
    while next_difat < n_sectors and seen <= n_difat:
        values = struct.unpack(f"<{size // 4}I", sector(next_difat).ljust(size, b"\xff"))
        fat_sectors += [s for s in values[:-1] if s < n_sectors]
        next_difat, seen = values[-1], seen + 1
    # Kept as bytes, read with struct: a corrupt header must not make a list of millions of ints.
    fat = b"".join(sector(s).ljust(size, b"\xff") for s in fat_sectors[:n_fat])
    fat_len = len(fat) // 4

    def chain(first: int, limit: int) -> bytes:
        parts, current, steps = [], first, 0
        while current not in (_END_OF_CHAIN, _FREE):
            if current >= n_sectors or current >= fat_len or steps > n_sectors:
                raise damaged("扇区链无效")
            parts.append(sector(current))
            steps += 1
            if steps * size >= limit:
                break
            current = struct.unpack_from("<I", fat, 4 * current)[0]
        return b"".join(parts)[:limit]

    directory = chain(dir_start, n_sectors * size)
    for i in range(0, len(directory) - 127, 128):
        entry = directory[i:i + 128]
        name_len = struct.unpack_from("<H", entry, 0x40)[0]
        name = entry[:max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
        if entry[0x42] != 2 or name not in ("Workbook", "Book"):
            continue
        start, stream_size = struct.unpack_from("<II", entry, 0x74)
        if stream_size > len(data):
            raise damaged(f"{name} 流的大小（{stream_size} 字节）超过文件本身")
        if stream_size < mini_cutoff:
            return None  # a tiny workbook kept in the mini stream: nothing there can be large
        return chain(start, stream_size)
    return None


# Cell records (BIFF5/8) start with row and column (2 bytes each); MULRK and MULBLANK end with the last column.
_CELL_RECORDS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E})
_MULTI_CELL_RECORDS = frozenset({0x00BD, 0x00BE})
_XLS_COLUMNS = 256  # an .xls sheet has columns A to IV


def _check_biff(stream: bytes, file_name: str) -> None:
    """Walk the Workbook stream's records: the counts and positions calamine allocates by."""

    def damaged(what: str) -> ImportRefused:
        return _refuse(file_name, "err.unreadable", detail=what)

    pos, end = 0, len(stream)
    while pos + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + length]
        if kind == 0x00FC and len(body) >= 8:  # SST: total and unique string counts
            unique = struct.unpack_from("<I", body, 4)[0]
            if unique * 3 > end:  # each string takes at least 3 bytes (length and flags)
                raise damaged(f"共享字符串表声称有 {unique:,} 个字符串，而工作簿只有 {end:,} 字节")
        elif kind == 0x0200 and len(body) in (10, 14):  # DIMENSIONS: first row, last row + 1, first col, …
            # calamine reserves (last - first) rows × columns up front: a first above the last wraps round.
            first_row, rows, first_col, cols = struct.unpack_from("<IIHH" if len(body) == 14 else "<HHHH", body, 0)
            if rows > 65_536 or cols > _XLS_COLUMNS or first_row > rows or first_col > cols:
                raise damaged(f"工作表的范围记录（第 {first_row:,}—{rows:,} 行、第 {first_col:,}—{cols:,} 列）"
                              "无效，超出 .xls 的 65,536 行 × 256 列")
        elif kind in _CELL_RECORDS and len(body) >= 4:
            if struct.unpack_from("<H", body, 2)[0] >= _XLS_COLUMNS:
                raise damaged("单元格的列号超出 .xls 的 256 列")
        elif kind in _MULTI_CELL_RECORDS and len(body) >= 6:
            first, last = struct.unpack_from("<H", body, 2)[0], struct.unpack_from("<H", body, len(body) - 2)[0]
            if first >= _XLS_COLUMNS or last >= _XLS_COLUMNS:
                raise damaged("单元格的列号超出 .xls 的 256 列")
        pos += 4 + length


# --- CSV and other text -----------------------------------------------------------------------------


# Anchored at line starts (where the leftmost match of such a line begins anyway): tried at each
# position, the unanchored pattern reads every line again from each of its characters.
_LONG_LINE = re.compile(rf"(?m)^[^\n]{{{MAX_COLUMNS},}}")


def check_text_lines(text: str, file_name: str, delimiter: str) -> None:
    """Refuse text with a line of more than :data:`MAX_COLUMNS` columns before the csv module builds it.

    The csv module hands over a row only once it is whole, so a 200 MB line of commas would be a list
    of 200 million cells before any cap in the reading loop could see it. Only lines long enough to
    hold that many delimiters are counted, and quoted text on them is not counted as delimiters."""
    for m in _LONG_LINE.finditer(text):
        if text.count(delimiter, m.start(), m.end()) < MAX_COLUMNS:  # counted in place: no copy of the line
            continue
        unquoted = re.sub(r'"[^"]*"', "", m[0])
        columns = unquoted.count(delimiter) + 1
        if columns > MAX_COLUMNS:
            row = text.count("\n", 0, m.start()) + 1
            raise _refuse(file_name, "err.limit_columns", None, row, cols=f"{columns:,}", limit=f"{MAX_COLUMNS:,}")
