"""A small team whose names and titles are hostile, loaded through the normal import path: a unit named
as a Markdown link, one as LaTeX, one as an HTML tag, a phone typed into a member's name, a phone and
an ID-card number typed into a training title. The pages and exports must show all of it as text, with
the numbers masked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from outreach import store
from outreach.ingest import load
from tests.fixtures import xlsx

LINK_UNIT = "[点我](http://example.invalid)"
MATH_UNIT = "$x^2$单位"
HTML_UNIT = "<img src=x onerror=alert(1)>"
PHONE_NAME = "钱七13812345678"  # a phone typed into the name column
TITLE = "网宣培训 报名电话138-1234-5678 身份证350211199001011234"
PHONES = ("13812345678", "138-1234-5678", "350211199001011234")


def d(month: int, day: int) -> dt.date:
    return dt.date(2014, month, day)


ROSTER = [
    ["2014年8月网宣员花名册"],
    ["姓名", "单位", "县区", "角色", "手机号码"],
    ["张三", LINK_UNIT, "东县", "骨干", "13800000001"],
    ["李四", MATH_UNIT, "东县", "", ""],
    ["王五", HTML_UNIT, "东县", "", ""],
    [PHONE_NAME, "甲单位", "西县", "联络员", ""],  # never acts: a silent member
]
LOG = [
    ["日期", "姓名", "单位", "县区", "类型", "平台", "数量", "标题"],
    [d(8, 12), "张三", LINK_UNIT, "东县", "参加培训", None, 1, TITLE],
    [d(8, 13), "李四", MATH_UNIT, "东县", "转发", "微信", 2, None],
    [d(8, 14), "王五", HTML_UNIT, "东县", "评论", "微博", 1, None],
]


def build_db(path: Path) -> Path:
    con = store.connect(path)
    for name, rows in (("roster.xlsx", ROSTER), ("log.xlsx", LOG)):
        load.import_bytes(con, xlsx(rows), name)
    con.close()
    return path


def app_for(script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """An AppTest of ``script`` (app.py or pages/x.py) on a fresh copy of the hostile team."""
    path = build_db(tmp_path / "hostile.duckdb")
    monkeypatch.setenv("OUTREACH_DB", str(path))
    import ui.shell

    ui.shell._connection.clear()
    at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=60)
    if script != "app.py":
        at.switch_page(script)
    return at


MARKDOWN_KINDS = ("markdown", "caption", "warning", "info", "error", "success", "subheader", "title", "header")


def markdown_texts(at: AppTest) -> list[str]:
    """The source of every element Streamlit renders as Markdown."""
    return [str(e.value) for kind in MARKDOWN_KINDS for e in getattr(at, kind)]


def everything(at: AppTest) -> str:
    """Every text the page sends: Markdown elements, tables, widget labels and values."""
    parts = markdown_texts(at)
    parts += [d.value.to_string() for d in at.dataframe]
    parts += [str(w.value) for w in [*at.text_area, *at.text_input]]
    parts += [w.label for w in [*at.button, *at.checkbox, *at.selectbox, *at.text_area, *at.text_input]]
    parts += [str(o) for s in at.selectbox for o in s.options]
    return "\n".join(parts)
