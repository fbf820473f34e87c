"""Data is shown as text, and phones and ID numbers are masked in free text (issue #11).

- outreach.privacy.mask_text finds phones (typed with or without separators or +86) and ID-card
  numbers anywhere in a text;
- ui.text.md_escape makes Streamlit's Markdown show a value character for character; the pages route
  names, units, titles, reasons and file names through it (or show them in tables, which do not
  interpret);
- the Markdown export escapes the data it writes.

How the escaped text looks in a real browser: test_text_safety_browser.py.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from openpyxl import load_workbook

import ui.shell
from outreach import chart_export, store
from outreach.filters import Filters
from outreach.privacy import mask_phone, mask_text
from outreach.queries import QueryRunner
from outreach.report import facts as report_facts
from outreach.report import markdown as report_md
from outreach.report import text as report_text
from tests import hostile_team
from tests.hostile_team import HTML_UNIT, LINK_UNIT, MATH_UNIT, PHONE_NAME, PHONES, everything, markdown_texts
from ui.text import as_text, md_escape, plotly_escape

WJ = "\u2060"  # the invisible word joiner md_escape puts into URLs and shortcodes

# --- masking free text --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "masked"), [
    ("联系人张三，电话13812345678，请转告", "联系人张三，电话138****5678，请转告"),
    ("报名电话138-1234-5678（工作日）", "报名电话138****5678（工作日）"),
    ("手机：138 1234 5678。", "手机：138****5678。"),
    ("请拨+86 13812345678或0086-13912345678", "请拨+86 138****5678或0086-139****5678"),
    ("（+86）139.1234.5678转人工", "（+86）139****5678转人工"),
    ("张三13812345678李四13912345678", "张三138****5678李四139****5678"),
    ("身份证号350211199001011234，住址宁德", "身份证号3502**********1234，住址宁德"),
    ("证件35021119900101123X、35021119900101123x", "证件3502**********123X、3502**********123x"),
    ("电话１３８１２３４５６７８", "电话１３８****５６７８"),  # full-width digits: an 11-digit run
    ("订单12345678901234567890", "订单123*************7890"),  # any other 11+-digit run
    ("日期20140801，数量41852，编号1234567，2014-08-01 12:30",
     "日期20140801，数量41852，编号1234567，2014-08-01 12:30"),  # dates, counts, short numbers stay
    ("", ""),
    (None, ""),
])
def test_mask_text_finds_phones_and_id_numbers_in_chinese_text(text, masked):
    assert mask_text(text) == masked


def test_mask_phone_masks_a_phone_typed_in_groups():
    assert mask_phone("+86 138 1234 5678") == "+86 138****5678"
    assert mask_phone("138-1234-5678") == "138****5678"


# --- escaping for Streamlit's Markdown ------------------------------------------------------------------

HOSTILE = [
    LINK_UNIT, MATH_UNIT, HTML_UNIT, "$$\\int x$$", "<style>section{display:none}</style>",
    "**粗** _斜_ `code` ~~删~~ ~单~", "# 标题", "- 列表", "+ 列表", "1. 列表", "3) 列表", "> 引用", "---", "===",
    ":red[红色] :red-badge[徽章] :small[小] :material/home: :material_home: :smile: :streamlit:",
    "http://example.invalid www.example.com HTTPS://X.Y a@b.com", "&lt;b&gt; &amp; &#60;", "a|b|c",
    "\\$x\\$ back\\slash \\", "![图](http://x/y.png)", "<a href='javascript:alert(1)'>x</a>",
    "a -> b <- c <-> d -- e >= f <= g ~= h", "12:30:45 会议:abc", "第一行\n\n# 第二行\r\n- 第三行",
]


def unescape(markdown: str) -> str:
    """What CommonMark shows for text that only uses backslash escapes, minus the word joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WJ, "")


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escape_keeps_every_character_and_leaves_no_markup(text):
    escaped = md_escape(text)
    assert unescape(escaped) == re.sub(r"\s*[\r\n]+\s*", " ", text)
    bare = re.sub(r"\\.", "", escaped)  # what is left once every escaped character is taken out
    assert not re.search(r"[\\`*_\[\]<>&$~|\n]", bare)
    assert not re.search(r":[A-Za-z0-9_+\-]", bare)  # no directive, icon or emoji can start
    assert not re.search(r"(?i)https?:|www\.|\w@|:material[_/]|:streamlit:|(^|\s)(->|<-|--|>=|<=|~=)(\s|$)",
                         escaped.replace("\\", ""))  # what Streamlit rewrites after parsing is broken up
    assert not re.match(r"\s*([#+\-=>]|\d+[.)])", escaped)  # no heading, list, quote or rule


def test_md_escape_examples():
    assert md_escape(LINK_UNIT) == f"\\[点我\\](http{WJ}://example.invalid)"
    assert md_escape(MATH_UNIT) == "\\$x^2\\$单位"
    assert md_escape("批次 #4，+3 分，a.xlsx") == "批次 #4，+3 分，a.xlsx"  # plain text stays readable
    assert md_escape(None) == ""
    assert as_text("电话13812345678 [x]") == "电话138\\*\\*\\*\\*5678 \\[x\\]"  # masked first, then escaped


def test_plotly_escape_turns_tags_into_entities():
    assert plotly_escape('<a href="http://x">点我</a> & 13812345678') == \
        '&lt;a href="http://x"&gt;点我&lt;/a&gt; &amp; 138****5678'
    assert plotly_escape(3) == 3


# --- the pages (AppTest) ----------------------------------------------------------------------------------


@pytest.fixture
def team(tmp_path, monkeypatch):
    yield hostile_team.app_for("pages/team.py", tmp_path, monkeypatch)
    ui.shell._connection.clear()


def test_team_page_shows_unit_names_as_text(team):
    team.run()
    assert not team.exception
    warnings = [w.value for w in team.warning]
    # The units without a 联络员, listed in a warning: escaped, so no link, no math and no tag.
    listed = next(w for w in warnings if w.startswith("没有联络员的单位（3 个）："))
    for unit in (LINK_UNIT, MATH_UNIT, HTML_UNIT):
        assert md_escape(unit) in listed, unit
    for text in markdown_texts(team):
        assert not re.search(r"(?<!\\)[\[\]$<]", text), text  # nothing from the data left unescaped


def test_team_page_masks_a_phone_typed_into_a_name_on_screen_and_in_the_download(team, monkeypatch):
    import ui.widgets

    downloads = {}
    original = ui.widgets.download_menu

    def recording(page, data, key, *args, **kwargs):
        downloads[key] = data
        return original(page, data, key, *args, **kwargs)

    monkeypatch.setattr(ui.widgets, "download_menu", recording)
    team.run()
    assert not team.exception
    silent = next(d.value for d in team.dataframe if "最近活动月份" in d.value.columns)
    assert list(silent["姓名"]) == ["钱七138****5678"]
    shown = everything(team)
    assert PHONE_NAME not in shown and "13812345678" not in shown
    data = downloads["silent_members"]
    csv = chart_export.csv_bytes(data, "zh").decode("utf-8-sig")
    assert "钱七138****5678" in csv and "13812345678" not in csv
    book = load_workbook(io.BytesIO(chart_export.xlsx_bytes(data, "zh", "沉默成员")))
    cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
    assert "钱七138****5678" in cells and "13812345678" not in cells


def test_activity_page_masks_a_phone_and_id_typed_into_a_training_title(tmp_path, monkeypatch):
    at = hostile_team.app_for("pages/activity.py", tmp_path, monkeypatch)
    try:
        at.run()
        assert not at.exception
        events = next(d.value for d in at.dataframe if "名称" in d.value.columns)
        assert list(events["名称"]) == ["网宣培训 报名电话138****5678 身份证3502**********1234"]
        shown = everything(at)
        for number in PHONES:
            assert number not in shown
    finally:
        ui.shell._connection.clear()


def test_evaluation_page_masks_a_phone_in_an_adjustment_reason(tmp_path, monkeypatch):
    from outreach.evaluation import adjustments as adj
    from tests.eval_team import app_for

    at = app_for("pages/evaluation.py", tmp_path, monkeypatch)
    try:
        con = store.connect(store.db_path())
        adj.add(con, "乙单位", dt.date(2014, 8, 1), dt.date(2014, 8, 1), 2.0,
                "联系人电话13912345678，身份证35021119900101123X，[点我](http://example.invalid)", user="王芳")
        con.close()
        ui.shell._connection.clear()
        at.session_state["ev_tab"] = "加减分"
        at.run()
        assert not at.exception
        listed = at.dataframe[0].value
        assert list(listed["原因"]) == ["联系人电话139****5678，身份证3502**********123X，[点我](http://example.invalid)"]
        shown = everything(at)
        assert "13912345678" not in shown and "35021119900101123X" not in shown
    finally:
        ui.shell._connection.clear()


def test_meeting_report_editor_masks_a_phone_typed_into_it(tmp_path, monkeypatch):
    from tests.small_team import app_for

    at = app_for("pages/meeting.py", tmp_path, monkeypatch)
    try:
        at.run(timeout=120)
        at.segmented_control(key="mt_mode").set_value("report").run()
        assert not at.exception
        text = at.text_area(key="mt_text").value
        at.text_area(key="mt_text").input(text + "七、联系方式\n联系人13912345678，身份证350211199001011234。\n").run()
        assert not at.exception
        edited = at.text_area(key="mt_text").value
        assert edited.endswith("七、联系方式\n联系人139****5678，身份证3502**********1234。\n")
        assert "13912345678" not in everything(at)
    finally:
        ui.shell._connection.clear()


# --- the Markdown export ----------------------------------------------------------------------------------

ATTACKS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[点我](javascript:alert(1))",
           "<javascript:alert(1)>", "![图](javascript:alert(1))", "$x^2$ **粗** `code`", "联系人13912345678"]


def test_markdown_export_escapes_data(tmp_path):
    con = store.connect(hostile_team.build_db(tmp_path / "h.duckdb"))
    facts = report_facts.build(QueryRunner(con, cache=False), Filters(dt.date(2014, 8, 1), dt.date(2014, 8, 1)))
    con.close()
    written = report_text.write(facts, "zh").as_text()
    edited = report_text.parse(written + "七、附言\n" + "\n".join(f"- {a}" for a in ATTACKS) + "\n# 不是标题\n")
    md = report_md.build(facts, edited, "zh").decode("utf-8")
    for raw in ("<script", "<img", "<javascript", "<a ", "13912345678", "13812345678"):
        assert raw not in md, raw
    assert not re.search(r"(?<!\\)[\[\]]", md)  # no link or image can open: every bracket is escaped
    assert not re.search(r"(?<!\\)\$", md)  # no math
    assert not re.search(r"^(- |# 不是标题)", md, re.M)  # the typed list and heading stay paragraphs
    # What a reader sees is what was typed (masked): unescape each line of the appendix.
    lines = {html.unescape(re.sub(r"\\(.)", r"\1", line)).replace(WJ, "") for line in md.splitlines()}
    for attack in ATTACKS[:-1]:
        assert f"- {attack}" in lines, attack
    assert "- 联系人139****5678" in lines
    units = " ".join(lines)
    assert LINK_UNIT in units and HTML_UNIT in units  # the unit names in the appendix tables, as text


@pytest.mark.parametrize("dtype", [None, "string", "string[pyarrow]", object])
def test_mask_frame_masks_each_distinct_text_once_and_every_cell_alike(dtype):
    """mask_frame calls the masks once per distinct text (280,000 silent members at province scale); the
    result must equal masking cell by cell, missing cells and non-text columns included, whichever string
    type the column has (DuckDB's frames hold Arrow-backed ones)."""
    import pandas as pd

    from outreach.privacy import mask_frame, mask_name, mask_text

    names = ["张三", "李四13812345678", None, "张三", "王五"] * 40
    units = ["城南镇团委", "电话 138-1234-5678 的单位", "城南镇团委", None, "x"] * 40
    df = pd.DataFrame({"name": pd.Series(names, dtype=dtype), "unit": pd.Series(units, dtype=dtype),
                       "n": range(200)})
    out = mask_frame(df, name_columns=("name",))
    assert out["name"].tolist() == [mask_name(v) for v in df["name"]]
    assert out["unit"].tolist()[:5] == ["城南镇团委", mask_text("电话 138-1234-5678 的单位"), "城南镇团委",
                                        out["unit"][3], "x"]
    assert "138-1234-5678" not in " ".join(str(v) for v in out["unit"])
    assert pd.isna(out["unit"][3])
    assert out["n"].tolist() == list(range(200))
