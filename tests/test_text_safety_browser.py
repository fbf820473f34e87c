"""Data shown as text in a real browser (issue #11): a unit named as a Markdown link or as LaTeX, an HTML
tag as a unit name, a hostile upload file name. Nothing becomes a link, math, an image or a style; the
page shows the characters. Screenshots: test-artifacts/text-as-text-*.png.

Run alone with `python -m pytest -q -m browser tests/test_text_safety_browser.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import hostile_team
from tests.browser_support import (
    ARTIFACTS,
    StreamlitServer,
    assert_no_exception,
    full_screenshot,
    offline_page,
    open_page,
    serving,
    wait_charts_drawn,
    wait_idle,
)
from tests.fixtures import xlsx
from tests.hostile_team import HTML_UNIT, LINK_UNIT, MATH_UNIT, PHONES

pytestmark = pytest.mark.browser
WJ = "\u2060"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    with serving(hostile_team.build_db(tmp_path_factory.mktemp("hostile_server") / "hostile.duckdb")) as server:
        yield server


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with offline_page(browser) as tab:
        yield tab


def shown_text(page: Page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text().replace(WJ, "")


def assert_nothing_interpreted(page: Page) -> None:
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator('a[href*="example.invalid"], a[href^="javascript"]')).to_have_count(0)
    expect(main.locator(".katex, img[src='x'], script")).to_have_count(0)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()  # no injected style hid it


def test_team_page_shows_hostile_unit_names_as_text(server: StreamlitServer, page: Page) -> None:
    open_page(page, f"{server.url}/team")
    assert_no_exception(page)
    wait_charts_drawn(page)
    text = shown_text(page)
    for unit in (LINK_UNIT, MATH_UNIT, HTML_UNIT):
        assert unit in text, unit  # in the quota warnings, character for character
    assert_nothing_interpreted(page)
    # The bar chart's axis shows the names too, as text (Plotly reads tags in labels).
    ticks = page.locator('[data-testid="stPlotlyChart"] .ytick text').all_text_contents()
    expect(page.locator('[data-testid="stPlotlyChart"] a')).to_have_count(0)
    assert ticks
    ARTIFACTS.mkdir(exist_ok=True)
    full_screenshot(page, ARTIFACTS / "text-as-text-team.png")


def test_activity_page_masks_the_training_title(server: StreamlitServer, page: Page) -> None:
    open_page(page, f"{server.url}/activity")
    assert_no_exception(page)
    html = page.content()  # (the table is drawn on a canvas: its cells are checked in test_text_safety.py)
    for number in PHONES:
        assert number not in html
    assert_nothing_interpreted(page)
    ARTIFACTS.mkdir(exist_ok=True)
    full_screenshot(page, ARTIFACTS / "text-as-text-activity.png")


def test_a_hostile_upload_file_name_is_shown_as_text(server: StreamlitServer, page: Page,
                                                     tmp_path: Path) -> None:
    name = ("<style>[data-testid=stSidebar]{display:none}<style>[登录已过期，请重新登录](javascript:alert(1))"
            "$x^2$13812345678.xlsx")
    open_page(page, f"{server.url}/data")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": xlsx([["姓名", "单位"], ["赵六", "甲单位"]])}])
    shown = ("<style>[data-testid=stSidebar]{display:none}<style>[登录已过期，请重新登录](javascript:alert(1))"
             "$x^2$138****5678.xlsx")
    # The upload starts a run of its own: wait for its preview, not merely for the page to be idle.
    page.wait_for_function("([wj, s]) => document.querySelector('[data-testid=\"stMain\"]').innerText"
                           ".replaceAll(wj, '').includes(s)", arg=[WJ, shown])
    wait_idle(page)
    assert_no_exception(page)
    assert shown in shown_text(page)
    assert_nothing_interpreted(page)
    ARTIFACTS.mkdir(exist_ok=True)
    full_screenshot(page, ARTIFACTS / "text-as-text-upload.png")
