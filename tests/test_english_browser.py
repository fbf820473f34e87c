"""English that holds, in headless Chromium on the demo data at 1440×900: chosen in the sidebar, English
stays through the menu (the switch still on English) and a reload, with no Chinese in headings, labels,
tabs, metric names or chart legends; the period box says "All months" at once. The data's own names
(units, counties, people, campaigns) stay Chinese, so the checks look at what the interface writes, not
at every character of the page. In Chinese the file uploader's own texts are Chinese too, with the
configured size limit.

Run alone with `python -m pytest -q -m browser tests/test_english_browser.py`; screenshots land in
test-artifacts/english-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from outreach.i18n import t
from tests.browser_support import (
    APP,
    ARTIFACTS,
    StreamlitServer,
    assert_no_exception,
    demo_database,
    full_screenshot,
    offline_page,
    open_page,
    serving,
    wait_charts_drawn,
    wait_idle,
)

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1440, "height": 900}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# What the interface writes (never a data value): headings, widget labels, tabs, metric names, the menu,
# chart legends and the sidebar's captions.
UI_TEXT = ("h1, h2, h3, [data-testid='stWidgetLabel'], [role='tab'], [data-testid='stMetricLabel'], "
           "[data-testid='stPageLink'], .legendtext")
SIDEBAR = '[data-testid="stSidebar"]'
ZONE = '[data-testid="stFileUploaderDropzone"]'
INSTRUCTIONS = '[data-testid="stFileUploaderDropzoneInstructions"] span'


def en(key: str, **params: object) -> str:
    return t(key, "en", **params)


def zh(key: str, **params: object) -> str:
    return t(key, "zh", **params)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    with serving(demo_database(tmp_path_factory.mktemp("english") / "outreach.duckdb")) as srv:
        yield srv


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with offline_page(browser, VIEWPORT) as tab:
        yield tab


def language_chosen(page: Page) -> str:
    """The label of the language the sidebar's switch shows as chosen."""
    radio = page.locator(SIDEBAR).locator('[data-testid="stRadio"]')
    return radio.locator("label:has(input:checked)").inner_text().strip()


def period_shown(page: Page) -> str:
    return page.locator(SIDEBAR).locator('[data-testid="stSelectbox"] input').first.input_value()


def chinese_in_the_interface(page: Page) -> list[str]:
    texts = page.locator(UI_TEXT).evaluate_all("els => els.map(e => e.innerText ?? e.textContent)")  # SVG: no innerText
    texts += page.locator(SIDEBAR).locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    return [x for x in texts if CJK.search(x) and x.strip() not in ("中文", zh("shell.language"))]


def assert_english(page: Page, title_key: str, shown: tuple[str, ...]) -> None:
    expect(page.locator("h1").first).to_have_text(en(title_key))
    assert "lang=en" in page.url
    assert language_chosen(page) == "English"
    assert period_shown(page) == en("preset.all")
    for text in shown:  # known texts of the page, in English
        expect(page.get_by_text(text, exact=True).first).to_be_attached()
    assert chinese_in_the_interface(page) == []
    assert_no_exception(page)


def test_english_holds_through_the_menu_and_a_reload(server: StreamlitServer, page: Page) -> None:
    open_page(page, server.url + "/")
    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    wait_idle(page)
    # Right after the switch, the period box too says it in English (it kept 全部月份 before).
    assert_english(page, "page.overview", (en("ov.by_county"), en("ov.trend"), en("ov.members")))
    ARTIFACTS.mkdir(exist_ok=True)

    pages = (
        ("page.team", (en("team.by_county"), en("team.categories"), en("category.league_cadre"),
                       en("role.core"))),
        ("page.activity", (en("act.trend"), en("act.counties"), en("act.calendar"))),
        ("page.evaluation", (en("eval.tab_ranking"), en("eval.breakdown"), "Team building (20)",
                             "Online outreach (40)")),
    )
    for key, shown in pages:
        page.locator(SIDEBAR).get_by_role("link", name=en(key)).click()
        wait_idle(page)
        wait_charts_drawn(page)
        assert_english(page, key, shown)
        full_screenshot(page, ARTIFACTS / f"english-{key.split('.')[1]}.png")

    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector(APP, state="attached")
    wait_idle(page)
    wait_charts_drawn(page)
    assert_english(page, "page.evaluation", ("Team building (20)",))
    # Back to Chinese, and the period box with it.
    page.locator(SIDEBAR).get_by_text("中文", exact=True).click()
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text(zh("page.evaluation"))
    assert language_chosen(page) == "中文" and period_shown(page) == zh("preset.all")


def after(page: Page, selector: str) -> str:
    """The ``::after`` text of the first element matching ``selector`` (CSS quotes taken off)."""
    content = page.locator(selector).first.evaluate("e => getComputedStyle(e, '::after').content")
    return content[1:-1] if content.startswith('"') else content


def test_the_uploader_speaks_the_viewers_language(server: StreamlitServer, page: Page) -> None:
    open_page(page, server.url + "/data")
    uploader = page.locator('[data-testid="stFileUploader"]').first
    expect(uploader).to_be_visible()
    shown = uploader.inner_text()
    assert "Drag and drop" not in shown and "per file" not in shown and "Upload" not in shown
    assert after(page, INSTRUCTIONS) == zh("upload.instructions", limit=200, types="XLSX、XLSM、XLS、CSV")
    assert after(page, f"{ZONE} button p") == zh("upload.button")
    assert page.locator(INSTRUCTIONS).first.evaluate("e => getComputedStyle(e).visibility") == "hidden"
    ARTIFACTS.mkdir(exist_ok=True)
    uploader.screenshot(path=str(ARTIFACTS / "english-uploader-zh.png"))

    # A file dragged over the zone: Streamlit's "Drag and drop files here" becomes ours.
    transfer = page.evaluate_handle("() => { const d = new DataTransfer();"
                                    " d.items.add(new File(['x'], 'a.csv', {type: 'text/csv'})); return d; }")
    page.locator(ZONE).first.dispatch_event("dragenter", {"dataTransfer": transfer})
    overlay = f"{ZONE} > div:not([data-testid]) > span"
    expect(page.locator(overlay).first).to_be_attached()
    assert "Drag and drop" not in uploader.inner_text()
    assert after(page, overlay) == zh("upload.drop")
    uploader.screenshot(path=str(ARTIFACTS / "english-uploader-zh-dragging.png"))
    page.locator(ZONE).first.dispatch_event("dragleave", {"dataTransfer": transfer})

    page.locator(SIDEBAR).get_by_text("English", exact=True).click()
    wait_idle(page)
    assert after(page, INSTRUCTIONS) == en("upload.instructions", limit=200, types="XLSX, XLSM, XLS, CSV")
    assert after(page, f"{ZONE} button p") == en("upload.button")
    uploader.screenshot(path=str(ARTIFACTS / "english-uploader-en.png"))
