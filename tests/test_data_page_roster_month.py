"""The 数据 page dates a roster by its 填报日期 line, shows that month in the preview and lets the user
change it (issue #10); a month out of range is refused with the picker left on screen to fix it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import ui.shell
from outreach import data_admin, store
from tests.fixtures import xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JUNE, AUG = dt.date(2014, 6, 1), dt.date(2014, 8, 1)


def roster(filed: str) -> bytes:
    return xlsx([
        ["福安市网宣员花名册", None, None],
        [f"填报单位：福安团市委\u3000填报日期：{filed}", None, None],
        ["序号", "姓名", "职务"],
        [1, "张三", "干事"],
        [2, "李四", "科员"],
    ], merged=["A1:C1", "A2:C2"])


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "page.duckdb"
    monkeypatch.setenv("OUTREACH_DB", str(path))
    ui.shell._connection.clear()
    yield path
    ui.shell._connection.clear()


def upload(name: str, data: bytes) -> AppTest:
    at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/data.py")
    at.run()
    at.file_uploader[0].set_value([(name, data, XLSX)]).run()
    assert not at.exception, at.exception
    return at


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def picker(at: AppTest):
    return next(s for s in at.selectbox if s.label == "统计月份")


def confirm(at: AppTest) -> None:
    next(b for b in at.button if b.label == "确认导入").click().run()
    assert not at.exception, at.exception


def batches(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path))
    try:
        return con.execute("SELECT kind, period_from, period_to, period_source FROM batches").fetchall()
    finally:
        con.close()


def test_the_preview_shows_the_rosters_month_from_its_filing_date(db):
    at = upload("花名册.xlsx", roster("2014年6月10日"))
    assert "文件中的月份：2014年06月（来自标题）" in captions(at)
    assert picker(at).value is None  # nothing chosen: the file's own month stands
    confirm(at)
    assert batches(db) == [("roster", JUNE, JUNE, "title")]


def test_the_user_can_redate_a_roster_in_the_preview(db):
    at = upload("花名册.xlsx", roster("2014年6月10日"))
    picker(at).set_value(AUG).run()
    assert not at.exception
    text = captions(at)
    assert "文件中的月份：2014年06月（来自标题）" in text and "已改为：2014年08月" in text
    confirm(at)
    assert batches(db) == [("roster", AUG, AUG, "given")]


def test_a_roster_dated_in_the_future_is_refused_and_fixed_by_picking_a_month(db):
    at = upload("花名册.xlsx", roster("2099年6月10日"))
    errors = [e.value.replace("\\", "") for e in at.error]  # shown as plain text: Markdown escaped
    assert len(errors) == 1 and "中的月份 2099-06 不在可接受的范围内" in errors[0]
    assert not [b for b in at.button if b.label == "确认导入"]
    picker(at).set_value(JUNE).run()  # the picker stayed on screen: the fault is fixable here
    assert not at.exception and not at.error
    confirm(at)
    assert batches(db) == [("roster", JUNE, JUNE, "given")]


def test_the_picker_offers_only_months_an_import_accepts():
    months = data_admin.picker_months(dt.date(2024, 6, 15))
    assert months[0] == dt.date(2024, 6, 1) and months[-1] == dt.date(2000, 1, 1)
    assert len(months) == 24 * 12 + 6
