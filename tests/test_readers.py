"""readers.py: bytes → sheets. File type by magic bytes, CSV encodings and delimiters, refusals."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile

import pytest

from outreach.ingest.issues import ImportRefused
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
