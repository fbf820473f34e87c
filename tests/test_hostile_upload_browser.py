"""Hostile uploads through the real 数据 page (issue #11): the server survives and imports nothing.

A real `streamlit run` server on a copy of the demo database; headless Chromium uploads, through the
file widget, files that once killed the whole server before any confirm:

- ``far0.xlsx`` — 5 KB, one value in XFD1048576, so calamine sized the sheet at 1,048,576 × 16,384
  cells and asked for 512 GiB (tests/fuzz_inputs.py ``dim:0``);
- ``dimension.xlsx`` — the same request made by the sheet's declared ``<dimension ref="A1:XFD1048576">``
  alone (``dim:11``);
- ``zipbomb.xlsx`` — a 2 MB workbook whose sheet inflates to 1.9 GB (``bomb:0``).

Each test checks that the page shows a Chinese refusal naming the file and the limit, that the server
process is still alive and still serves the 总览 headline figures unchanged, that no batch was written
(the 导入记录 tab while the server runs, `python -m outreach summary` once it is stopped: DuckDB lets
one process hold the file), and that every request the page made stayed on 127.0.0.1.

Run alone with `python -m pytest -q tests/test_hostile_upload_browser.py`; screenshots of the refusals
land in test-artifacts/hostile-upload-*.png.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from outreach.i18n import TEXT
from outreach.ingest.limits import MAX_CELLS, MAX_RATIO
from tests.browser_support import (
    ARTIFACTS,
    StreamlitServer,
    _get,
    assert_no_exception,
    demo_database,
    full_screenshot,
    metric_value,
    new_context,
    open_page,
    serving,
    summary_json,
    wait_idle,
)
from tests.fuzz_inputs import case

pytestmark = pytest.mark.browser

DEMO_MEMBERS = "224"  # as in tests/test_browser.py: the demo's 队伍人数 on the overview
HEADLINES = ("ov.members", "ov.units", "ov.active_members", "ov.active_rate", "ov.actions", "ov.opinion_reports",
             "ov.trained_members")


def zh(key: str) -> str:
    return TEXT[key][0]


@dataclass(frozen=True)
class Hostile:
    case_id: str  # tests/fuzz_inputs.py
    file_name: str  # the name it is uploaded under (the case's own)
    shown: tuple[str, ...]  # what the refusal must say, besides the file name


CELLS = f"{MAX_CELLS:,}"  # 16,777,216: the whole grid of an .xls sheet
HOSTILE = {
    "far-cell": Hostile("dim:0", "far0.xlsx", ("XFD1048576", f"超过上限 {CELLS} 个单元格")),
    "declared-dimension": Hostile("dim:11", "dimension.xlsx", ("A1:XFD1048576", f"超过上限 {CELLS} 个")),
    "zip-bomb": Hostile("bomb:0", "zipbomb.xlsx", (f"超过上限 {MAX_RATIO} 倍", "压缩炸弹")),
}


# --- fixtures ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The demo in a database of its own, and `outreach summary --json` of it (no server holds it yet)."""
    path = demo_database(tmp_path_factory.mktemp("hostile_upload") / "demo.duckdb")
    figures = summary_json(path)
    assert figures["batches"] > 0 and str(figures["members"]) == DEMO_MEMBERS
    return path, figures


@pytest.fixture
def server(demo_db: tuple[Path, dict], tmp_path: Path) -> Iterator[StreamlitServer]:
    """A server of its own on a copy of the demo: a test stops it to read the file with the CLI."""
    with serving(Path(shutil.copy(demo_db[0], tmp_path / "outreach.duckdb"))) as running:
        yield running


@dataclass
class Tab:
    page: Page
    refused: list[str]  # requests to anywhere but this machine (the context aborts them)
    requests: list[str] = field(default_factory=list)  # every request the page made


@pytest.fixture
def tab(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Tab]:
    """A fresh 1400×900 zh-CN tab that refuses and records every request leaving the machine."""
    context, refused = new_context(browser)
    seen = Tab(context.new_page(), refused)
    context.on("request", lambda r: seen.requests.append(r.url))
    yield seen
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        seen.page.screenshot(path=str(ARTIFACTS / f"last-{request.node.name}.png"))
    except Exception as exc:  # a failed keepsake must not hide the test's own result
        print(f"no final screenshot: {exc}")
    context.close()
    assert not refused, f"the page tried to load from outside the machine: {refused}"


# --- reading the page ----------------------------------------------------------------------------------------

def headline_figures(page: Page) -> dict[str, str]:
    return {key: metric_value(page, zh(key)) for key in HEADLINES}


def open_data_tab(page: Page, key: str) -> None:
    page.get_by_role("tab", name=zh(key)).click()
    page.wait_for_timeout(200)
    wait_idle(page)
    assert_no_exception(page)


def batches_shown(page: Page) -> int:
    """How many import batches the 导入记录 tab lists (its caption; 0 when it says nothing was imported)."""
    open_data_tab(page, "dp.tab_history")
    panel = page.locator('[data-testid="stTabs"] [role="tabpanel"]:visible')
    caption = re.escape(zh("dp.history_caption")).replace(re.escape("{n}"), r"(\d+)").replace(
        re.escape("{active}"), r"\d+")
    shown = panel.get_by_text(re.compile(caption))
    if panel.get_by_text(zh("dp.no_history")).count():
        return 0
    expect(shown).to_have_count(1)
    return int(re.search(caption, shown.inner_text())[1])


def confirm_buttons(page: Page):
    """The confirm buttons (one per file, or one for all), whatever their state."""
    captions = [re.escape(zh(k)).replace(re.escape("{n}"), r"\d+") for k in ("dp.confirm", "dp.confirm_all")]
    return page.get_by_role("button", name=re.compile("|".join(captions)))


def wait_for_refusal(page: Page, server: StreamlitServer, refusal: Locator, timeout_s: float = 60) -> None:
    """Until the refusal shows; fails at once, with the server's log, if the server dies meanwhile
    (what these files did before the sandbox: `memory allocation of 549755813888 bytes failed`)."""
    deadline = time.monotonic() + timeout_s
    while refusal.count() == 0:
        if server.proc.poll() is not None:
            log = server.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
            why = [line for line in log if re.search(r"memory allocation|panicked|Error|Killed", line)][:5]
            pytest.fail(f"the upload killed the server (exit {server.proc.returncode}): " + " / ".join(why))
        if time.monotonic() > deadline:
            pytest.fail(f"no refusal after {timeout_s:g} s; the page shows:\n"
                        + page.locator('[data-testid="stMain"]').inner_text()[-1500:])
        page.wait_for_timeout(200)


def server_answers(server: StreamlitServer) -> None:
    assert server.proc.poll() is None, f"the server died (exit {server.proc.returncode}):\n{server.log_tail()}"
    assert _get(f"{server.url}/_stcore/health", timeout=10).strip() == "ok"


# --- the tests -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", list(HOSTILE))
def test_hostile_upload_is_refused_and_the_server_lives(which: str, server: StreamlitServer, tab: Tab,
                                                        demo_db: tuple[Path, dict], tmp_path: Path) -> None:
    hostile = HOSTILE[which]
    bomb = case(hostile.case_id)
    assert bomb.file_name == hostile.file_name
    upload = tmp_path / "upload" / bomb.file_name
    upload.parent.mkdir()
    upload.write_bytes(bomb.data)
    page, demo = tab.page, demo_db[1]
    clock = {"start": time.monotonic()}

    # Before: the overview's headline figures and the batches the 导入记录 tab lists.
    open_page(page, server.url + "/")
    assert_no_exception(page)
    before = headline_figures(page)
    assert before["ov.members"] == DEMO_MEMBERS
    open_page(page, server.url + "/data")
    assert_no_exception(page)
    assert batches_shown(page) == demo["batches"]

    # Upload through the real widget (as test_browser.test_upload_through_the_widget does).
    open_data_tab(page, "dp.tab_upload")
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"], input[type=file]').first
    clock["upload"] = time.monotonic()
    uploader.set_input_files(str(upload))
    refusal = page.locator('[data-testid="stAlert"]').filter(has_text=f"文件「{bomb.file_name}」")
    wait_for_refusal(page, server, refusal)
    wait_idle(page)
    expect(refusal).to_have_count(1)
    clock["refused"] = time.monotonic()
    assert_no_exception(page)
    text = refusal.inner_text()
    print(f"{which}: the page says: {text}")
    for words in hostile.shown:
        assert words in text, f"the refusal does not say {words!r}: {text}"
    assert re.search(r"[\u4e00-\u9fff]", text) and not re.search(
        r"Traceback|Error|Exception|calamine|panicked|memory allocation", text), text
    expect(page.get_by_text(zh("dp.badge_refused")).first).to_be_visible()
    expect(confirm_buttons(page)).to_have_count(0)  # nothing to confirm: the file never reaches a preview
    ARTIFACTS.mkdir(exist_ok=True)
    refusal.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"hostile-upload-{which}.png"))
    full_screenshot(page, ARTIFACTS / f"hostile-upload-{which}-full.png")

    # The server lives and still answers: the same process, the health check, the overview's figures.
    server_answers(server)
    assert batches_shown(page) == demo["batches"]  # nothing was imported
    open_page(page, server.url + "/")
    assert_no_exception(page)
    assert headline_figures(page) == before
    server_answers(server)
    clock["after"] = time.monotonic()

    # Every request stayed on this machine, the upload itself included.
    hosts = {urlsplit(u).hostname for u in tab.requests if urlsplit(u).scheme not in ("data", "blob")}
    assert hosts == {"127.0.0.1"}, hosts
    assert not tab.refused, tab.refused
    assert any("/_stcore/upload_file/" in u for u in tab.requests), "the file did not go through the widget"

    # The log shows no crash; the database, read by the CLI once the server lets go of it, is the demo's.
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log and "memory allocation" not in log, server.log_tail()
    server.stop()
    after = summary_json(server.db)
    changed = {k: (demo.get(k), after.get(k)) for k in set(demo) | set(after) if demo.get(k) != after.get(k)}
    assert not changed, f"the database changed (demo, now): {changed}"
    print(f"{which}: {len(bomb.data):,} bytes; refusal shown {clock['refused'] - clock['upload']:.1f} s after the "
          f"upload; whole check {clock['after'] - clock['start']:.1f} s")
