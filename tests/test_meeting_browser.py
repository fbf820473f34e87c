"""The 会议 page in headless Chromium on the demo data (a roster with real-looking phone numbers): every
slide fits its 16:9 stage at 1920 × 1080 and 1280 × 720 with nothing scrolling, no phone number reaches
the page, auto-advance moves on by itself, and the PPTX downloads masked.

Run alone with `python -m pytest -q -m browser tests/test_meeting_browser.py`; screenshots of every
slide land in test-artifacts/meeting-*.png.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Browser, Page, expect
from pptx import Presentation

from outreach import store
from outreach.i18n import TEXT
from tests.browser_support import (
    ARTIFACTS,
    StreamlitServer,
    assert_no_exception,
    demo_database,
    offline_page,
    open_page,
    serving,
    wait_idle,
)

pytestmark = pytest.mark.browser

PHONE = re.compile(r"1[3-9]\d{9}")
SLIDES = ["overview", "team", "map", "trend", "mix", "training", "ranking", "commendations", "quality"]
CHARTS = {"team": 1, "map": 1, "trend": 1, "mix": 2}
STAGE = ".mt-stage"

# Every element of the slide that clips or scrolls: its content must fit (clipped content shows as
# scrollHeight > clientHeight even when overflow is hidden), and the stage must sit inside the window.
OVERFLOWS = """() => {
  const stage = document.querySelector('.mt-stage');
  const bad = [];
  for (const e of [stage, ...stage.querySelectorAll('*')]) {
    const s = getComputedStyle(e);
    if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
    if (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)
      bad.push(`${e.className}: ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`);
  }
  const r = stage.getBoundingClientRect();
  if (r.bottom > window.innerHeight + 1 || r.right > window.innerWidth + 1)
    bad.push(`stage ends at ${r.right}x${r.bottom}`);
  const main = document.querySelector('[data-testid="stMain"]');
  if (main.scrollHeight > main.clientHeight + 1) bad.push(`page scrolls: ${main.scrollHeight} > ${main.clientHeight}`);
  return bad;
}"""


def zh(key: str) -> str:
    return TEXT[key][0]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = demo_database(tmp_path_factory.mktemp("meeting") / "demo.duckdb")
    con = store.connect(path)
    phones = [r[0] for r in con.execute("SELECT phone FROM members WHERE phone IS NOT NULL").fetchall()]
    con.close()
    assert sum(bool(PHONE.fullmatch(p)) for p in phones) > 100  # the test means something only with phones
    return path


@pytest.fixture(scope="module")
def server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    with serving(Path(shutil.copy(demo_db, tmp_path_factory.mktemp("meeting_server") / "outreach.duckdb"))) as srv:
        yield srv


def wait_slide(page: Page, index: int, timeout_ms: int = 60_000) -> str:
    page.wait_for_function(f"() => document.querySelector('{STAGE}')?.dataset.index === '{index}'",
                           timeout=timeout_ms)
    wait_idle(page)
    key = page.locator(STAGE).get_attribute("data-slide")
    images = CHARTS.get(key, 0)
    if images:  # the chart PNGs have loaded
        page.wait_for_function(f"() => [...document.querySelectorAll('{STAGE} img')].filter(i => i.complete && "
                               f"i.naturalWidth > 0).length >= {images}")
    return key


def next_slide(page: Page) -> None:
    page.get_by_role("button", name=re.compile(zh("mt.next"))).click()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_every_slide_fits_its_stage(server: StreamlitServer, browser: Browser, width: int, height: int) -> None:
    with offline_page(browser, {"width": width, "height": height}) as page:
        open_page(page, server.url + "/meeting")
        expect(page.locator('[data-testid="stSidebar"]')).to_have_count(0)  # presentation: no sidebar at all
        ARTIFACTS.mkdir(exist_ok=True)
        for i, expected in enumerate(SLIDES):
            key = wait_slide(page, i)
            assert key == expected
            assert_no_exception(page)
            assert page.evaluate(OVERFLOWS) == [], f"slide {key} at {width}×{height}"
            stage = page.locator(STAGE).bounding_box()
            assert abs(stage["width"] / stage["height"] - 16 / 9) < 0.01
            assert stage["width"] >= 0.75 * width  # the slide uses the screen, not a corner of it
            page.screenshot(path=str(ARTIFACTS / f"meeting-{width}x{height}-{i + 1}-{key}.png"))
            next_slide(page)
        wait_slide(page, 0)  # after the last slide, the first again


def test_dark_theme_screenshots(server: StreamlitServer, browser: Browser) -> None:
    with offline_page(browser, {"width": 1920, "height": 1080}) as page:
        open_page(page, server.url + "/meeting")
        page.get_by_text(zh("mt.dark"), exact=True).click()
        wait_idle(page)
        expect(page.locator(f"{STAGE}.mt-dark")).to_have_count(1)
        background = page.evaluate("() => getComputedStyle(document.querySelector('.mt-stage')).backgroundColor")
        assert background == "rgb(20, 27, 36)"
        for i, key in enumerate(SLIDES):
            assert wait_slide(page, i) == key
            assert page.evaluate(OVERFLOWS) == []
            page.screenshot(path=str(ARTIFACTS / f"meeting-dark-{i + 1}-{key}.png"))
            next_slide(page)


PICKER = """() => [...document.querySelectorAll(
  '[data-testid="stMain"] [data-testid="stSelectbox"] .react-aria-ComboBox > div')].map(
  e => [getComputedStyle(e).backgroundColor, getComputedStyle(e.querySelector('input')).color])"""
DROPDOWN = """() => { const d = document.querySelector('[data-testid="stSelectboxVirtualDropdown"]');
  const o = d.querySelector('[role="option"]:not([data-focused="true"])');
  return [getComputedStyle(d).backgroundColor, getComputedStyle(o).color]; }"""


def test_dark_theme_darkens_the_slide_picker(server: StreamlitServer, browser: Browser) -> None:
    """The slide picker (and the interval box beside the auto-advance) and the picker's open list are
    dark with light text in the dark theme, light in the light one."""
    with offline_page(browser, {"width": 1920, "height": 1080}) as page:
        open_page(page, server.url + "/meeting")
        wait_slide(page, 0)
        assert page.evaluate(PICKER) == [["rgb(248, 248, 247)", "rgba(47, 45, 43, 0.4)"],  # the interval: disabled
                                         ["rgb(248, 248, 247)", "rgb(47, 45, 43)"]]
        page.get_by_text(zh("mt.dark"), exact=True).click()
        wait_idle(page)
        expect(page.locator(f"{STAGE}.mt-dark")).to_have_count(1)
        assert page.evaluate(PICKER) == [["rgb(31, 41, 53)", "rgb(213, 221, 229)"]] * 2
        page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').nth(1).click()  # the slide picker
        expect(page.locator('[data-testid="stSelectboxVirtualDropdown"]')).to_have_count(1)
        assert page.evaluate(DROPDOWN) == ["rgb(31, 41, 53)", "rgb(213, 221, 229)"]
        page.screenshot(path=str(ARTIFACTS / "meeting-dark-picker.png"))


def phones_in_dom(page: Page) -> list[str]:
    return PHONE.findall(page.evaluate("() => document.documentElement.outerHTML"))


@pytest.fixture
def own_server(demo_db: Path, tmp_path: Path) -> Iterator[StreamlitServer]:
    """A server of its own: the test stops it to read what it wrote."""
    with serving(Path(shutil.copy(demo_db, tmp_path / "own.duckdb"))) as srv:
        yield srv


def test_no_phone_number_reaches_the_page(own_server: StreamlitServer, browser: Browser) -> None:
    server = own_server
    with offline_page(browser, {"width": 1400, "height": 900}) as page:
        open_page(page, server.url + "/meeting")
        for i in range(len(SLIDES)):
            wait_slide(page, i)
            assert phones_in_dom(page) == [], SLIDES[i]
            next_slide(page)
        wait_slide(page, 0)
        # Full names after an explicit (recorded) unmask — phone numbers still never.
        page.get_by_role("button", name=re.compile(zh("mt.unmask"))).click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label(zh("mt.unmask_who")).fill("测试主持人")
        dialog.get_by_label(zh("mt.unmask_who")).press("Enter")
        wait_idle(page)
        dialog.get_by_text(zh("mt.unmask_sure")).click()
        wait_idle(page)
        dialog.get_by_role("button", name=zh("mt.unmask_confirm")).click()
        wait_idle(page)
        expect(page.get_by_role("button", name=re.compile(zh("mt.remask")))).to_be_visible()
        for i in range(1, SLIDES.index("commendations") + 1):
            next_slide(page)
            wait_slide(page, i)
        assert page.locator(STAGE).get_attribute("data-slide") == "commendations"
        names = page.locator(f"{STAGE} td").all_inner_texts()
        assert names and not any("*" in n for n in names[::4])  # the 姓名 column, in full now
        assert phones_in_dom(page) == []
        # The 汇报 and its editor: no phone there either.
        page.get_by_text(zh("mt.mode.report"), exact=True).click()
        wait_idle(page)
        editor = page.locator('[data-testid="stTextArea"] textarea')
        expect(editor).to_be_visible()
        assert editor.input_value().startswith(zh("rep.title"))
        assert phones_in_dom(page) == [] and not PHONE.search(editor.input_value())
    server.stop()  # DuckDB lets one process hold the file: read the log once the server is gone
    con = duckdb.connect(str(server.db), read_only=True)
    log = con.execute("SELECT actor, action FROM privacy_log").fetchall()
    con.close()
    assert ("测试主持人", "unmask") in log


def test_auto_advance_moves_the_slides(server: StreamlitServer, browser: Browser) -> None:
    with offline_page(browser, {"width": 1400, "height": 900}) as page:
        open_page(page, server.url + "/meeting")
        wait_slide(page, 0)
        page.get_by_text(zh("mt.play"), exact=True).click()
        wait_idle(page)
        page.get_by_role("combobox", name=zh("mt.interval")).click()
        page.get_by_role("option", name=zh("mt.seconds").format(n=5)).click()
        # No click from here on: the timer alone moves to the second slide and on to the third.
        wait_slide(page, 1, timeout_ms=30_000)
        wait_slide(page, 2, timeout_ms=30_000)
        page.get_by_text(zh("mt.play"), exact=True).click()  # stop: it stays where it is
        wait_idle(page)
        stopped_at = page.locator(STAGE).get_attribute("data-index")
        page.wait_for_timeout(7_000)
        assert page.locator(STAGE).get_attribute("data-index") == stopped_at


def test_pptx_download_is_masked(server: StreamlitServer, browser: Browser) -> None:
    with offline_page(browser, {"width": 1400, "height": 900}) as page:
        open_page(page, server.url + "/meeting")
        page.get_by_text(zh("mt.mode.report"), exact=True).click()
        wait_idle(page)
        with page.expect_download(timeout=180_000) as download:
            page.get_by_role("button", name=re.compile(re.escape(zh("mt.export_pptx")))).click()
        data = Path(download.value.path()).read_bytes()
        deck = Presentation(io.BytesIO(data))
        assert len(deck.slides) >= 8
        texts = "\n".join(c.text for s in deck.slides for sh in s.shapes if sh.has_table
                          for row in sh.table.rows for c in row.cells)
        assert "*" in texts  # commended names, masked
        assert not PHONE.search(texts)
