"""`python -m outreach scores`: JSON figures of the tiny team (worked out in tests/test_scoring.py), and
the workbook read back with openpyxl — no formula anywhere, even when names in the data start with =."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import openpyxl
import pytest

from outreach import cli, store
from outreach.evaluation import versions
from outreach.ingest import load
from tests import fixtures as fx
from tests.eval_team import RUBRIC, TEAM_ONLY, build_db

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return str(build_db(tmp_path_factory.mktemp("cli") / "eval.duckdb"))


@pytest.fixture(scope="module")
def rubric_file(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("rubric") / "rubric.toml"
    path.write_text(RUBRIC, encoding="utf-8")
    return str(path)


def run_json(capsys, *args: str) -> dict:
    assert cli.main(["scores", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_has_scores_ranks_bands_and_indicator_values(db, rubric_file, capsys):
    out = run_json(capsys, "--db", db, "--period", "2014-07:2014-08", "--rubric", rubric_file)
    assert out["period"] == {"from": "2014-07", "to": "2014-08", "label": "2014年7月—2014年8月"}
    assert out["rubric"]["name"] == "测试细则" and out["rubric"]["per_capita"] == "members"
    rows = [(u["unit"], u["total"], u["rank"], u["band"], u["band_label"]) for u in out["units"]]
    assert [(u["unit_key"], u["county"]) for u in out["units"]][:2] == [
        ("东县/甲单位", "东县"), ("东县/乙单位", "东县")]
    assert rows == [("甲单位", 71.33, 1, "five", "五星"), ("乙单位", 64.0, 2, "four", "四星"),
                    ("戊单位", 64.0, 2, "four", "四星"), ("丙单位", 12.0, 4, "three", "三星"),
                    ("丁单位", 0.0, 5, "two", "二星")]
    jia = out["units"][0]["indicators"]
    assert jia["outreach"] == {"value": 1.75, "points": 23.33}
    assert jia["team"] == {"value": 0.9, "points": 18.0}
    assert [i["key"] for i in out["indicators"]] == ["team", "outreach", "participation", "events", "opinion"]


def test_period_forms_and_the_rubric_in_force(db, tmp_path, capsys):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(db, copy)
    con = store.connect(copy)
    versions.save(con, TEAM_ONLY)
    con.close()
    # 2014 is the whole year, 2014-Q3 July–September: both hold July and August, so the same scores
    year = run_json(capsys, "--db", str(copy), "--period", "2014")
    quarter = run_json(capsys, "--db", str(copy), "--period", "2014-Q3")
    assert year["period"]["label"] == "2014年度" and quarter["period"]["label"] == "2014年第3季度"
    assert [(u["unit"], u["total"], u["rank"]) for u in quarter["units"]] == [
        ("甲单位", 90.0, 1), ("丙单位", 60.0, 2), ("乙单位", 40.0, 3), ("戊单位", 40.0, 3), ("丁单位", 0.0, 5)]
    assert quarter["units"] == year["units"]
    # one month: in August 甲 had 3 of 4 members active
    august = run_json(capsys, "--db", str(copy), "--period", "2014-08")
    assert august["period"] == {"from": "2014-08", "to": "2014-08", "label": "2014年8月"}
    assert run_json(capsys, "--db", str(copy), "--period", "2013")["units"] == []


def test_bad_arguments_exit_2_with_a_chinese_message(db, tmp_path, capsys):
    assert cli.main(["scores", "--db", db, "--period", "2014-Q5"]) == 2
    assert "期间「2014-Q5」格式不对" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text(RUBRIC.replace("weight = 40", "weight = 30"), encoding="utf-8")
    assert cli.main(["scores", "--db", db, "--rubric", str(bad)]) == 2
    assert "各项指标权重之和为 90，应为 100。" in capsys.readouterr().err


HOSTILE_UNITS = ['=HYPERLINK("http://example.com")', "+1单位", "-减分单位", "@单位", "=SUM(A1:A9)"]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> str:
    """Units and a county whose names a spreadsheet would run as formulas."""
    path = tmp_path_factory.mktemp("hostile") / "h.duckdb"
    con = store.connect(path)
    roster = [["姓名", "单位", "县区", "角色"]]
    for n, unit in enumerate(HOSTILE_UNITS):
        county = "=1+1" if n < 2 else "南县"
        roster += [[f"成员{n}甲", unit, county, "骨干"], [f"成员{n}乙", unit, county, "联络员"]]
    log = [["日期", "姓名", "单位", "类型", "平台", "数量"]]
    log += [[f"2014-08-0{n + 1}", f"成员{n}甲", unit, "转发", "微信", n + 1]
            for n, unit in enumerate(HOSTILE_UNITS)]
    load.import_bytes(con, fx.csv_bytes(roster), "花名册.csv")
    load.import_bytes(con, fx.csv_bytes(log), "台账.csv")
    names = [r[0] for r in con.execute("SELECT unit FROM units ORDER BY unit").fetchall()]
    con.close()
    assert sorted(names) == sorted(HOSTILE_UNITS)  # read as written: nothing stripped on the way in
    return str(path)


def test_workbook_has_no_formula_cells_and_a_sheet_per_county(hostile_db, tmp_path, capsys):
    target = tmp_path / "考评.xlsx"
    assert cli.main(["scores", "--db", hostile_db, "--period", "2014-08", "--xlsx", str(target)]) == 0
    assert "已写出考评表" in capsys.readouterr().err
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[0] == "汇总"
    assert sorted(wb.sheetnames[1:]) == ["1+1", "南县"]  # the county "=1+1" makes a legal, inert sheet name
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(TRIGGERS), f"{ws.title}!{cell.coordinate}: {cell.value!r}"
                    texts.append(cell.value)
    assert "'=HYPERLINK(\"http://example.com\")" in texts and "'=SUM(A1:A9)" in texts
    assert "'+1单位" in texts and "'-减分单位" in texts and "'@单位" in texts and "'=1+1" in texts
    summary = wb["汇总"]
    assert summary["A1"].value == "2014年8月网宣工作考评结果"
    header = [c.value for c in summary[3]]
    assert header[:3] == ["排名", "单位", "县区"] and header[-4:] == ["计算得分", "加减分", "总分", "星级"]
    assert summary.max_row >= 3 + len(HOSTILE_UNITS)
    county = wb["南县"]
    assert [c.value for c in county[3]][3] == "县区内排名"


def test_csv_export_is_neutralised_too(hostile_db):
    from outreach.evaluation import active_rubric
    from outreach.evaluation.export import scores_table
    from outreach.evaluation.scoring import evaluate
    from outreach.export import csv_bytes
    from outreach.filters import Filters
    from outreach.queries import QueryRunner

    con = store.connect(hostile_db)
    ev = evaluate(QueryRunner(con, cache=False), Filters(), active_rubric(con))
    text = csv_bytes(scores_table(ev.scores, ev.rubric)).decode("utf-8-sig")
    cells = [c.strip('"') for line in text.splitlines() for c in line.split(",")]
    assert not any(c.startswith(TRIGGERS) for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_scores_command_as_a_subprocess(db, rubric_file):
    done = subprocess.run([sys.executable, "-m", "outreach", "scores", "--db", db, "--period", "2014-07:2014-08",
                           "--rubric", rubric_file], capture_output=True, text=True, cwd=store.ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "2014年7月—2014年8月网宣工作考评结果"
    assert lines[1].split("\t")[:5] == ["rank", "unit", "county", "total", "band"]
    assert lines[2].split("\t")[:5] == ["1", "甲单位", "东县", "71.33", "五星"]


def test_same_named_units_of_two_counties_in_json_and_workbook(tmp_path, rubric_file, capsys):
    """Two 城南镇团委 (tests/eval_team.py TWIN_ROSTER; totals worked out in tests/test_scoring.py)."""
    from tests.eval_team import build_twin_db

    db = str(build_twin_db(tmp_path / "twin.duckdb"))
    target = tmp_path / "考评.xlsx"
    out = run_json(capsys, "--db", db, "--period", "2014-08", "--rubric", rubric_file, "--xlsx", str(target))
    assert [(u["unit"], u["county"], u["unit_key"], u["total"], u["rank"]) for u in out["units"]] == [
        ("城南镇团委", "寿宁县", "寿宁县/城南镇团委", 71.0, 1), ("城南镇团委", "福安市", "福安市/城南镇团委", 48.0, 2),
        ("城北镇团委", "福安市", "福安市/城北镇团委", 6.0, 3)]
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["汇总", "寿宁县", "福安市"]
    summary = [[c.value for c in row][:4] for row in wb["汇总"].iter_rows(min_row=4, max_row=6)]
    assert summary == [[1, "城南镇团委", "寿宁县", 2], [2, "城南镇团委", "福安市", 4], [3, "城北镇团委", "福安市", 1]]
    fuan = [[c.value for c in row][:4] for row in wb["福安市"].iter_rows(min_row=4, max_row=5)]
    assert fuan == [[2, "城南镇团委", "福安市", 1], [3, "城北镇团委", "福安市", 2]]  # city-wide rank, county rank
