"""outreach/ingest/sandbox.py: parsing in a child process under a memory cap and a time limit.

Whatever the child does — aborts on a 512 GiB allocation, runs out of memory, hangs, segfaults, or
hits a bug — the parent gets a ParsedFile, a Chinese refusal naming the limit, or a ParserBug; the
parent process itself carries on. The page (data_admin.parse_upload) and the CLI parse through it.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import types

import pytest

from outreach import cli, data_admin
from outreach.ingest import sandbox
from outreach.ingest.issues import ImportRefused
from outreach.ingest.parse import parse_file

try:
    from tests import fixtures as fx
    from tests import fuzz_inputs as fi
except ImportError:  # pragma: no cover - run from inside tests/
    import fixtures as fx
    import fuzz_inputs as fi

ROSTER = [["姓名", "单位", "县区", "手机号码"], ["张三", "甲单位", "一县", "13800000001"],
          ["李四", "乙单位", "二县", "13800000002"]]
FAR_CELL = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def cell_bomb() -> bytes:
    """The 1.7 KB-class .xlsx whose one far-away value makes calamine ask for 512 GiB."""
    return fi.with_part(fx.xlsx(ROSTER), fi.SHEET, lambda xml: fi.add_cells(xml, FAR_CELL))


# Targets for the child process: module-level, so the child can import them by name.


def parse_unchecked(data: bytes, file_name: str, kind: str, period: object) -> object:
    """parse_file with the byte checks switched off: the bytes reach calamine as they are."""
    from outreach.ingest import limits

    limits.check_zip = lambda data, file_name: None
    return parse_file(data, file_name, kind=kind, period=period)


def sleep_forever(*_: object) -> None:
    time.sleep(600)


def allocate_too_much(*_: object) -> bytes:
    return bytearray(4 * 2**30)


def segfault(*_: object) -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def buggy(*_: object) -> None:
    {}["unit"]  # the bug under test


def exit_quietly(*_: object) -> None:
    os._exit(3)


# --- the result ---------------------------------------------------------------------------------


def test_a_parse_in_the_child_equals_the_parse_in_process():
    data = fx.xlsx(ROSTER)
    here = parse_file(data, "花名册_2014年5月.xlsx")
    there = sandbox.parse_in_child(data, "花名册_2014年5月.xlsx")
    assert there.records.equals(here.records)
    assert (there.kind, there.period, there.sha256, there.issues, there.sheets) == (
        here.kind, here.period, here.sha256, here.issues, here.sheets)


def test_parsed_files_and_outcomes_survive_pickling():
    """The child sends the ParsedFile pickled; st.cache_data keeps data_admin's Outcome pickled."""
    parsed = parse_file(fi.seeds()["log.xlsx"], "log.xlsx")
    again = pickle.loads(pickle.dumps(parsed))
    assert again.records.equals(parsed.records) and again.reports == parsed.reports
    outcome = data_admin.parse_upload(fi.seeds()["log.xlsx"], "log.xlsx")
    assert outcome.parsed is not None
    assert pickle.loads(pickle.dumps(outcome)).parsed.records.equals(outcome.parsed.records)


def test_a_refusal_in_the_child_is_the_same_refusal_in_the_parent():
    with pytest.raises(ImportRefused) as exc:
        sandbox.parse_in_child(b"%PDF-1.7\n", "花名册.xlsx")
    assert exc.value.issue.code == "err.not_spreadsheet"
    assert str(exc.value).startswith("文件「花名册.xlsx」：不是电子表格")


# --- the limits ---------------------------------------------------------------------------------


def test_the_allocation_bomb_is_refused_before_calamine_sees_it():
    data = cell_bomb()
    assert len(data) < 6000
    with pytest.raises(ImportRefused) as exc:
        sandbox.parse_in_child(data, "花名册.xlsx")
    assert exc.value.issue.code == "err.limit_cells"
    assert "XFD1048576" in str(exc.value) and "16,777,216" in str(exc.value)


def test_calamine_aborting_on_the_bomb_is_a_memory_refusal_and_the_parent_lives_on():
    """The backstop: with the checks off, calamine asks for 512 GiB, gets nothing under the cap, and
    aborts the child. The parent refuses the file naming the cap, then parses the next one."""
    with pytest.raises(ImportRefused) as exc:
        sandbox._parse_with(parse_unchecked, cell_bomb(), "花名册.xlsx", "auto", None)
    assert exc.value.issue.code == "err.parse_memory"
    assert "文件解析超过内存上限 1.5 GB" in str(exc.value)
    assert sandbox.parse_in_child(fx.xlsx(ROSTER), "花名册.xlsx").rows_accepted == 2


def test_a_memory_error_names_the_configured_cap(monkeypatch):
    monkeypatch.setenv("OUTREACH_PARSE_MEMORY", "800MB")
    with pytest.raises(ImportRefused) as exc:
        sandbox._parse_with(allocate_too_much, b"", "大文件.xlsx", "auto", None)
    assert exc.value.issue.code == "err.parse_memory"
    assert "800 MB" in str(exc.value)


def test_a_hang_is_killed_at_the_time_limit(monkeypatch):
    monkeypatch.setenv("OUTREACH_PARSE_SECONDS", "1.5")
    started = time.monotonic()
    with pytest.raises(ImportRefused) as exc:
        sandbox._parse_with(sleep_forever, b"", "慢.xlsx", "auto", None)
    assert time.monotonic() - started < 10
    assert exc.value.issue.code == "err.parse_timeout"
    assert "超过 1.5 秒" in str(exc.value)
    assert multiprocessing.active_children() == []


def test_a_crash_and_a_silent_exit_are_refusals_that_say_what_happened():
    with pytest.raises(ImportRefused) as exc:
        sandbox._parse_with(segfault, b"", "坏.xls", "auto", None)
    assert exc.value.issue.code == "err.parse_crashed"
    assert "SIGSEGV" in str(exc.value)
    with pytest.raises(ImportRefused) as exc:
        sandbox._parse_with(exit_quietly, b"", "坏.xls", "auto", None)
    assert exc.value.issue.code == "err.parse_crashed" and "exit code 3" in str(exc.value)


def test_a_parser_bug_is_not_a_refusal_of_the_file():
    with pytest.raises(sandbox.ParserBug) as exc:
        sandbox._parse_with(buggy, b"", "x.xlsx", "auto", None)
    assert exc.value.summary == "KeyError: 'unit'"
    assert "buggy" in exc.value.child_traceback


@pytest.mark.parametrize(("text", "expected"), [
    ("1.5GB", int(1.5 * 2**30)), ("2G", 2 * 2**30), ("800MB", 800 * 2**20), ("800 mb", 800 * 2**20),
    ("1073741824", 2**30), ("", sandbox.DEFAULT_MEMORY), ("lots", sandbox.DEFAULT_MEMORY),
    ("1.5", sandbox.DEFAULT_MEMORY),  # 1.5 bytes: below anything a parser could run in, so ignored
])
def test_memory_setting(text, expected, monkeypatch):
    monkeypatch.setenv("OUTREACH_PARSE_MEMORY", text)
    assert sandbox.memory_limit() == expected


@pytest.mark.parametrize(("text", "expected"), [("90", 90.0), ("0.5", 0.5), ("", 60.0), ("0", 60.0),
                                                 ("-3", 60.0), ("nan", 60.0), ("soon", 60.0)])
def test_time_setting(text, expected, monkeypatch):
    monkeypatch.setenv("OUTREACH_PARSE_SECONDS", text)
    assert sandbox.time_limit() == expected


# --- the server's situation ---------------------------------------------------------------------


def test_the_child_does_not_run_the_parents_main_script(tmp_path, monkeypatch):
    """Under Streamlit, __main__ is the page being rendered; multiprocessing would re-run it in the
    child. Here __main__ is a script that must never run again."""
    script = tmp_path / "page.py"
    marker = tmp_path / "ran"
    script.write_text(f"open({str(marker)!r}, 'w').close()\nraise SystemExit('the page ran in the child')\n")
    fake = types.ModuleType("__main__")
    fake.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", fake)
    assert sandbox.parse_in_child(fx.xlsx(ROSTER), "花名册.xlsx").rows_accepted == 2
    assert not marker.exists()


def test_parses_from_several_threads_at_once():
    """Streamlit serves each session from its own thread: concurrent uploads each get their child."""
    results: list[object] = []

    def upload(n: int) -> None:
        data = fx.xlsx([*ROSTER, [f"成员{n}", "甲单位", "一县", None]])
        results.append(sandbox.parse_in_child(data, f"花名册{n}.xlsx").rows_accepted)

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert results == [3] * 5
    assert multiprocessing.active_children() == []


# --- the page and the command line --------------------------------------------------------------


def test_the_page_gets_a_refusal_value_for_the_bomb_and_for_a_bug(monkeypatch):
    outcome = data_admin.parse_upload(cell_bomb(), "花名册.xlsx")
    assert outcome.parsed is None and outcome.refused.code == "err.limit_cells"

    def bug(*_: object, **__: object) -> None:
        raise sandbox.ParserBug("KeyError: 'unit'", "Traceback …")

    monkeypatch.setattr(data_admin, "parse_in_child", bug)
    outcome = data_admin.parse_upload(b"x", "x.csv")
    assert outcome.refused.code == "err.unreadable" and outcome.refused.params == {"detail": "KeyError: 'unit'"}


def test_the_cli_refuses_the_bomb_with_exit_code_2(tmp_path, capsys):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(cell_bomb())
    rc = cli.main(["import", str(path), "--db", str(tmp_path / "db.duckdb")])
    err = capsys.readouterr().err
    assert rc == 2
    assert "超过上限 16,777,216 个单元格" in err and "未导入任何文件" in err and "Traceback" not in err


def test_a_bug_in_the_cli_is_one_chinese_line_and_exit_code_1(tmp_path, capsys, monkeypatch):
    def broken(*_: object) -> int:
        raise KeyError("unit")

    monkeypatch.setattr(cli, "_import", broken)
    monkeypatch.delenv("OUTREACH_DEBUG", raising=False)
    rc = cli.main(["import", str(tmp_path / "x.xlsx"), "--db", str(tmp_path / "db.duckdb")])
    err = capsys.readouterr().err
    assert rc == 1
    assert err.strip().splitlines() == [
        "程序内部出错（KeyError: 'unit'），这不是文件或命令的问题。请把这条消息和所用的文件发给维护人员；"
        "设置环境变量 OUTREACH_DEBUG=1 后重试可看到详细信息。"]
    monkeypatch.setenv("OUTREACH_DEBUG", "1")
    with pytest.raises(KeyError):
        cli.main(["import", str(tmp_path / "x.xlsx"), "--db", str(tmp_path / "db.duckdb")])


def test_fuzz_bombs_through_the_child_end_in_refusals():
    """Each bomb of the fuzz suite, one by one, with the code it must be refused with."""
    expected = {0: "err.zip_bomb", 1: "err.unreadable", 2: "err.zip_bomb", 3: "err.limit_zip_entries",
                4: "err.xml_dtd", 5: "err.xml_dtd", 6: "err.xml_dtd", 7: "err.xml_dtd", 8: "err.xml_dtd",
                9: "err.xml_dtd", 10: "err.xml_dtd", 12: "err.unreadable", 13: "err.limit_zip_entries",
                14: "err.unreadable", 15: "err.unreadable", 16: "err.unreadable", 17: "err.unreadable",
                18: "err.unreadable"}
    for n, code in expected.items():
        case = fi.case(f"bomb:{n}")
        with pytest.raises(ImportRefused) as exc:
            sandbox.parse_in_child(case.data, case.file_name)
        assert exc.value.issue.code == code, (case.id, str(exc.value))


def test_a_150_mb_one_cell_csv_is_refused_by_the_cell_cap_not_by_memory():
    """It was a MemoryError: io.StringIO held the text at 4 bytes a character (600 MB) under the cap."""
    data = ("姓名,单位\r\n张三,\"" + "x" * 150_000_000 + "\"\r\n").encode()
    with pytest.raises(ImportRefused) as exc:
        sandbox.parse_in_child(data, "台账.csv")
    assert exc.value.issue.code == "err.limit_cell_chars" and exc.value.issue.row == 2


def test_fuzz_far_cells_through_the_child_end_as_expected():
    """Each far-away cell of the fuzz suite, through the child (a check that let one through would
    otherwise abort the test process itself)."""
    parsed = {9, 10}  # under the cap; formatting only
    for n in range(fi.FARS):
        case = fi.case(f"dim:{n}")
        if n in parsed:
            assert sandbox.parse_in_child(case.data, case.file_name).rows_accepted == 8, case.id
            continue
        with pytest.raises(ImportRefused) as exc:
            sandbox.parse_in_child(case.data, case.file_name)
        expected = ({"err.limit_declared_cells"} if n == 11
                    else {"err.limit_cells", "err.limit_rows", "err.limit_sheet_columns"})
        assert exc.value.issue.code in expected, (case.id, str(exc.value))
