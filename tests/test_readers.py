"""readers.py: bytes → sheets. File type by magic bytes, CSV encodings and delimiters, refusals."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import struct
import zipfile

import openpyxl
import pytest

from outreach import store
from outreach.ingest import limits, readers
from outreach.ingest.issues import ImportRefused
from outreach.ingest.parse import parse_file
from outreach.ingest.readers import decode_text, read_workbook

try:
    from tests import fixtures as fx
except ImportError:  # tests/ on sys.path instead of the repo root
    import fixtures as fx


ROSTER = [["姓名", "单位", "手机号码"], ["张三", "蕉城团区委", "13812345678"], ["李四", "团市委", "13900000000"]]


def refused(data: bytes, file_name: str = "上传.xlsx") -> ImportRefused:
    with pytest.raises(ImportRefused) as exc:
        read_workbook(data, file_name)
    return exc.value


# --- not a spreadsheet ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF 文档"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG 图片"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG 图片"),
        (b"GIF89a\x01\x00\x01\x00", "GIF 图片"),
        (b"Rar!\x1a\x07\x00", "RAR 压缩包"),
        ("<!DOCTYPE html><html><body><table><tr><td>姓名</td></tr></table></body></html>".encode(), "网页（HTML/XML）"),
    ],
    ids=["pdf", "png", "jpeg", "gif", "rar", "html"],
)
def test_foreign_file_types_are_refused_by_their_magic_bytes(data, what):
    err = refused(data, "花名册.xlsx")
    assert err.issue.code == "err.not_spreadsheet"
    assert str(err) == (
        f"文件「花名册.xlsx」：不是电子表格：文件内容看起来是 {what}。请上传 Excel（.xlsx / .xls）或 CSV 文件。"
    )


def test_word_document_renamed_to_xlsx_is_named_as_word():
    err = refused(fx.docx_zip(), "花名册.xlsx")
    assert err.issue.code == "err.not_spreadsheet"
    assert err.issue.params == {"what": "Word 文档"}
    assert "文件「花名册.xlsx」" in str(err)


def test_plain_zip_archive_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("花名册.xlsx", b"not really")
    err = refused(buf.getvalue(), "打包.xlsx")
    assert err.issue.params == {"what": "ZIP 压缩包"}


@pytest.mark.parametrize("data", [random.Random(7).randbytes(3000), bytes(range(256)) * 8], ids=["random", "ramp"])
def test_random_binary_is_not_a_spreadsheet(data):
    err = refused(data, "数据.csv")
    assert err.issue.code == "err.not_spreadsheet"
    assert err.issue.params == {"what": "二进制文件"}
    assert str(err).startswith("文件「数据.csv」：不是电子表格")


def test_empty_file_is_refused():
    err = refused(b"", "空.xlsx")
    assert err.issue.code == "err.empty_file"
    assert str(err) == "文件「空.xlsx」：文件是空的（0 字节）。"


def test_damaged_xlsx_is_refused_as_unreadable():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<this is not xml")
    err = refused(buf.getvalue(), "坏.xlsx")
    assert err.issue.code == "err.unreadable"
    assert str(err).startswith("文件「坏.xlsx」：文件已损坏或格式不受支持，无法读取（")


def test_truncated_xlsx_is_refused():
    data = fx.xlsx(ROSTER)
    err = refused(data[: len(data) // 2], "半个.xlsx")
    assert err.issue.code == "err.unreadable"


# --- password-protected workbooks ---------------------------------------------------------------


ENCRYPTED_MESSAGE = (
    "文件「加密.xlsx」：工作簿设置了打开密码，无法读取。请在 Excel 中打开，"
    "「文件 → 信息 → 保护工作簿 → 用密码进行加密」清空密码并保存后再上传。"
)


def test_really_encrypted_xlsx_is_refused_with_how_to_remove_the_password():
    pytest.importorskip("msoffcrypto")
    data = fx.encrypted_xlsx(ROSTER, password="wxy2014")
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # encrypted OOXML is an OLE container
    err = refused(data, "加密.xlsx")
    assert err.issue.code == "err.encrypted"
    assert str(err) == ENCRYPTED_MESSAGE


def test_ole_container_with_encryption_streams_is_refused_as_encrypted():
    err = refused(fx.ole_with_encryption_streams(), "加密.xlsx")
    assert err.issue.code == "err.encrypted"
    assert str(err) == ENCRYPTED_MESSAGE


# --- Excel files --------------------------------------------------------------------------------


def test_xlsx_cells_come_back_as_python_values():
    data = fx.xlsx([["姓名", "数量", "日期"], ["张三", 3, dt.date(2014, 7, 1)]])
    book = read_workbook(data, "a.xlsx")
    assert book.kind == "xlsx"
    assert book.date1904 is False
    [sheet] = book.sheets
    assert sheet.name == "Sheet1"
    assert sheet.rows[0] == ["姓名", "数量", "日期"]
    assert sheet.rows[1][:2] == ["张三", 3]
    assert sheet.rows[1][2] in (dt.date(2014, 7, 1), dt.datetime(2014, 7, 1))


def test_xls_is_read_the_same_way():
    book = read_workbook(fx.xls({"蕉城区": ROSTER}), "a.xls")
    assert book.kind == "xls"
    assert [s.name for s in book.sheets] == ["蕉城区"]
    assert book.sheets[0].rows[1] == ["张三", "蕉城团区委", "13812345678"]


def test_type_is_decided_by_content_not_by_name():
    assert read_workbook(fx.xlsx(ROSTER), "其实是表格.csv").kind == "xlsx"
    assert read_workbook(fx.xls(ROSTER), "花名册.xlsx").kind == "xls"
    assert read_workbook(fx.csv_bytes(ROSTER), "花名册.xls").kind == "csv"


def test_hidden_sheets_are_not_read():
    data = fx.xlsx({"名单": ROSTER, "下拉选项": [["骨干"], ["联络员"]]}, hidden=["下拉选项"])
    assert [s.name for s in read_workbook(data, "a.xlsx").sheets] == ["名单"]


def test_merged_ranges_are_reported_in_row_col_coordinates():
    data = fx.xlsx([["2014年8月工作量统计表"], ["姓名", "单位"], ["张三", "团市委"], ["李四", None]],
                   merged=["A1:B1", "B3:B4"])
    sheet = read_workbook(data, "a.xlsx").sheets[0]
    assert sorted(sheet.merged) == [((0, 0), (0, 1)), ((2, 1), (3, 1))]


def test_xlsx_1904_date_system_is_detected():
    assert read_workbook(fx.xlsx(ROSTER, date1904=True), "mac.xlsx").date1904 is True
    assert read_workbook(fx.xlsx(ROSTER), "win.xlsx").date1904 is False


def test_xls_1904_date_system_is_detected():
    assert read_workbook(fx.xls(ROSTER, date1904=True), "mac.xls").date1904 is True
    assert read_workbook(fx.xls(ROSTER), "win.xls").date1904 is False


def test_formula_cells_read_as_their_cached_result():
    data = fx.xlsx_with_formulas([["姓名", "转发微信（条）", "合计"], ["张三", ("=1+2", 3), ("=B2*2", 6)]])
    sheet = read_workbook(data, "a.xlsx").sheets[0]
    assert sheet.rows[1] == ["张三", 3, 6]
    assert sheet.formula_blanks == set()


def test_formula_cells_without_a_cached_result_are_listed():
    data = fx.xlsx([["姓名", "转发微信（条）"], ["张三", "=1+2"], ["李四", 4]])  # openpyxl saves no result
    sheet = read_workbook(data, "a.xlsx").sheets[0]
    assert sheet.rows[1][1] in (None, "")
    assert sheet.formula_blanks == {(1, 1)}


# --- text files: encodings and delimiters -------------------------------------------------------

RARE = [["姓名", "单位", "手机号码"], ["张三", "蕉城团区委", "13812345678"], ["𠀀䶮", "团市委", "13900000000"]]


@pytest.mark.parametrize(
    ("rows", "kwargs"),
    [
        (ROSTER, {"encoding": "gbk"}),
        (RARE, {"encoding": "gb18030"}),
        (RARE, {"encoding": "utf-8", "bom": True}),
        (RARE, {"encoding": "utf-8"}),
        (RARE, {"encoding": "utf-16-le", "bom": True, "delimiter": "\t"}),
        (RARE, {"encoding": "utf-16-be", "bom": True, "delimiter": "\t"}),
        (RARE, {"encoding": "utf-16-le", "delimiter": "\t"}),
        (RARE, {"encoding": "utf-8", "delimiter": ";"}),
        (RARE, {"encoding": "gb18030", "delimiter": "\t", "newline": "\n"}),
    ],
    ids=["gbk", "gb18030", "utf8-bom", "utf8", "utf16le-bom-tab", "utf16be-bom-tab", "utf16le-nobom", "semicolon",
         "tab-lf"],
)
def test_csv_encodings_and_delimiters(rows, kwargs):
    book = read_workbook(fx.csv_bytes(rows, **kwargs), "导出/花名册.csv")
    assert book.kind == "csv"
    [sheet] = book.sheets
    assert sheet.name == "花名册"  # the file's stem stands in for a sheet name
    assert sheet.rows == [list(r) for r in rows]


def test_gbk_bytes_are_really_gbk():
    data = fx.csv_bytes(ROSTER, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_text(data, "a.csv").startswith("姓名,单位")


def test_gb18030_character_outside_gbk_survives():
    with pytest.raises(UnicodeEncodeError):
        "𠀀".encode("gbk")
    text = decode_text("姓名\r\n𠀀䶮\r\n".encode("gb18030"), "a.csv")
    assert text == "姓名\r\n𠀀䶮\r\n"


def test_utf8_bom_is_stripped():
    assert decode_text(b"\xef\xbb\xbf\xe5\xa7\x93\xe5\x90\x8d", "a.csv") == "姓名"


def test_comma_inside_a_semicolon_file_stays_in_its_cell():
    data = "姓名;单位;职务\r\n张三;\"团市委;宣传部\";干事\r\n李四;团市委,宣传部;科员\r\n".encode()
    rows = read_workbook(data, "a.csv").sheets[0].rows
    assert rows == [["姓名", "单位", "职务"], ["张三", "团市委;宣传部", "干事"], ["李四", "团市委,宣传部", "科员"]]


def test_undecodable_text_is_refused_with_what_to_do():
    data = b"\xe5\xa7\x93\xe5\x90\x8d,\x81\x20,\xff\xff\r\n"  # neither UTF-8 nor GB18030
    err = refused(data, "乱码.csv")
    assert err.issue.code == "err.encoding"
    assert str(err) == (
        "文件「乱码.csv」：无法识别文本编码（已尝试 UTF-8、GB18030、UTF-16）。请在 Excel 中另存为「CSV UTF-8」后上传。"
    )


# --- every exception class a hostile file raised is a located refusal (issue #11) ---------------
# Each input below is the smallest that raised the exception before: a traceback, not a message.


def test_utf8_bom_then_invalid_bytes_is_refused_at_its_line():
    data = b"\xef\xbb\xbf" + "姓名,单位\r\n张三,".encode() + b"\xff\xfe\r\n"  # was UnicodeDecodeError
    err = refused(data, "花名册.csv")
    assert err.issue.code == "err.encoding_bom" and err.issue.row == 2
    assert str(err) == ("文件「花名册.csv」，第 2 行：文件开头标明是 UTF-8 编码，但第 26 个字节起的内容不是有效的 UTF-8"
                        "（文件可能已损坏或被截断）。请在 Excel 中另存为「CSV UTF-8」后上传。")


@pytest.mark.parametrize("tail", [b"\x00\xd8a\x00", b"a"], ids=["lone-surrogate", "odd-length"])
def test_utf16_bom_then_invalid_bytes_is_refused_at_its_line(tail):
    data = b"\xff\xfe" + "姓名\t单位\r\n张三\t团委\r\n".encode("utf-16-le") + tail
    err = refused(data, "花名册.txt")
    assert err.issue.code == "err.encoding_bom" and err.issue.row == 3
    assert "UTF-16" in str(err)


def test_a_csv_field_over_the_csv_modules_limit_is_refused_at_its_row():
    data = ("姓名,单位\r\n张三,\"" + "x" * 200_000 + "\"\r\n").encode()  # was _csv.Error
    err = refused(data, "花名册.csv")
    assert err.issue.code == "err.limit_cell_chars" and err.issue.row == 2
    assert "超过上限 32,767 个" in str(err)


def test_a_csv_cell_over_excels_limit_is_refused_at_its_cell():
    data = ("姓名,单位\r\n张三," + "宣" * 32_768 + "\r\n").encode()
    err = refused(data, "花名册.csv")
    assert (err.issue.code, err.issue.row, err.issue.col) == ("err.limit_cell_chars", 2, 1)
    assert str(err).startswith("文件「花名册.csv」，第 2 行，B 列「」：单元格有 32,768 个字符")
    assert read_workbook(("姓名,单位\r\n张三," + "宣" * 32_767 + "\r\n").encode(), "a.csv").sheets[0].rows[1][1]


def test_an_xlsx_cell_over_excels_limit_is_refused_at_its_cell():
    """openpyxl trims what it writes to 32,767 characters; a file written otherwise need not."""
    cell = b'<row r="4"><c r="C4" t="inlineStr"><is><t>' + b"x" * 40_000 + b"</t></is></c></row>"
    err = refused(_with_cells(cell, fx.xlsx({"名单": ROSTER})))
    assert (err.issue.code, err.issue.sheet, err.issue.row, err.issue.col) == ("err.limit_cell_chars", "名单", 4, 2)
    assert "单元格有 40,000 个字符，超过上限 32,767 个" in str(err)


def _zip_with(data: bytes, part: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, change(body) if info.filename == part else body)
    return out.getvalue()


def _set_crc(data: bytes, part: str, crc: int) -> bytes:
    """The CRC of ``part`` changed in its local header and its central directory entry."""
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    struct.pack_into("<I", out, info.header_offset + 14, crc)
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + name_len] == part.encode():
            struct.pack_into("<I", out, pos + 16, crc)
        pos = data.find(b"PK\x01\x02", pos + 1)
    return bytes(out)


def test_a_bad_crc_on_the_workbook_part_is_refused_as_damaged():
    data = fx.xlsx(ROSTER)
    bad = _set_crc(data, "xl/workbook.xml", zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/workbook.xml").CRC ^ 1)
    err = refused(bad)  # was zipfile.BadZipFile from _xlsx_uses_1904: calamine does not check that CRC
    assert err.issue.code == "err.unreadable" and "xl/workbook.xml：CRC 校验失败" in str(err)
    with pytest.raises(ImportRefused):  # and the reader itself no longer lets it through either
        readers._xlsx_uses_1904(bad, "上传.xlsx")


def test_an_unsupported_zip_version_is_refused_as_damaged():
    data = bytearray(fx.xlsx(ROSTER))
    struct.pack_into("<H", data, data.find(b"PK\x01\x02") + 6, 99)  # version needed to extract: 9.9
    err = refused(bytes(data))  # was NotImplementedError
    assert err.issue.code == "err.unreadable" and "zip file version 9.9" in str(err)


@pytest.mark.parametrize(("value", "number_format"), [(-1e308, "yyyy-mm-dd"), (1e10, "[h]:mm:ss")],
                         ids=["date", "duration"])
def test_a_number_no_date_can_hold_in_a_date_cell_is_refused_naming_the_sheet(value, number_format):
    """-1e308 as a date makes calamine panic (pyo3's PanicException is no Exception: it was uncaught);
    1e10 as a duration overflows Python's timedelta."""
    wb = openpyxl.Workbook()
    wb.active.title = "台账"
    wb.active.append(["日期", "姓名"])
    wb.active.append([value, "张三"])
    wb.active["A2"].number_format = number_format
    buf = io.BytesIO()
    wb.save(buf)
    err = refused(buf.getvalue())
    assert (err.issue.code, err.issue.sheet) == ("err.bad_date_cell", "台账")
    assert str(err).startswith("文件「上传.xlsx」，工作表「台账」：工作表里有设成日期或时间格式")


@pytest.mark.parametrize("kind", ["campaign", "adjustment"])
def test_year_10000_in_a_campaign_or_adjustment_is_a_row_fault_at_its_cell(kind):
    """A date cell of 9999-12 made the month after it (year 10000) a ValueError that ended the parse."""
    if kind == "campaign":
        rows = [["名称", "开始日期", "结束日期"], ["国庆", dt.date(2014, 10, 1), dt.date(9999, 12, 31)],
                ["中秋", dt.date(2014, 9, 8), dt.date(2014, 9, 8)]]
    else:
        rows = [["单位", "期间", "分值", "原因"], ["团市委", "9999年", 2, "好"], ["团市委", "2014年8月", 1, "好"]]
    parsed = parse_file(fx.xlsx({"表": rows}), f"{kind}.xlsx")
    assert parsed.kind == kind and len(parsed.records) == 1
    [issue] = parsed.errors
    column = 2 if kind == "campaign" else 1
    assert (issue.code, issue.sheet, issue.row, issue.col) == ("row.year_out_of_range", "表", 2, column)
    assert "年份 9999 不在 2000—2099 年之间" in issue.message()


# --- the caps of outreach.ingest.limits ------------------------------------------------------------

FAR = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def _with_cells(cells: bytes, data: bytes | None = None) -> bytes:
    return _zip_with(data or fx.xlsx(ROSTER), "xl/worksheets/sheet1.xml",
                     lambda xml: xml.replace(b"</sheetData>", cells + b"</sheetData>"))


@pytest.mark.parametrize("cells", [
    FAR,
    b'<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',
    b'<row r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row>',
    b"<row r=\"1048576\"><c r='XFD1048576'><v>1</v></c></row>",
    b'<row r="1048576"><c><v>1</v></c></row><row r="1048577"><c r="XFD1"><v>1</v></c></row>',
    b'<row r="9">' + b"<c><v>1</v></c>" * 20_000 + b'</row><row r="2000"><c><v>1</v></c></row>',
    b'<row r="1048576"><y:c xmlns:y="urn:y" r="XFD1048576"><y:v>1</y:v></y:c></row>',
], ids=["far", "lower-case", "r-not-first", "single-quotes", "no-r-in-a-far-row", "20000-cells-without-r",
        "another-prefix"])
def test_a_cell_far_away_is_refused_before_calamine_allocates_the_block(cells):
    data = _with_cells(cells)
    err = refused(data, "花名册.xlsx")  # calamine would ask for up to 512 GiB and abort the process
    assert err.issue.sheet == "Sheet1"
    if cells.count(b"<c><v>") > 100:  # 20,000 cells in a row: past column XFD
        assert err.issue.code == "err.limit_sheet_columns" and "第 20,000 列" in str(err)
    else:
        assert err.issue.code == "err.limit_cells" and "超过上限 16,777,216 个单元格" in str(err)


@pytest.mark.parametrize(("cells", "code"), [
    (b'<row r="9"><c r="ZZZZ9"><v>1</v></c></row>', "err.limit_sheet_columns"),
    (b'<row r="9"><c r="A99999999999999999999"><v>1</v></c></row>', "err.limit_rows"),
    (b'<row r="9"><c r="A' + b"9" * 5000 + b'"><v>1</v></c></row>', "err.limit_rows"),  # past int()'s 4,300 digits
    (b'<row r="9"><c r="' + b"Z" * 5000 + b'9"><v>1</v></c></row>', "err.limit_sheet_columns"),
], ids=["past-column-XFD", "a-20-digit-row", "a-5000-digit-row", "a-5000-letter-column"])
def test_a_cell_past_excels_last_column_or_row_is_refused(cells, code):
    """calamine reads both as they are: ZZZZ9 made a 9 × 475,254 sheet the parser took 90 s to search."""
    err = refused(_with_cells(cells))
    assert err.issue.code == code and err.issue.sheet == "Sheet1"


def test_a_far_away_cell_without_content_and_a_far_cell_under_the_cap_pass():
    book = read_workbook(_with_cells(b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'), "a.xlsx")
    assert len(book.sheets[0].rows) == 3  # formatting only: calamine skips it
    book = read_workbook(_with_cells(b'<row r="3000"><c r="Z3000"><v>1</v></c></row>'), "a.xlsx")
    assert len(book.sheets[0].rows) == 3000


def test_a_huge_declared_dimension_is_refused():
    data = _zip_with(fx.xlsx(ROSTER), "xl/worksheets/sheet1.xml",
                     lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml))
    err = refused(data)
    assert err.issue.code == "err.limit_declared_cells" and "A1:XFD1048576" in str(err)


def test_a_zip_bomb_is_refused_by_its_ratio():
    data = _zip_with(fx.xlsx(ROSTER), "xl/worksheets/sheet1.xml", lambda xml: xml + b" " * 30 * 2**20)
    err = refused(data)
    assert err.issue.code == "err.zip_bomb" and "超过上限 100 倍" in str(err)


def test_a_part_inflating_past_its_declared_size_is_refused():
    data = fx.xlsx(ROSTER)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    out = bytearray(data)
    struct.pack_into("<I", out, info.header_offset + 22, 10)  # local header: uncompressed size
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        if data[pos + 46:pos + 46 + len(info.filename)] == info.filename.encode():
            struct.pack_into("<I", out, pos + 24, 10)  # central directory: uncompressed size
        pos = data.find(b"PK\x01\x02", pos + 1)
    err = refused(bytes(out))
    assert err.issue.code == "err.unreadable" and "比声明的 10 字节大" in str(err)


def test_a_zip_of_too_many_parts_is_refused():
    seed = zipfile.ZipFile(io.BytesIO(fx.xlsx(ROSTER)))
    parts = {info.filename: seed.read(info) for info in seed.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, body in parts.items():
            z.writestr(name, body)
        for i in range(limits.MAX_ZIP_ENTRIES + 1):
            z.writestr(f"xl/media/{i}.bin", b"")
    err = refused(out.getvalue())
    assert err.issue.code == "err.limit_zip_entries" and "超过上限 10,000 个" in str(err)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
def test_an_entity_declaration_in_any_part_is_refused_as_an_xml_bomb(part):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>')
    data = _zip_with(fx.xlsx(ROSTER), part, lambda xml: laughs + re.sub(rb"^<\?xml[^>]*\?>", b"", xml))
    err = refused(data)
    assert err.issue.code == "err.xml_dtd" and part in str(err)


def test_csv_row_column_and_cell_caps(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    err = refused(("姓名,单位\n" + "张三,团委\n" * 5).encode(), "a.csv")
    assert (err.issue.code, err.issue.row) == ("err.limit_rows", 6)
    monkeypatch.setattr(limits, "MAX_ROWS", 1_048_576)
    monkeypatch.setattr(limits, "MAX_CELLS", 9)
    err = refused(("姓名,单位\n" + "张三,团委\n" * 5).encode(), "a.csv")
    assert (err.issue.code, err.issue.row) == ("err.limit_cell_count", 5)


def test_a_csv_line_of_too_many_columns_is_refused_before_it_is_split():
    err = refused(("姓名,单位\r\n" + "," * 20_000 + "\r\n").encode(), "a.csv")
    assert (err.issue.code, err.issue.row) == ("err.limit_columns", 2)
    assert "这一行有 20,001 列，超过上限 16,384 列" in str(err)
    # commas inside quotes are no columns
    quoted = ("姓名,备注\r\n张三,\"" + "," * 20_000 + "\"\r\n").encode()
    assert read_workbook(quoted, "a.csv").sheets[0].rows[1] == ["张三", "," * 20_000]


def _xls_record(data: bytes, record: bytes) -> int:
    pos = data.find(record)
    assert pos > 0
    return pos


def test_xls_records_that_would_size_calamines_memory_are_checked():
    seed = fx.xls(ROSTER)
    sst = bytearray(seed)
    struct.pack_into("<I", sst, _xls_record(seed, b"\xfc\x00") + 8, 0xFFFFFFF0)  # unique strings: 4 billion
    assert "共享字符串表声称有 4,294,967,280 个字符串" in str(refused(bytes(sst), "a.xls"))
    dims = bytearray(seed)
    struct.pack_into("<I", dims, _xls_record(seed, b"\x00\x02\x0e\x00") + 4, 50_000)  # first row after the last
    assert "范围记录" in str(refused(bytes(dims), "a.xls"))
    cell = bytearray(seed)
    struct.pack_into("<H", cell, _xls_record(seed, b"\xfd\x00\x0a\x00") + 6, 16_000)  # a cell in column 16,000
    assert "列号超出" in str(refused(bytes(cell), "a.xls"))


def test_the_shipped_samples_pass_every_check():
    for path in sorted((store.ROOT / "data" / "samples").iterdir()):
        if path.suffix in (".xlsx", ".xls", ".csv"):
            assert read_workbook(path.read_bytes(), path.name).sheets, path.name
