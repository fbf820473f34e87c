"""Hostile upload inputs for the fuzz suite (tests/test_fuzz.py), mutated from small valid seeds built here.

Every input is a :class:`Case` whose id names its generator, its seed file and a number, such as
``flip:roster.xlsx:17``. The same id always gives the same bytes: the seeds are written with pinned
timestamps, and each case draws from its own ``random.Random(id)``. A failure the suite prints is
written back to a file with

    python -m tests.fuzz_inputs flip:roster.xlsx:17 /tmp/case.xlsx

The generators (:data:`PLAN` has the counts, :func:`all_cases` yields them):

- ``flip`` — bytes overwritten, bit-flipped, inserted or deleted anywhere in a seed;
- ``cut`` — a seed truncated, or garbage appended;
- ``xml`` — one part of an .xlsx seed mutated as text (flips, cut or doubled spans, and snippets such
  as far-away cells, huge numbers, entity references, ISO dates in year 10000), then zipped again
  with good checksums so that the XML reaches calamine;
- ``value`` — absurd values in random cells of a seed, written in the seed's own format: counts of
  2^63 and 2^31 + 1, 1e308, negatives, NaN, year 9999 dates and year 10000 text, serials past
  9999-12-31 formatted as dates …;
- ``text`` — odd strings in random cells: RTL and zero-width marks, emoji, a 40,000-character cell,
  formula and HTML and Markdown look-alikes, control characters in CSV;
- ``enc`` — the CSV seeds in other encodings (GBK, Big5, UTF-16 with and without BOM, UTF-32 …),
  and BOMs followed by invalid bytes;
- ``bomb`` — zip bombs (honest and lying sizes), billion-laughs and external entities in sheet XML,
  sharedStrings and the workbook, zips of 20,000 parts;
- ``dim`` — cells and dimensions far away (the 512 GiB allocation), in every spelling: no ``r``,
  lower case, prefixed, ``r`` not first; .xls records claiming huge string tables or columns;
- ``shape`` — CSV of a million rows, 20,000 columns, one 2 MB cell, an unclosed quote …

``Case.child`` marks those run through the real child process (outreach.ingest.sandbox) rather
than in-process: every bomb and far-away cell, and the .xls mutations (calamine's .xls reader can
abort the process on a corrupt record, which a pytest process must not risk).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import random
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
import xlwt

from outreach.xlsx import reproducible_xlsx

Rows = list[list[Any]]


@dataclass(frozen=True)
class Case:
    id: str
    file_name: str
    data: bytes
    child: bool = False  # run through the real child process


# --- seeds ----------------------------------------------------------------------------------------

NAMES = ["张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十"]


def roster_rows() -> Rows:
    rows: Rows = [["网络宣传员花名册"], ["姓名", "单位", "县区", "手机号码", "角色", "类别", "出生年月"]]
    for i, name in enumerate(NAMES):
        rows.append([name, "甲单位" if i % 2 else "乙单位", "一县" if i < 4 else "二县", f"1380000{i:04d}",
                     "骨干" if i == 0 else "网宣员", "团干部", f"198{i}-0{i + 1}"])
    return rows


def log_rows() -> Rows:
    rows: Rows = [["日期", "姓名", "单位", "县区", "类型", "平台", "数量", "标题"]]
    kinds = [("转发", "微信"), ("评论", "微博"), ("原创", "今日头条"), ("舆情报送", "QQ"), ("参加培训", "")]
    for i, name in enumerate(NAMES):
        kind, platform = kinds[i % len(kinds)]
        rows.append([dt.date(2014, 6, 3 + i), name, "甲单位" if i % 2 else "乙单位", "一县" if i < 4 else "二县",
                     kind, platform, i + 1, f"标题{i}"])
    return rows


def wide_rows() -> Rows:
    rows: Rows = [["2014年8月工作量统计表"], ["填报单位：甲单位"],
                  ["序号", "姓名", "转发微信（条）", "转发微博（条）", "网络评论（条）", "原创作品（篇）"]]
    for i, name in enumerate(NAMES[:6]):
        rows.append([i + 1, name, i * 2, i, 3, 1 if i % 2 else 0])
    rows.append(["合计", None, 30, 15, 18, 3])
    return rows


def campaign_rows() -> Rows:
    return [["名称", "开始日期", "结束日期", "备注"],
            ["网络安全宣传周", dt.date(2014, 9, 20), dt.date(2014, 9, 26), "全市"],
            ["国庆专题", "2014年10月", "2014年10月", None]]


def adjustment_rows() -> Rows:
    return [["单位", "期间", "分值", "原因"],
            ["甲单位", "2014年8月", 2, "原创作品获评优秀"],
            ["乙单位", dt.date(2014, 7, 1), -1, "未参加培训"]]


def write_xlsx(rows: Rows, date_cells: dict[str, str] | None = None, sheet: str = "Sheet1") -> bytes:
    """An .xlsx by openpyxl with pinned timestamps (the same bytes on every run)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for ref, fmt in (date_cells or {}).items():
        ws[ref].number_format = fmt
    return reproducible_xlsx(wb)


def write_xlsx_shared(rows: Rows) -> bytes:
    """An .xlsx by xlsxwriter, which keeps text in xl/sharedStrings.xml (openpyxl writes it inline), with
    its timestamp pinned."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"created": dt.datetime(2014, 1, 1)})
    ws = wb.add_worksheet("Sheet1")
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, (dt.date, dt.datetime)):
                ws.write_datetime(r, c, value if isinstance(value, dt.datetime)
                                  else dt.datetime.combine(value, dt.time()), date_format)
            elif value is not None:
                ws.write(r, c, value)
    wb.close()
    return buf.getvalue()


def write_xls(rows: Rows) -> bytes:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (dt.date, dt.datetime)):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_csv(rows: Rows, encoding: str = "utf-8", delimiter: str = ",", bom: bytes = b"") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return bom + out.getvalue().encode(encoding, errors="replace")


# name → (file name, rows, writer)
_SEED_SPECS: dict[str, tuple[Callable[[], Rows], Callable[[Rows], bytes]]] = {
    "roster.xlsx": (roster_rows, write_xlsx),
    "log.xlsx": (log_rows, write_xlsx),
    "wide.xlsx": (wide_rows, write_xlsx),
    "campaign.xlsx": (campaign_rows, write_xlsx),
    "adjust.xlsx": (adjustment_rows, write_xlsx),
    "roster_sst.xlsx": (roster_rows, write_xlsx_shared),
    "roster.xls": (roster_rows, write_xls),
    "log.xls": (log_rows, write_xls),
    "roster.csv": (roster_rows, write_csv),
    "log_gbk.csv": (log_rows, lambda rows: write_csv(rows, "gbk")),
    "log_utf16.txt": (log_rows, lambda rows: write_csv(rows, "utf-16-le", "\t", b"\xff\xfe")),
}
XLSX_SEEDS = [n for n in _SEED_SPECS if n.endswith(".xlsx")]


@functools.cache
def seeds() -> dict[str, bytes]:
    """Every valid seed file, by file name."""
    return {name: writer(rows()) for name, (rows, writer) in _SEED_SPECS.items()}


def rewrite(name: str, rows: Rows, date_cells: dict[str, str] | None = None) -> bytes:
    """``rows`` written the way seed ``name`` was."""
    if name.endswith(".xlsx") and name != "roster_sst.xlsx":
        return write_xlsx(rows, date_cells)
    return _SEED_SPECS[name][1](rows)


# --- zip helpers ----------------------------------------------------------------------------------


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def make_zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(zipfile.ZipInfo(name, (2014, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
WORKBOOK = "xl/workbook.xml"


def with_part(seed: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    parts = zip_parts(seed)
    parts[part] = change(parts.get(part, b""))
    return make_zip(parts)


def add_cells(xml: bytes, cells: bytes) -> bytes:
    """Rows/cells appended inside <sheetData>."""
    return xml.replace(b"</sheetData>", cells + b"</sheetData>", 1)


# --- generators -----------------------------------------------------------------------------------


def gen_flip(seed_name: str, n: int, rng: random.Random) -> bytes:
    data = bytearray(seeds()[seed_name])
    for _ in range(rng.choice([1, 1, 2, 3, 5, 8, 16, 32])):
        pos = rng.randrange(len(data))
        op = rng.random()
        if op < 0.5:
            data[pos] = rng.randrange(256)
        elif op < 0.75:
            data[pos] ^= 1 << rng.randrange(8)
        elif op < 0.9:
            data[pos:pos] = bytes([rng.randrange(256)])
        elif len(data) > 1:
            del data[pos]
    return bytes(data)


def gen_cut(seed_name: str, n: int, rng: random.Random) -> bytes:
    data = seeds()[seed_name]
    if n % 5 == 4:  # garbage after the end
        return data + bytes(rng.randrange(256) for _ in range(rng.choice([1, 10, 1000])))
    return data[:rng.randrange(1, len(data))]


XML_SNIPPETS = [
    b'<row r="7"><c r="B7" t="s"><v>99999</v></c></row>',
    b'<row r="8"><c r="C8" t="s"><v>-1</v></c></row>',
    b'<row r="9"><c r="D9"><v>9223372036854775808</v></c></row>',
    b'<row r="9"><c r="G9"><v>1e308</v></c></row>',
    b'<row r="9"><c r="G9"><v>-1e308</v></c></row>',
    b'<row r="9"><c r="G9"><v>nan</v></c></row>',
    b'<row r="9"><c r="G9"><v>inf</v></c></row>',
    b'<row r="9"><c r="A9" t="d"><v>10000-01-01T00:00:00</v></c></row>',
    b'<row r="9"><c r="A9" t="d"><v>9999-12-31T23:59:59</v></c></row>',
    b'<row r="9"><c r="A9" s="1"><v>2958466</v></c></row>',
    b'<row r="9"><c r="A9" t="b"><v>2</v></c></row>',
    b'<row r="9"><c r="A9" t="e"><v>#DIV/0!</v></c></row>',
    b'<row r="9"><c r="A9" t="inlineStr"><is><t>' + "\u202e张三\u200b".encode() + b"</t></is></c></row>",
    b'<row r="0"><c r="A0"><v>1</v></c></row>',
    b'<row r="9"><c r="A4294967297"><v>1</v></c></row>',
    b'<row r="9"><c r="ZZZZ9"><v>1</v></c></row>',
    b'<row r="3000"><c r="Z3000"><v>1</v></c></row>',
    b"&lol;", b"&#0;", b"&#xFFFF;", b"&amp", b"<![CDATA[", b"]]>", b"<!--", b"<",
    b'<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>',
    b'<mergeCell ref="A1:A1048576"/>',
    b'<sheet name="" sheetId="9" r:id="rId99"/>',
    b'<sheet name="x" sheetId="1" state="veryHidden" r:id="rId1"/>',
    b'<workbookPr date1904="1"/>',
    b"<si><t>" + b"x" * 40_000 + b"</t></si>",
    b"<a>" * 2000,
]


def gen_xml(seed_name: str, n: int, rng: random.Random) -> bytes:
    parts = zip_parts(seeds()[seed_name])
    weighted = [SHEET] * 6 + [STRINGS] * 2 + [WORKBOOK, "xl/styles.xml", "[Content_Types].xml",
                                              "xl/_rels/workbook.xml.rels"]
    part = rng.choice([p for p in weighted if p in parts])
    xml = bytearray(parts[part])
    for _ in range(rng.choice([1, 1, 2, 3])):
        op = rng.random()
        pos = rng.randrange(len(xml) + 1)
        if op < 0.35:
            xml[pos:pos] = rng.choice(XML_SNIPPETS)
        elif op < 0.55 and xml:
            xml[min(pos, len(xml) - 1)] = rng.choice(b'<>/"=&;0123456789AZ \x00\xff')
        elif op < 0.7:
            del xml[pos:pos + rng.randrange(1, 50)]
        elif op < 0.85:
            span = bytes(xml[pos:pos + rng.randrange(1, 200)])
            xml[pos:pos] = span * rng.choice([2, 10, 100])
        else:  # a number in the part made absurd
            numbers = list(re.finditer(rb"\d+", bytes(xml)))
            if numbers:
                m = rng.choice(numbers)
                xml[m.start():m.end()] = rng.choice([b"0", b"4294967296", b"99999999999999999999", b"-1",
                                                     b"1048577", b"16385"])
    parts[part] = bytes(xml)
    return make_zip(parts)


ABSURD: list[Any] = [
    2**63, 2**63 - 1, 2**63 + 1, -(2**63), 2**64, 2**31 + 1, 2**31 - 1, 10**30, 1e308, -1e308, -1, -0.5, 0.5,
    float("nan"), float("inf"), float("-inf"), 0, True, False,
    "9223372036854775808", "1e400", "-3", "３条", "0x10", "1,000,000", "12 次", " ", "NaN", "None", "null",
    dt.date(9999, 12, 31), dt.datetime(9999, 12, 31, 23, 59, 59), dt.date(1, 1, 1), dt.date(1900, 1, 1),
    dt.date(1899, 12, 30), "10000-01-01", "9999年12月", "9999年", "2014-13-45", "0000-00-00", "2014年99月",
    "99999999999999999999999", "1.38E+10", "138123456789012345678", -2958466, 2958466, 1e10,
]
DATE_FORMATS = ["yyyy-mm-dd", "yyyy年m月", "m/d/yy h:mm", "[h]:mm:ss"]


def _cells_to_change(rows: Rows, rng: random.Random) -> list[tuple[int, int]]:
    width = max(len(r) for r in rows)
    return [(rng.randrange(len(rows)), rng.randrange(width + 1)) for _ in range(rng.choice([1, 1, 2, 3]))]


def _put(rows: Rows, r: int, c: int, value: Any) -> None:
    while len(rows[r]) <= c:
        rows[r].append(None)
    rows[r][c] = value


def gen_value(seed_name: str, n: int, rng: random.Random) -> bytes:
    rows = [list(r) for r in _SEED_SPECS[seed_name][0]()]
    date_cells: dict[str, str] = {}
    for r, c in _cells_to_change(rows, rng):
        value = rng.choice(ABSURD)
        if seed_name.endswith(".xls"):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
                value = float(value)  # xlwt writes numbers as doubles
            if isinstance(value, dt.date) and value.year < 1900:
                value = str(value)  # xlwt cannot write dates before 1900
        _put(rows, r, c, value)
        if seed_name.endswith(".xlsx") and isinstance(value, (int, float)) and not isinstance(value, bool) \
                and rng.random() < 0.3:
            date_cells[f"{openpyxl.utils.get_column_letter(c + 1)}{r + 1}"] = rng.choice(DATE_FORMATS)
    try:
        return rewrite(seed_name, rows, date_cells)
    except Exception:  # a value the writer itself refuses (xlwt and NaN …): the text of it instead
        for r, row in enumerate(rows):
            rows[r] = [v if isinstance(v, str) or v is None else str(v) for v in row]
        return rewrite(seed_name, rows)


ODD_TEXT = [
    "\u202e张三", "张\u200b三", "\ufeff张三", "张三\u200d", "👍🏽张三", "🏴‍☠️", "é" * 50, "\u0301\u0301张",
    "x" * 40_000, "宣" * 32_767, "宣" * 32_768, "=HYPERLINK(\"http://x\",\"点我\")", "=1+1", "@SUM(A1)",
    "<script>alert(1)</script>", "<style>body{display:none}</style>", "[点我](http://evil.example)", "$x^2$",
    "张\n三", "张\r\n三", "\t", "合计", "小计", "姓名", "单位", "以下空白", "１３８００００００００",
    "\u3000张三\u3000",
    "\U0010ffff", "\x7f", "\\", "\"", "'", "%s%n", "{name}", "${jndi:ldap://x}", "../../etc/passwd",
]
CSV_ONLY_TEXT = ["\x00", "\x01\x02\x03", "\x1b[31m", "\ud800", "a\x0bb"]


def gen_text(seed_name: str, n: int, rng: random.Random) -> bytes:
    rows = [list(r) for r in _SEED_SPECS[seed_name][0]()]
    pool = ODD_TEXT + (CSV_ONLY_TEXT if not seed_name.endswith((".xlsx", ".xls")) else [])
    for r, c in _cells_to_change(rows, rng):
        _put(rows, r, c, rng.choice(pool))
    try:
        return rewrite(seed_name, rows)
    except Exception:  # openpyxl refuses control characters, xlwt strings over 65,535 bytes: trimmed
        for r, row in enumerate(rows):
            rows[r] = [re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", "?", v)[:20_000] if isinstance(v, str)
                       else v for v in row]
        return rewrite(seed_name, rows)


ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "big5", "shift_jis", "euc-kr", "utf-16", "utf-16-le",
             "utf-16-be", "utf-32", "latin-1", "cp1252", "koi8-r", "utf-7", "hz"]


def gen_enc(seed_name: str, n: int, rng: random.Random) -> bytes:
    rows = roster_rows() if n % 2 else log_rows()
    text = write_csv(rows).decode("utf-8")
    kind = n % 8
    if kind < 4:
        return text.encode(rng.choice(ENCODINGS), errors="replace")
    if kind == 4:  # a BOM, then bytes its encoding cannot hold
        bom = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])
        body = bytearray(text.encode({b"\xef\xbb\xbf": "utf-8", b"\xff\xfe": "utf-16-le"}.get(bom, "utf-16-be")))
        body[rng.randrange(len(body)):rng.randrange(len(body))] = rng.choice(
            [b"\xff", b"\x00\xd8", b"\xd8\x00a", b"\xc3", b"\xed\xa0\x80", b"\xfe\xff"])
        return bom + bytes(body)
    if kind == 5:  # UTF-16 cut to an odd length, or with a lone surrogate
        body = b"\xff\xfe" + text.encode("utf-16-le")
        return body[:-1] if rng.random() < 0.5 else body + b"\x00\xd8"
    if kind == 6:  # lines in different encodings
        lines = text.splitlines(keepends=True)
        return b"".join(line.encode(rng.choice(["utf-8", "gbk", "utf-16-le"]), errors="replace") for line in lines)
    return bytes(b if rng.random() > 0.05 else 0 for b in text.encode("utf-8"))  # NULs sprinkled


@functools.cache
def _deflate_repeated(block: bytes, times: int) -> tuple[bytes, int, int]:
    """A raw deflate stream of ``block`` × ``times`` without building it: compressed once, repeated
    (a full flush makes each copy independent). Returns (stream, inflated size, CRC-32)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return piece * times + c.flush(zlib.Z_FINISH), len(block) * times, crc


def _raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from raw deflate streams: (name, stream, declared size, CRC, method)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, stream, size, crc, method in entries:
        offset = out.tell()
        raw_name = name.encode()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(stream),
                              min(size, 0xFFFFFFFF), len(raw_name), 0) + raw_name + stream)
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc,
                                  len(stream), min(size, 0xFFFFFFFF), len(raw_name), 0, 0, 0, 0, 0, offset)
                      + raw_name)
    cd = central.getvalue()
    start = out.tell()
    out.write(cd)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(cd), start, 0))
    return out.getvalue()


def shared_strings_seed() -> bytes:
    return seeds()["roster_sst.xlsx"]


def _seed_with_raw_part(part: str, stream: bytes, size: int, crc: int) -> bytes:
    entries = []
    for name, body in zip_parts(shared_strings_seed()).items():
        if name == part:
            entries.append((name, stream, size, crc, 8))
        else:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            entries.append((name, c.compress(body) + c.flush(), len(body), zlib.crc32(body), 8))
    return _raw_zip(entries)


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>")
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _bomb(n: int) -> tuple[str, bytes]:
    """(file name, bytes) of bomb number ``n``."""
    roster = seeds()["roster.xlsx"]
    if n == 0:  # 1.9 GB of spaces after a valid sheet start, declared honestly: about 2 MB on disk
        stream, size, crc = _deflate_repeated(b" " * 2**20, 1900)
        return "zipbomb.xlsx", _seed_with_raw_part(SHEET, stream, size, crc)
    if n == 1:  # the same stream, declared as 1 KB (a lying size and CRC)
        stream, _, _ = _deflate_repeated(b" " * 2**20, 1900)
        return "zipbomb_lying.xlsx", _seed_with_raw_part(SHEET, stream, 1000, 0)
    if n == 2:  # sharedStrings inflating 300 MB: ratio over the cap while the total stays under it
        stream, size, crc = _deflate_repeated(b"<si><t>x</t></si>" * 4096, 4500)
        return "strings_bomb.xlsx", _seed_with_raw_part(STRINGS, stream, size, crc)
    if n == 3:
        return "many_parts.xlsx", make_zip({**zip_parts(roster), **{f"xl/media/x{i}.bin": b"" for i in range(20_000)}})
    if n in (4, 5, 6, 7):  # billion laughs in the sheet, the strings, the workbook, the content types
        part = [SHEET, STRINGS, WORKBOOK, "[Content_Types].xml"][n - 4]
        return f"laughs{n}.xlsx", with_part(shared_strings_seed(), part, lambda xml: LAUGHS + re.sub(
            rb"^<\?xml[^>]*\?>", b"", xml).replace(b"</t>", b"&lol9;</t>", 1))
    if n == 8:
        return "xxe.xlsx", with_part(roster, SHEET, lambda xml: XXE + re.sub(rb"^<\?xml[^>]*\?>", b"", xml))
    if n == 9:  # a DTD after 2 MB of leading whitespace (the prolog may be long), mixed so as not to
        # compress like a bomb
        mix = random.Random("late_dtd")
        space = bytes(mix.choice(b" \t\r\n") for _ in range(2**21))
        return "late_dtd.xlsx", with_part(roster, SHEET, lambda xml: space + LAUGHS + re.sub(
            rb"^<\?xml[^>]*\?>", b"", xml))
    if n == 10:  # quadratic blow-up: one 50 KB entity used 50,000 times
        dtd = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "' + b"a" * 50_000 + b'">]>'
        return "quadratic.xlsx", with_part(shared_strings_seed(), STRINGS, lambda xml: dtd + re.sub(
            rb"^<\?xml[^>]*\?>", b"", xml).replace(b"</t>", b"&a;" * 50_000 + b"</t>", 1))
    if n == 11:  # a zip inside the workbook, named like a sheet
        return "nested.xlsx", with_part(roster, SHEET, lambda _: make_zip({"x.xml": b" " * 2**20}))
    if n == 12:  # unsupported compression (bzip2) on the sheet
        return "bzip2.xlsx", _raw_zip([(name, body, len(body), zlib.crc32(body), 12 if name == SHEET else 0)
                                      for name, body in zip_parts(roster).items()])
    if n == 13:  # end-of-central-directory claiming 65,535 entries
        data = bytearray(roster)
        eocd = data.rfind(b"PK\x05\x06")
        struct.pack_into("<HH", data, eocd + 8, 0xFFFF, 0xFFFF)
        return "eocd.xlsx", bytes(data)
    if n == 14:  # "zip file version 9.9" needed to extract
        data = bytearray(roster)
        struct.pack_into("<H", data, data.find(b"PK\x01\x02") + 6, 99)
        return "zipver.xlsx", bytes(data)
    if n == 15:  # a bad CRC on the workbook part (calamine reads it, zipfile does not)
        parts = zip_parts(roster)
        entries = [(name, zlib.compress(body)[2:-4], len(body), zlib.crc32(body) ^ (name == WORKBOOK), 8)
                   for name, body in parts.items()]
        return "crc.xlsx", _raw_zip(entries)
    # 16: an .xls whose shared-string table claims 4 billion strings; 17: a cell in column 16,000;
    # 18: DIMENSIONS of 4 billion rows
    xls = bytearray(seeds()["roster.xls"])
    if n == 16:
        pos = xls.find(b"\xfc\x00")
        struct.pack_into("<I", xls, pos + 8, 0xFFFFFFF0)
        return "sst.xls", bytes(xls)
    if n == 17:
        pos = xls.find(b"\xfd\x00\x0a\x00")  # LABELSST, length 10
        struct.pack_into("<H", xls, pos + 6, 16_000)
        return "wide_cell.xls", bytes(xls)
    pos = xls.find(b"\x00\x02\x0e\x00")  # DIMENSIONS, length 14
    struct.pack_into("<I", xls, pos + 8, 0xFFFFFFF0)
    return "dimensions.xls", bytes(xls)


BOMBS = 19


def _far(n: int) -> tuple[str, bytes]:
    """(file name, bytes) of far-away-cell variant ``n``."""
    roster = seeds()["roster.xlsx"]
    cells = [
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',  # the 512 GiB allocation
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
        b'<row r="1048576"><c r="A1048576"><v>1</v></c></row><row r="1048577"><c r="XFD1"><v>1</v></c></row>',
        b'<row r="1048576"><c><v>1</v></c></row><row r="1048577"><c r="XFD1"><v>1</v></c></row>',  # no r
        b'<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',  # lower case
        b'<row r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row>',  # r not first
        b"<row r=\"1048576\"><c r='XFD1048576'><v>1</v></c></row>",  # single quotes
        b'<row r="20">' + b"<c><v>1</v></c>" * 20_000 + b"</row><row r=\"900\"><c><v>1</v></c></row>",
        b'<row r="4294967296"><c r="A4294967296"><v>1</v></c></row>',
        b'<row r="5000"><c r="AZ5000"><v>1</v></c></row>',  # far but under the cap: parsed
        b'<row r="1048576"><c r="XFD1048576" s="0"/></row>',  # formatting only: calamine skips it
    ]
    if n < len(cells):
        return f"far{n}.xlsx", with_part(roster, SHEET, lambda xml: add_cells(xml, cells[n]))
    if n == len(cells):  # declared dimension only
        return "dimension.xlsx", with_part(roster, SHEET, lambda xml: re.sub(
            rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml))
    # the far cell in a workbook whose parts use a namespace prefix
    def prefixed(xml: bytes) -> bytes:
        xml = re.sub(rb"<(/?)(?!\?)([A-Za-z]\w*)", rb"<\1x:\2", xml)
        xml = xml.replace(b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                          b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
        return xml.replace(b"</x:sheetData>", b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
                           b"</x:sheetData>")
    return "prefixed.xlsx", with_part(roster, SHEET, prefixed)


FARS = 13


def _shape(n: int) -> tuple[str, bytes]:
    header = "姓名,单位,县区\r\n"
    shapes: list[Callable[[], bytes]] = [
        lambda: (header + "张三,甲单位,一县\r\n" * 1_100_000).encode(),  # over a million rows
        lambda: (header + "," * 20_000 + "\r\n").encode(),  # 20,001 columns
        lambda: (header + '张三,"' + "x" * 2_000_000 + '"\r\n').encode(),  # one 2 MB cell
        lambda: (header + '张三,"' + "x" * 40_000 + '",一县\r\n').encode(),  # one 40,000-character cell
        lambda: (header + '张三,"甲单位\r\n' + "x," * 100_000).encode(),  # an unclosed quote
        lambda: (header + "\r\n" * 200_000).encode(),  # blank lines only
        lambda: ("," * 5 + "\n") .encode() * 1000,  # delimiters only
        lambda: (header + "张三,甲单位,一县\r").encode() * 100,  # old Mac line ends
        lambda: header.encode() + b"\x00" * 1000,
        lambda: ("姓名\t单位\n" + "张三\t甲单位\n" * 10).encode("utf-16"),
        lambda: ('"' * 100_000).encode(),
        lambda: (header + "张三,甲单位,一县," + "a" * 20_000 + "\r\n").encode() * 5,
        lambda: b"\xef\xbb\xbf",  # a BOM and nothing else
        lambda: b"\xff\xfe",
    ]
    return f"shape{n}.csv", shapes[n]()


SHAPES = 14


# How many cases each generator makes per seed (PLAN[generator] = (seeds, count per seed)). The .xls
# seeds get fewer flips: their cases run in child processes, which cost some 70 ms each.
PLAN: dict[str, tuple[list[str], int]] = {
    "flip": ([n for n in _SEED_SPECS if not n.endswith(".xls")], 100),
    "flip-xls": (["roster.xls", "log.xls"], 40),
    "cut": (list(_SEED_SPECS), 15),
    "xml": (XLSX_SEEDS, 60),
    "value": ([n for n in _SEED_SPECS if n != "log_utf16.txt"], 35),
    "text": ([n for n in _SEED_SPECS if n != "log_utf16.txt"], 16),
    "enc": (["roster.csv"], 90),
}
_GENERATORS: dict[str, Callable[[str, int, random.Random], bytes]] = {
    "flip": gen_flip, "flip-xls": gen_flip, "cut": gen_cut, "xml": gen_xml, "value": gen_value, "text": gen_text,
    "enc": gen_enc,
}


def case(case_id: str) -> Case:
    """The case with this id (``generator:seed:n``, or ``bomb:n``, ``dim:n``, ``shape:n``)."""
    generator, _, rest = case_id.partition(":")
    if generator in ("bomb", "dim", "shape"):
        n = int(rest)
        name, data = {"bomb": _bomb, "dim": _far, "shape": _shape}[generator](n)
        return Case(case_id, name, data, child=generator != "shape")
    seed_name, _, n = rest.rpartition(":")
    data = _GENERATORS[generator](seed_name, int(n), random.Random(case_id))
    # Numbers mutated in a shared-string table reach attributes calamine sizes memory by (uniqueCount):
    # those run in the child too, like every .xls case.
    child = seed_name.endswith(".xls") or (generator == "xml" and seed_name == "roster_sst.xlsx")
    return Case(case_id, seed_name, data, child=child)


def case_ids() -> list[str]:
    ids = [f"{g}:{seed}:{n}" for g, (names, count) in PLAN.items() for seed in names for n in range(count)]
    ids += [f"bomb:{n}" for n in range(BOMBS)] + [f"dim:{n}" for n in range(FARS)]
    ids += [f"shape:{n}" for n in range(SHAPES)]
    return ids


def all_cases() -> Iterator[Case]:
    for case_id in case_ids():
        yield case(case_id)


if __name__ == "__main__":  # python -m tests.fuzz_inputs CASE_ID OUT_FILE
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m tests.fuzz_inputs CASE_ID OUT_FILE")
    c = case(sys.argv[1])
    Path(sys.argv[2]).write_bytes(c.data)
    print(f"{c.id}: {len(c.data):,} bytes, uploaded as {c.file_name}")
