"""A bad OUTREACH_DB / --db gets one clear sentence, on the page and in the CLI (exit 2), never a
traceback; a missing folder is created only by `demo` and `import`, which say so (issue #11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import ui.shell
from outreach import cli, store
from outreach.i18n import t
from ui.text import md_escape

ROOT = Path(__file__).resolve().parent.parent


def bad_places(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """{case: (path, the message key it must get)}."""
    text = tmp_path / "notes.duckdb"
    text.write_text("这不是数据库\n", encoding="utf-8")
    empty = tmp_path / "empty.duckdb"
    empty.write_bytes(b"")
    damaged = tmp_path / "damaged.duckdb"
    con = duckdb.connect(str(tmp_path / "good.duckdb"))
    con.execute("CREATE TABLE t AS SELECT range AS i FROM range(100000)")
    con.close()
    damaged.write_bytes((tmp_path / "good.duckdb").read_bytes()[:5000])
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE customers (id INTEGER)")  # somebody else's database
    con.close()
    folder = tmp_path / "a_folder"
    folder.mkdir()
    return {
        "text file": (text, "db.err.not_duckdb"),
        "empty file": (empty, "db.err.not_duckdb"),
        "damaged file": (damaged, "db.err.not_duckdb"),
        "another program's database": (foreign, "db.err.not_duckdb"),
        "a folder": (folder, "db.err.directory"),
        "missing folder": (tmp_path / "no" / "such" / "outreach.duckdb", "db.err.no_folder"),
        "under a file": (text / "outreach.duckdb", "db.err.no_folder"),
    }


CASES = ["text file", "empty file", "damaged file", "another program's database", "a folder", "missing folder",
         "under a file"]


def expected(path: Path, key: str, lang: str = "zh") -> str:
    return t(key, lang, path=path.absolute(), folder=path.absolute().parent, reason="")


@pytest.mark.parametrize("case", CASES)
def test_connect_raises_a_message_key(tmp_path, case):
    path, key = bad_places(tmp_path)[case]
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(store.DatabaseUnavailable) as refused:
        store.connect(path)
    assert refused.value.code == key
    assert "请检查 OUTREACH_DB" in refused.value.message("zh")
    assert "check OUTREACH_DB" in refused.value.message("en")
    assert not (tmp_path / "no").exists()  # no folder created
    if before is not None:
        assert path.read_bytes() == before  # the file is left as it was


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", [["summary", "--json"], ["scores"], ["undo", "1"]])
def test_cli_prints_one_sentence_and_exits_2(tmp_path, capsys, case, command):
    path, key = bad_places(tmp_path)[case]
    assert cli.main([*command, "--db", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == expected(path, key)
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("case", ["text file", "a folder", "missing folder"])
def test_cli_as_a_subprocess_shows_no_traceback(tmp_path, case):
    path, key = bad_places(tmp_path)[case]
    env = {**os.environ, "OUTREACH_DB": str(path)}
    run = subprocess.run([sys.executable, "-m", "outreach", "summary"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert run.stderr.strip() == expected(path, key)
    english = subprocess.run([sys.executable, "-m", "outreach", "--lang", "en", "summary"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert english.returncode == 2 and english.stderr.strip() == expected(path, key, "en")


SAMPLE = ROOT / "data" / "samples" / "花名册_市本级.xlsx"


@pytest.mark.parametrize("command", [["demo"], ["import", str(SAMPLE)]])
def test_demo_and_import_create_a_missing_folder_and_say_so(tmp_path, capsys, command):
    path = tmp_path / "new" / "place" / "outreach.duckdb"
    assert cli.main([*command, "--db", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert t("db.created_folder", "zh", folder=path.parent) in out
    assert path.is_file()
    # Run again, the folder is there: nothing said about it.
    cli.main([*command, "--db", str(path)])
    out, _ = capsys.readouterr()
    assert t("db.created_folder", "zh", folder=path.parent) not in out


def test_import_into_a_place_that_cannot_be_created_is_refused(tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    path = blocker / "sub" / "outreach.duckdb"
    assert cli.main(["import", str(SAMPLE), "--db", str(path)]) == 2
    _, err = capsys.readouterr()
    assert err.startswith(f"无法在 {path} 打开或建立数据库（")
    assert "请检查 OUTREACH_DB" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder_is_refused(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert cli.main(["summary", "--db", str(locked / "outreach.duckdb")]) == 2
        _, err = capsys.readouterr()
        assert err.startswith(f"无法在 {locked / 'outreach.duckdb'} 打开或建立数据库（")
    finally:
        locked.chmod(0o700)


def test_the_default_path_still_works_out_of_the_box(tmp_path, monkeypatch):
    """The README's two-command setup: no OUTREACH_DB, data/outreach.duckdb (its folder created if
    missing) opens on the first start."""
    default = tmp_path / "data" / "outreach.duckdb"
    monkeypatch.setattr(store, "DEFAULT_DB", default)
    monkeypatch.delenv("OUTREACH_DB", raising=False)
    con = store.connect()
    assert store.is_empty(con)
    con.close()
    assert default.is_file()


@pytest.mark.parametrize("page", ["app.py", "pages/team.py", "pages/data.py"])
def test_every_page_shows_the_message_instead_of_a_traceback(tmp_path, monkeypatch, page):
    path, key = bad_places(tmp_path)["text file"]
    monkeypatch.setenv("OUTREACH_DB", str(path))
    ui.shell._connection.clear()
    try:
        at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=60)
        if page != "app.py":
            at.switch_page(page)
        at.run()
        assert not at.exception
        assert [e.value for e in at.error] == [md_escape(expected(path, key))]
        assert not at.dataframe and not at.get("plotly_chart")  # the page stopped there
    finally:
        ui.shell._connection.clear()


@pytest.mark.parametrize("command", [["summary"], ["undo", "1"], ["scores"],
                                     ["report", "--period", "2014", "--out", "x.md"]])
def test_a_missing_database_file_is_refused_by_commands_that_only_read_or_undo(tmp_path, capsys, command):
    missing = tmp_path / "outrech.duckdb"  # a typo of outreach.duckdb, in a folder that exists
    assert cli.main([*command, "--db", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == t("db.err.missing", "zh", path=missing.absolute())
    assert not missing.exists()  # nothing was created by the refusal


def test_import_and_demo_still_start_a_new_database_file(tmp_path, capsys):
    target = tmp_path / "new.duckdb"
    assert cli.main(["demo", "--db", str(target)]) == 0
    assert target.exists()
