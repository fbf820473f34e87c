"""Every page on a phone (390 × 844, a phone's user agent, touch) in headless Chromium on the demo data:
no sideways scrolling, the sidebar closed (on load and after a tap on a menu link), no two visible texts
on top of each other (headings, figures, captions, chart ticks, legends, campaign labels …), and the
headline figures two a row. The same pages at 1440 × 900 keep the desktop layout: the sidebar open, the
figures in one row.

Run alone with `python -m pytest -q -m browser tests/test_phone_browser.py`; screenshots land in
test-artifacts/phone-*.png and test-artifacts/desktop-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from outreach.i18n import TEXT
from tests.browser_support import (
    ARTIFACTS,
    RUN_TIMEOUT_MS,
    StreamlitServer,
    assert_no_exception,
    demo_database,
    full_screenshot,
    new_context,
    offline_page,
    open_page,
    serving,
    wait_idle,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
IPHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Version/17.5 Mobile/15E148 Safari/604.1")
PAGES = {"overview": "/", "team": "/team", "activity": "/activity", "evaluation": "/evaluation",
         "meeting": "/meeting", "data": "/data"}
OVERLAP_PX = 2  # two boxes may touch or share a pixel of anti-aliasing, no more

# The visible texts of the page as boxes: each line of every text node (a run of text, not its block)
# and each line of every <text> Plotly draws in a chart (ticks, legend, bar figures, annotations). A box
# is as tall as its type (1 em, centred on the line): a font's ascent and descent reach past a tight line
# height, glyphs do not. Left out: what is not shown (display none, hidden, transparent, inert as a
# closed expander is, clipped away by an overflow-hidden box), and the data grids, drawn on a canvas.
TEXT_BOXES = """() => {
  const root = document.querySelector('[data-testid="stAppViewContainer"]');
  const shown = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse' || +s.opacity === 0
          || e.hasAttribute('inert') || e.getAttribute('aria-hidden') === 'true') return false;
      if (e.matches('[data-testid="stDataFrame"], [data-testid="stSidebar"][data-collapsed="true"]')) return false;
    }
    return true;
  };
  const clippedAway = (el, r) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.clip && s.clip.startsWith('rect(0')) return true;  // visually hidden (for screen readers only)
      // What a scrolling box holds (the page itself) can be scrolled to: boxes around it clip the box only.
      if (['auto', 'scroll'].includes(s.overflowY) && e.scrollHeight > e.clientHeight) return false;
      if (!['hidden', 'clip'].includes(s.overflowX) && !['hidden', 'clip'].includes(s.overflowY)) continue;
      const c = e.getBoundingClientRect();
      const w = Math.min(r.right, c.right) - Math.max(r.left, c.left);
      const h = Math.min(r.bottom, c.bottom) - Math.max(r.top, c.top);
      if (w < r.width / 2 || h < r.height / 2) return true;
    }
    return false;
  };
  const name = (el) => (el.getAttribute('data-testid') || el.getAttribute('class') || el.tagName).toString();
  const boxes = [];
  const add = (el, r, text) => {
    if (r.width < 1 || r.height < 1 || !shown(el) || clippedAway(el, r)) return;
    const em = parseFloat(getComputedStyle(el).fontSize) || r.height;
    const h = Math.min(r.height, em), y = r.top + (r.height - h) / 2;
    boxes.push({text: text.trim().slice(0, 40), where: name(el), x: r.left, y: y, w: r.width, h: h});
  };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest('svg, style, script')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const line of range.getClientRects()) add(el, line, node.textContent);
  }
  for (const el of root.querySelectorAll('[data-testid="stPlotlyChart"] svg text')) {
    if (!el.textContent.trim()) continue;
    const lines = el.querySelectorAll('tspan.line');  // Plotly's <br>: one tspan a line
    for (const line of lines.length ? lines : [el]) add(el, line.getBoundingClientRect(), line.textContent);
  }
  return boxes;
}"""

LAYOUT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const bar = document.querySelector('[data-testid="stSidebar"]');
  const r = bar ? bar.getBoundingClientRect() : null;
  return {
    pageWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    mainWidth: main.scrollWidth, mainClient: main.clientWidth,
    sidebar: bar ? {collapsed: bar.getAttribute('data-collapsed'), right: r.right, width: r.width} : null,
  };
}"""

FIGURE_ROWS = """(selector) => {
  const tops = [...document.querySelectorAll(selector + ' [data-testid="stMetric"]')]
    .map(m => Math.round(m.getBoundingClientRect().top));
  const rows = new Map();
  for (const t of tops) {
    const row = [...rows.keys()].find(k => Math.abs(k - t) < 8);
    rows.set(row ?? t, (rows.get(row ?? t) || 0) + 1);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]);
}"""


def zh(key: str) -> str:
    return TEXT[key][0]


def header(scope: Page | Locator, name: str) -> Locator:
    """A data grid's column header (the grid draws on a canvas; its accessible table mirrors it)."""
    return scope.locator("th", has_text=re.compile(rf"^{re.escape(name)}$"))


def overlaps(boxes: list[dict]) -> list[str]:
    """Every pair of boxes that share more than OVERLAP_PX in both directions."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if w > OVERLAP_PX and h > OVERLAP_PX:
                found.append(f"{a['text']!r} ({a['where']}) × {b['text']!r} ({b['where']}): {w:.0f}×{h:.0f} px")
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    with serving(demo_database(tmp_path_factory.mktemp("phone") / "outreach.duckdb")) as srv:
        yield srv


def phone_context(browser: Browser) -> tuple[BrowserContext, list[str]]:
    """A phone: 390 × 844, touch, a phone's user agent (the server picks key columns by it); every request
    leaving the machine is refused and recorded, as in any :func:`new_context`."""
    return new_context(browser, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2,
                       user_agent=IPHONE_UA)


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context, refused = phone_context(browser)
    yield context.new_page(), refused
    context.close()


SETTLED = """() => {
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return [charts.length, charts.filter(c => c.querySelector('.js-plotly-plot .main-svg')).length,
          document.querySelectorAll('[data-testid="stElementContainer"]').length,
          document.querySelectorAll('[data-testid="stSkeleton"]').length,
          document.querySelector('[data-testid="stMain"]').scrollHeight];
}"""


def settle(page: Page, calm_ms: int = 1500) -> None:
    """Until the page stops changing: every element drawn (Plotly's code arrives after the script run),
    every chart drawn and relaid out to its width, the same for ``calm_ms``."""
    last, calm_since = None, 0.0
    for _ in range(RUN_TIMEOUT_MS // 100):
        state = page.evaluate(SETTLED)
        now = page.evaluate("() => performance.now()")
        done = state[0] == state[1] and not state[3]
        if state != last or not done:
            last, calm_since = state, now
        elif now - calm_since >= calm_ms:
            return
        page.wait_for_timeout(100)
    raise TimeoutError(f"the page kept changing: {last}")


@pytest.mark.parametrize("name", list(PAGES))
def test_page_reads_on_a_phone(server: StreamlitServer, phone: tuple[Page, list[str]], name: str):
    page, refused = phone
    refused.clear()  # this page's requests only
    open_page(page, server.url + PAGES[name])
    assert_no_exception(page)
    settle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"))

    layout = page.evaluate(LAYOUT)
    assert layout["pageWidth"] <= layout["innerWidth"] + 1, layout  # no sideways scrolling
    assert layout["mainWidth"] <= layout["mainClient"] + 1, layout
    if name != "meeting":  # the meeting page has no sidebar at all
        assert layout["sidebar"]["collapsed"] == "true" and layout["sidebar"]["right"] <= 1, layout

    clashes = overlaps(page.evaluate(TEXT_BOXES))
    full_screenshot(page, ARTIFACTS / f"phone-{name}-full.png")
    assert not clashes, "texts on top of each other:\n" + "\n".join(clashes)

    if name == "overview":
        assert page.evaluate(FIGURE_ROWS, ".st-key-phone-grid-headline") == [2, 2, 2, 1]
    if name == "meeting":  # a phone opens the reading view: the slides' figures down the page, two a row
        expect(page.locator(".mt-stage")).to_have_count(0)
        assert page.evaluate(FIGURE_ROWS, ".st-key-phone-grid-read-0-0") == [2, 2]
    assert not refused


def test_a_menu_tap_closes_the_sidebar(server: StreamlitServer, phone: tuple[Page, list[str]]):
    """Open the sidebar, tap 活动: the activity page shows with the sidebar closed again, and a reload
    does not bring it back."""
    page, _ = phone
    open_page(page, server.url + "/")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    sidebar.locator('[data-testid="stPageLink-NavLink"]', has_text=zh("page.activity")).click()
    page.wait_for_url("**/activity**")
    wait_idle(page)
    expect(page.locator("h1", has_text=zh("page.activity"))).to_be_visible()
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 1

    page.locator('[data-testid="stExpandSidebarButton"]').click()  # left open, then the page reloaded
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    expect(sidebar).to_have_attribute("data-collapsed", "true")


def test_a_phone_gets_key_columns_with_the_rest_on_tap(server: StreamlitServer, phone: tuple[Page, list[str]]):
    """The team page's unit table: 单位 and 队伍人数 on the phone, every column under 更多列."""
    page, _ = phone
    open_page(page, server.url + "/team")
    units = page.locator('[data-testid="stDataFrame"]').filter(has=header(page, zh("field.unit"))).first
    expect(units.locator("table")).to_have_attribute("aria-colcount", "2")  # 单位, 队伍人数
    expect(header(units, zh("field.unit"))).to_have_count(1)
    expect(header(units, zh("ov.members"))).to_have_count(1)
    more = page.locator('[data-testid="stExpander"]').filter(has_text="更多列").first
    more.locator("summary").click()
    everything = more.locator('[data-testid="stDataFrame"] table')
    expect(everything).to_have_attribute("aria-colcount", "5")  # the grid draws the columns in view only
    expect(everything.locator("th").first).to_have_text(zh("field.unit"))  # key columns first, pinned


@pytest.mark.parametrize("name", list(PAGES))
def test_desktop_keeps_its_layout(server: StreamlitServer, browser: Browser, name: str):
    """At 1440 × 900: the sidebar open, the headline figures in one row, nothing scrolling sideways."""
    with offline_page(browser, DESKTOP) as page:
        open_page(page, server.url + PAGES[name])
        assert_no_exception(page)
        settle(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"desktop-{name}.png"))
        full_screenshot(page, ARTIFACTS / f"desktop-{name}-full.png")
        layout = page.evaluate(LAYOUT)
        assert layout["pageWidth"] <= layout["innerWidth"] + 1, layout
        if name != "meeting":
            assert layout["sidebar"]["collapsed"] == "false" and layout["sidebar"]["width"] > 200, layout
        else:
            expect(page.locator(".mt-stage")).to_have_count(1)  # a desktop opens the slides
        if name == "overview":
            assert page.evaluate(FIGURE_ROWS, ".st-key-phone-grid-headline") == [7]
        clashes = overlaps(page.evaluate(TEXT_BOXES))
        assert not clashes, "texts on top of each other:\n" + "\n".join(clashes)
