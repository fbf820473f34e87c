"""A small team whose figures the page tests work out by hand: 3 units, 6 members, July and August."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from outreach import store
from outreach.ingest import load
from tests.fixtures import xlsx

ROSTER = [
    ["2014年7月网宣员花名册"],
    ["姓名", "单位", "县区", "角色", "手机号码"],
    ["张三", "甲单位", "东县", "骨干", "13800000001"],
    ["李四", "甲单位", "东县", "", ""],
    ["王五", "甲单位", "东县", "联络员", ""],
    ["赵六", "乙单位", "西县", "", ""],
    ["钱七", "乙单位", "西县", "", ""],
    ["孙九", "丙单位", "西县", "", ""],  # a unit that never reports
]
HEADER = ["姓名", "单位", "转发微信（条）", "网络评论（条）", "舆情信息（条）"]
JULY = [["2014年7月工作量统计表"], HEADER, ["张三", "甲单位", 3, "", ""], ["赵六", "乙单位", "", 2, ""]]
AUGUST = [
    ["2014年8月工作量统计表"], HEADER,
    ["张三", "甲单位", 2, 1, ""],
    ["李四", "甲单位", "", "", 1],
    ["钱七", "乙单位", 4, "", ""],
    ["孙八", "乙单位", 1, "", ""],  # on no roster: counted, flagged unmatched
]


def build_db(path: Path) -> Path:
    con = store.connect(path)
    for name, rows in (("roster.xlsx", ROSTER), ("jul.xlsx", JULY), ("aug.xlsx", AUGUST)):
        load.import_bytes(con, xlsx(rows), name)
    con.close()
    return path


def app_for(script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """An AppTest of ``script`` (app.py or pages/x.py) on a fresh copy of the small team."""
    path = build_db(tmp_path / "small.duckdb")
    monkeypatch.setenv("OUTREACH_DB", str(path))
    import ui.shell

    ui.shell._connection.clear()
    at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=30)
    if script != "app.py":
        at.switch_page(script)  # pages run as Streamlit runs them: relative to the entry script
    return at


