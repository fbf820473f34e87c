"""The monthly 通报 pack (outreach/report/bulletin*.py) and the 催报 list (outreach/deadlines.py) on the small
team of tests/small_team.py, August 2014, figures worked out by hand:

- 东县 (甲单位: 张三 骨干, 李四, 王五 联络员): 3 members, 张三 and 李四 active, actions 2+1 (张三) + 1 (李四) = 4.
- 西县 (乙单位: 赵六, 钱七; 丙单位: 孙九): 3 members, 钱七 active; actions 4 (钱七) + 1 (孙八, on no roster) = 5.
- City average per county: members 3, active 1.5, actions 4.5; city rates: active 3/6 = 50%, 9/6 = 1.5 per member.
- Not active in August: 王五 (东县), 赵六 and 孙九 (西县). 丙单位 never reports; 西县 has no 联络员 nor 骨干.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from outreach import accounts, cli, deadlines, export, store
from outreach.filters import Filters
from outreach.queries import QueryRunner
from outreach.report import bulletin, bulletin_cli, bulletin_docx
from tests.small_team import build_db

AUG = dt.date(2014, 8, 1)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_db(tmp_path / "small.duckdb")


@pytest.fixture
def q(db: Path):
    con = store.connect(db)
    yield QueryRunner(con, cache=False)
    con.close()


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_county_bulletin_figures_against_the_city_average(q):
    pack = bulletin.build(q, AUG, "county")
    east, west = pack.bulletins
    assert (east.name, west.name) == ("东县", "西县")
    assert [(f.key, f.value) for f in east.figures] == [
        ("members", 3), ("active_members", 2), ("active_rate", round(2 / 3, 4)), ("actions", 4),
        ("per_member", 1.33)]
    assert [(f.value) for f in west.figures] == [3, 1, round(1 / 3, 4), 5, 1.67]
    assert [f.average for f in east.figures] == [3, 1.5, 0.5, 4.5, 1.5]
    assert [f.average for f in west.figures] == [f.average for f in east.figures]


def test_rank_band_units_inactive_and_missing(q):
    east, west = bulletin.build(q, AUG, "county").bulletins
    assert (east.rank, east.of, west.rank) == (1, 2, 2)
    assert east.units["unit"].tolist() == ["甲单位"] and west.units["unit"].tolist() == ["乙单位", "丙单位"]
    assert west.units["county_rank"].tolist() == [1, 2]
    assert east.inactive["name"].tolist() == ["王*"]
    assert sorted(west.inactive["name"]) == ["孙*", "赵*"]
    assert (east.not_reported, east.no_liaison, east.short_core) == ([], [], [])
    assert west.not_reported == ["西县/丙单位"]
    assert sorted(west.no_liaison) == sorted(west.short_core) == ["西县/丙单位", "西县/乙单位"]
    units = bulletin.build(q, AUG, "unit").bulletins
    assert [(b.name, b.rank, b.of) for b in units] == [("东县/甲单位", 1, 3), ("西县/乙单位", 2, 3),
                                                       ("西县/丙单位", 3, 3)]
    assert all(b.band is not None for b in units)
    assert units[0].figure("members").average == 2  # 6 members over 3 units


def test_names_in_full_only_when_unmasked(q):
    east, west = bulletin.build(q, AUG, "county", masked=False).bulletins
    assert east.inactive["name"].tolist() == ["王五"] and sorted(west.inactive["name"]) == ["孙九", "赵六"]


def test_red_and_black_lists(q):
    city = bulletin.build(q, AUG, "county", top=1).city
    assert city.red_units["unit_key"].tolist() == ["东县/甲单位"]
    assert city.red_members["name"].tolist() == ["钱*"]  # 4 reposts, the most points in August
    assert city.black_units["unit_key"].tolist() == ["西县/丙单位"]
    assert city.not_reported == ["西县/丙单位"]
    assert (city.improved["change"] > 0).all()


def test_the_zip_holds_one_docx_per_county_and_the_city_wide_one(q):
    pack = bulletin.build(q, AUG, "county")
    data = bulletin_docx.zip_bytes(bulletin_docx.files(pack, with_pdf=False))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sorted(z.namelist()) == sorted(["2014年8月通报_东县.docx", "2014年8月通报_西县.docx",
                                               "2014年8月通报_全市.docx"])
        east = docx_text(z.read("2014年8月通报_东县.docx"))
        city = docx_text(z.read("2014年8月通报_全市.docx"))
    assert "东县2014年8月网宣工作通报" in east and "王*" in east and "王五" not in east
    assert "66.7%" in east and "50.0%" in east  # its active rate against the city's
    assert "红榜" in city and "黑榜" in city and "西县 丙单位" in city


def run_cli(db: Path, *extra: str) -> int:
    return cli.main(["report", "--per", "county", "--db", str(db), *extra])


def test_cli_writes_the_pack_and_refuses_bad_arguments(db, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("outreach.report.charts.browser_available", lambda: False)
    out = tmp_path / "pack.zip"
    assert run_cli(db, "--period", "2014-08", "--out", str(out)) == 0
    assert len(zipfile.ZipFile(out).namelist()) == 3
    folder = tmp_path / "folder"
    assert cli.main(["report", "--per", "unit", "--period", "2014-08", "--out", str(folder), "--db", str(db)]) == 0
    assert len(list(folder.iterdir())) == 4  # three units and the city
    assert run_cli(db, "--period", "2014-05:2014-08", "--out", str(tmp_path / "x.zip")) == 2
    assert run_cli(db, "--period", "2014-13", "--out", str(tmp_path / "x.zip")) == 2
    assert run_cli(db, "--period", "2014-08", "--out", str(tmp_path / "x.docx")) == 2
    assert run_cli(db, "--period", "2014-08", "--out", str(tmp_path / "x.zip"), "--format", "docx") == 2
    assert run_cli(db, "--period", "2014-08", "--out", str(tmp_path / "x.zip"), "--county", "东县") == 2
    assert not (tmp_path / "x.zip").exists()
    con = store.connect(db)
    assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'export'").fetchone()[0] == 2
    accounts.create_user(con, "viewer", "leader", "long-enough-pw-1", by=None)
    con.close()
    assert run_cli(db, "--period", "2014-08", "--out", str(tmp_path / "y.zip"), "--unmask") == 2  # no --user
    assert run_cli(db, "--period", "2014-08", "--out", str(tmp_path / "y.zip"), "--unmask", "--user", "viewer") == 2
    assert run_cli(db, "--period", "2014-08", "--out", str(tmp_path / "y.zip"), "--user", "nobody") == 2
    assert not (tmp_path / "y.zip").exists()
    capsys.readouterr()


def test_cli_unmasks_for_a_granted_account(db, tmp_path, monkeypatch):
    monkeypatch.setattr("outreach.report.charts.browser_available", lambda: False)
    con = store.connect(db)
    accounts.create_user(con, "staff", "county_staff", "long-enough-pw-1", county="东县", can_unmask=True, by=None)
    con.close()
    out = tmp_path / "east.zip"
    assert run_cli(db, "--period", "2014-08", "--out", str(out), "--unmask", "--user", "staff") == 0
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["2014年8月通报_东县.docx", "2014年8月通报_全市.docx"]  # its scope only
        assert "王五" in docx_text(z.read("2014年8月通报_东县.docx"))


def test_last_month_is_the_calendar_month_before_today():
    assert bulletin_cli.period_month("last-month", dt.date(2014, 10, 5)) == dt.date(2014, 9, 1)
    assert bulletin_cli.period_month("last-month", dt.date(2015, 1, 5)) == dt.date(2014, 12, 1)
    assert bulletin_cli.period_month("2014-09") == dt.date(2014, 9, 1)
    assert bulletin_cli.period_month("2014") is None


# --- reporting deadline and the 催报 list --------------------------------------------------------------

def _set_imported(db: Path) -> None:
    """July's log (batch 2) imported on its due day, August's (batch 3) two days after it."""
    con = store.connect(db)
    con.execute("UPDATE batches SET imported_at = TIMESTAMP '2014-08-05 23:00:00' WHERE batch_id = 2")
    con.execute("UPDATE batches SET imported_at = TIMESTAMP '2014-09-07 09:00:00' WHERE batch_id = 3")
    con.close()


def test_late_and_missing_units_per_month(db, monkeypatch):
    _set_imported(db)
    monkeypatch.delenv("OUTREACH_REPORT_DUE_DAY", raising=False)
    con = store.connect(db)
    q = QueryRunner(con, cache=False)
    assert deadlines.due_date(AUG) == dt.date(2014, 9, 5)
    df = deadlines.late_and_missing(q, Filters())
    rows = [(f"{m:%Y-%m}", k, s, None if d is None or d != d else int(d))
            for m, k, s, d in zip(df["month"], df["unit_key"], df["status"], df["days_late"], strict=True)]
    assert rows == [("2014-07", "西县/丙单位", "missing", None),
                    ("2014-08", "东县/甲单位", "late", 2), ("2014-08", "西县/丙单位", "missing", None),
                    ("2014-08", "西县/乙单位", "late", 2)]  # by month, county, unit name (丙 sorts before 乙)
    monkeypatch.setenv("OUTREACH_REPORT_DUE_DAY", "10")
    assert deadlines.late_and_missing(q, Filters())["status"].tolist() == ["missing", "missing"]
    scoped = deadlines.late_and_missing(QueryRunner(con, ["东县/甲单位"], cache=False), Filters())
    assert scoped["unit_key"].tolist() == []  # on time with day 10, and no other unit in its scope
    frame = deadlines.reminder_frame(deadlines.late_and_missing(q, Filters(), day=5))
    assert list(frame.columns) == ["月份", "县区", "单位", "状态", "截止日", "首次导入", "逾期天数"]
    assert frame.iloc[1].tolist() == ["2014-08", "东县", "甲单位", "逾期", "2014-09-05", "2014-09-07 09:00", 2]
    assert str(frame["逾期天数"].dtype) == "Int64"  # whole days, or nothing for a missing log: one type
    book = openpyxl.load_workbook(io.BytesIO(export.table_xlsx(frame, "催报")))
    days = [row[-1] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert days == [None, 2, None, 2]
    con.close()


def test_a_unit_that_joined_later_owed_no_earlier_log(db, monkeypatch):
    """丁单位 of 东县 first appears on an August roster: missing for August (it sent nothing), not for July."""
    from outreach.ingest import load
    from tests.fixtures import xlsx
    monkeypatch.delenv("OUTREACH_REPORT_DUE_DAY", raising=False)
    con = store.connect(db)
    load.import_bytes(con, xlsx([["2014年8月网宣员花名册"], ["姓名", "单位", "县区"], ["周一", "丁单位", "东县"]]),
                      "roster_aug.xlsx")
    missing = deadlines.late_and_missing(QueryRunner(con, cache=False), Filters())
    ding = missing[missing["unit_key"] == "东县/丁单位"]
    assert [(f"{m:%Y-%m}", s) for m, s in zip(ding["month"], ding["status"], strict=True)] == [("2014-08", "missing")]
    con.close()


# --- the pages ---------------------------------------------------------------------------------------

def test_the_data_page_lists_late_and_missing_units(tmp_path, monkeypatch):
    import ui.shell
    from tests.small_team import app_for

    monkeypatch.delenv("OUTREACH_REPORT_DUE_DAY", raising=False)
    at = app_for("pages/data.py", tmp_path, monkeypatch)
    _set_imported(tmp_path / "small.duckdb")
    try:
        at.run(timeout=120)
        assert not at.exception, at.exception
        assert "报送情况（截止日：次月 5 日）" in [s.value for s in at.subheader]
        table = next(d.value for d in at.dataframe if "逾期天数" in d.value.columns)
        assert table[["月份", "单位", "状态"]].values.tolist() == [
            ["2014-07", "丙单位", "未报"], ["2014-08", "甲单位", "逾期"], ["2014-08", "丙单位", "未报"],
            ["2014-08", "乙单位", "逾期"]]
        keys = {b.key for b in at.download_button}
        assert {"dp_reminders_csv", "dp_reminders_xlsx"} <= keys
    finally:
        ui.shell._connection.clear()


def test_the_evaluation_page_offers_the_pack(tmp_path, monkeypatch):
    import ui.shell
    from tests.small_team import app_for

    at = app_for("pages/evaluation.py", tmp_path, monkeypatch)
    try:
        at.run(timeout=120)
        assert not at.exception, at.exception
        pack = [b for b in at.download_button if b.key == "ev_dl_pack"]
        assert [b.label for b in pack] == ["下载本月通报包（zip）"]
    finally:
        ui.shell._connection.clear()


def test_the_page_button_builds_the_zip_in_the_viewers_scope(db, monkeypatch):
    from types import SimpleNamespace

    from ui import pack_widgets

    monkeypatch.setattr("outreach.report.charts.browser_available", lambda: False)
    con = store.connect(db)
    page = SimpleNamespace(con=con, q=SimpleNamespace(scope=["西县/乙单位", "西县/丙单位"]), lang="zh")
    with zipfile.ZipFile(io.BytesIO(pack_widgets.pack_bytes(page, AUG, masked=True))) as z:
        assert sorted(z.namelist()) == ["2014年8月通报_全市.docx", "2014年8月通报_西县.docx"]
        west = docx_text(z.read("2014年8月通报_西县.docx"))
    assert "赵*" in west and "赵六" not in west and "甲单位" not in west
    con.close()
