"""The real app in headless Chromium: `streamlit run app.py` on loopback, clicked through like a person.

Run alone with `python -m pytest -q -m browser`. Screenshots land in test-artifacts/ (git-ignored);
`UPDATE_DOCS=1` also refreshes docs/overview.png for the README.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from outreach.i18n import TEXT
from tests.browser_support import (
    ARTIFACTS,
    ROOT,
    StreamlitServer,
    assert_no_exception,
    full_screenshot,
    metric_value,
    offline_page,
    open_page,
    page_urls,
    serving,
    summary_json,
    wait_charts_drawn,
    wait_idle,
)

pytestmark = pytest.mark.browser


def zh(key: str) -> str:
    return TEXT[key][0]


# --- fixtures ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    """One server for the session, on an empty database of its own."""
    with serving(tmp_path_factory.mktemp("app_server") / "outreach.duckdb") as server:
        yield server


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[StreamlitServer]:
    """A server that has served nothing yet, on an empty database; a test may stop it early."""
    with serving(tmp_path / "fresh.duckdb") as server:
        yield server


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh 1400×900 tab; afterwards its last view is kept in test-artifacts/last-<test>.png and any
    attempt to load something from outside the machine fails the test (the app must work offline)."""
    with offline_page(browser, keepsake=request.node.name) as tab:
        yield tab


def sidebar_links(page: Page) -> list[str]:
    return [t.strip() for t in page.locator('[data-testid="stSidebar"] a').all_inner_texts()]


def load_demo_if_offered(page: Page, server: StreamlitServer) -> None:
    """Overview with the demo loaded: click 载入演示数据 when the database is still empty."""
    open_page(page, server.url + "/")
    button = page.get_by_role("button", name=zh("shell.load_demo"))
    if button.count():
        button.click()
        expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
        wait_idle(page)


# --- a. deep link on a fresh server ------------------------------------------------------------------------

def test_deep_link_first_request_shows_our_menu(fresh_server: StreamlitServer, page: Page) -> None:
    """/data is the first page this server ever serves: our menu must be there, the automatic one not."""
    assert (ROOT / "pages" / "data.py").is_file(), "pages/data.py is not written yet"
    open_page(page, fresh_server.url + "/data")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_be_visible()
    expect(sidebar.get_by_role("link", name=re.compile(zh("page.overview")))).to_be_visible()
    expect(sidebar.get_by_role("link", name=re.compile(zh("page.data")))).to_be_visible()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    assert_no_exception(page)
    # The menu works from there: back to the overview, still our menu only.
    sidebar.get_by_role("link", name=re.compile(zh("page.overview"))).click()
    expect(page.get_by_role("heading", name=zh("page.overview"))).to_be_visible()
    wait_idle(page)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    assert_no_exception(page)


# --- b. empty database → demo -----------------------------------------------------------------------------

DEMO_MEMBERS = "224"  # `python -m outreach demo && python -m outreach summary --json` → "members": 224


def test_empty_database_offers_demo(app_server: StreamlitServer, page: Page) -> None:
    open_page(page, app_server.url + "/")
    expect(page.get_by_text(zh("shell.db_empty"))).to_be_visible()
    button = page.get_by_role("button", name=zh("shell.load_demo"))
    expect(button).to_be_visible()
    assert_no_exception(page)
    button.click()
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
    wait_idle(page)
    assert metric_value(page, zh("ov.members")) == DEMO_MEMBERS
    expect(page.get_by_role("button", name=zh("shell.load_demo"))).to_have_count(0)
    assert_no_exception(page)


# --- c. upload through the real file widget ----------------------------------------------------------------

ROSTER_ROWS = [
    ["姓名", "单位", "县区", "角色", "手机号"],
    ["张三", "测试一中", "测试县", "骨干", "13800000001"],
    ["李四", "测试一中", "测试县", "网宣员", "13800000002"],
    ["王五", "测试一中", "测试县", "联络员", "13800000003"],
    ["赵六", "测试二中", "样例区", "网宣员", "13800000004"],
    ["钱七", "测试二中", "样例区", "网宣员", "13800000005"],
]
ACTIVITY_ROWS = [
    ["日期", "姓名", "单位", "类型", "平台", "数量"],
    ["2024-03-05", "张三", "测试一中", "转发", "微信", 4],
    ["2024-03-06", "李四", "测试一中", "评论", "微博", 3],
    ["2024-03-07", "赵六", "测试二中", "原创", "微信", 2],
    ["2024-03-08", "孙八", "测试二中", "舆情报送", "QQ", 1],  # not on the roster: kept, flagged unmatched
]
# By hand: 5 people on the roster in 2 units; 4 + 3 + 2 + 1 = 10 actions, one of them opinion reports.
EXPECTED = {"members": 5, "units": 2, "actions": 10, "opinion_reports": 1, "unmatched_rows": 1}


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def confirm_label() -> re.Pattern[str]:
    """The confirm buttons' captions from the translation table, as pages/data.py shows them: one per
    file (dp.confirm) and, with several files ready, one for all (dp.confirm_all, "{n}" a number)."""
    keys = [k for k in ("dp.confirm", "dp.confirm_all") if k in TEXT]
    assert keys, "no dp.confirm caption in outreach/i18n.py"
    captions = [re.escape(TEXT[k][0]).replace(re.escape("{n}"), r"\d+") for k in keys]
    return re.compile("|".join(captions))  # not anchored: a button's name includes its icon's ligature


def test_upload_through_the_widget(fresh_server: StreamlitServer, page: Page, tmp_path: Path) -> None:
    roster = write_xlsx(tmp_path / "花名册_测试.xlsx", ROSTER_ROWS)
    activity = write_xlsx(tmp_path / "工作台账_2024年3月.xlsx", ACTIVITY_ROWS)

    open_page(page, fresh_server.url + "/data")
    assert_no_exception(page)
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"], input[type=file]').first
    uploader.set_input_files([str(roster), str(activity)])
    # The preview names both files and shows their rows before anything is written.
    expect(page.get_by_text(roster.name).first).to_be_visible()
    expect(page.get_by_text(activity.name).first).to_be_visible()
    confirm = page.get_by_role("button", name=confirm_label())
    expect(confirm.first).to_be_visible()
    wait_idle(page)
    assert_no_exception(page)
    ARTIFACTS.mkdir(exist_ok=True)
    full_screenshot(page, ARTIFACTS / "upload-preview-full.png")

    clicked = 0
    while clicked < 5:  # one button for all files, or one per file: click until none is left to click
        enabled = [b for b in confirm.all() if b.is_visible() and b.is_enabled()]
        if not enabled:
            break
        enabled[0].click()
        clicked += 1
        page.wait_for_timeout(300)
        wait_idle(page)
        assert_no_exception(page)
    assert clicked, "no confirm button could be clicked"

    open_page(page, fresh_server.url + "/")
    assert_no_exception(page)
    assert metric_value(page, zh("ov.members")) == str(EXPECTED["members"])
    assert metric_value(page, zh("ov.units")) == str(EXPECTED["units"])
    assert metric_value(page, zh("ov.actions")) == str(EXPECTED["actions"])
    assert metric_value(page, zh("ov.opinion_reports")) == str(EXPECTED["opinion_reports"])

    fresh_server.stop()  # DuckDB lets one process hold the file
    figures = summary_json(fresh_server.db)
    assert {k: figures[k] for k in EXPECTED if k != "opinion_reports"} == {
        k: v for k, v in EXPECTED.items() if k != "opinion_reports"}
    assert figures["actions_by_type"]["opinion_report"] == EXPECTED["opinion_reports"]
    assert figures["batches"] == 2


# --- d. every page with the demo loaded, screenshots ---------------------------------------------------------

def test_every_page_renders_with_demo(app_server: StreamlitServer, page: Page) -> None:
    load_demo_if_offered(page, app_server)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in page_urls().items():
        open_page(page, app_server.url + path)
        if name != "meeting":  # the meeting page is a presentation: no sidebar (tests/test_meeting_browser.py)
            expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
        if name == "overview":
            assert metric_value(page, zh("ov.members")) == DEMO_MEMBERS
            assert wait_charts_drawn(page, minimum=1) >= 1
        elif page.locator('[data-testid="stPlotlyChart"]').count():
            wait_charts_drawn(page, minimum=1)
        wait_idle(page)
        assert_no_exception(page)
        expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
        shot = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(shot))
        full_screenshot(page, ARTIFACTS / f"{name}-full.png")
        if name == "overview" and os.environ.get("UPDATE_DOCS") == "1":
            (ROOT / "docs").mkdir(exist_ok=True)
            shutil.copyfile(shot, ROOT / "docs" / "overview.png")
        # Every tab of the page too (the first one is already on the screenshots above).
        tabs = page.locator('[data-testid="stTabs"] [role="tab"]')
        for i in range(1, tabs.count()):
            tabs.nth(i).click()
            page.wait_for_timeout(200)
            wait_idle(page)
            if page.locator('[data-testid="stTabs"] [role="tabpanel"]:visible [data-testid="stPlotlyChart"]').count():
                wait_charts_drawn(page, minimum=1)
            assert_no_exception(page)
            full_screenshot(page, ARTIFACTS / f"{name}-tab{i + 1}-full.png")


# --- e. 队伍: drill down from a county to its units by clicking ----------------------------------------------

@pytest.fixture
def small_team_server(tmp_path: Path) -> Iterator[StreamlitServer]:
    """A server on the small team of tests/small_team.py: 东县 甲单位 (3); 西县 乙单位 (2), 丙单位 (1)."""
    from tests.small_team import build_db

    with serving(build_db(tmp_path / "small.duckdb")) as server:
        yield server


def listed_units(page: Page, expected: set[str]) -> set[str]:
    """The 单位 column of the unit table (the page's first st.dataframe) once it shows ``expected``, or
    what it shows when the wait runs out. The grid draws on a canvas; its accessible table mirrors it."""
    table = page.locator('[data-testid="stDataFrame"]').first
    header = table.locator("th", has_text=re.compile(rf"^{zh('field.unit')}$"))
    expect(header).to_have_count(1)
    column = header.get_attribute("aria-colindex")
    shown: set[str] = set()
    for _ in range(50):
        shown = {t.strip() for t in table.locator(f'td[aria-colindex="{column}"]').all_inner_texts()}
        if shown == expected:
            break
        page.wait_for_timeout(200)
    return shown


def click_bar(page: Page, chart: Locator, category: str) -> None:
    """Click the horizontal bar level with the y-axis label ``category``."""
    tick = chart.locator("g.ytick text").filter(has_text=re.compile(rf"^{re.escape(category)}$")).bounding_box()
    middle = tick["y"] + tick["height"] / 2
    boxes = [b for b in (p.bounding_box() for p in chart.locator("g.point path").all()) if b]
    bar = min(boxes, key=lambda b: abs(b["y"] + b["height"] / 2 - middle))
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)


def click_treemap_cell(page: Page, chart: Locator, label: str) -> None:
    """Click a treemap cell by its label, on its top band: the part of a county not covered by its units."""
    cell = chart.locator("g.slice").filter(has=page.locator("text", has_text=re.compile(rf"^{re.escape(label)}")))
    box = cell.first.locator("path.surface").bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 6)


def test_team_drill_down_by_clicking_a_county_bar(small_team_server: StreamlitServer, page: Page) -> None:
    open_page(page, small_team_server.url + "/team")
    wait_charts_drawn(page)
    everyone = {"甲单位", "乙单位", "丙单位"}
    assert listed_units(page, everyone) == everyone
    county_chart = page.locator('[data-testid="stPlotlyChart"]').first
    click_bar(page, county_chart, "西县")
    expect(page.get_by_role("heading", name=zh("team.units_of").format(county="西县"))).to_be_visible()
    wait_idle(page)
    assert listed_units(page, {"乙单位", "丙单位"}) == {"乙单位", "丙单位"}
    assert_no_exception(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "team-drill-down.png"))
    # The drill-down is in the address: a refresh, or the link sent to a colleague, shows the same county.
    assert query(page) == {"drill": ["西县"]}
    open_page(page, page.url)
    expect(page.get_by_role("heading", name=zh("team.units_of").format(county="西县"))).to_be_visible()
    assert listed_units(page, {"乙单位", "丙单位"}) == {"乙单位", "丙单位"}
    page.get_by_role("button", name=re.compile(zh("team.back"))).click()
    wait_idle(page)
    assert listed_units(page, everyone) == everyone
    assert "drill" not in query(page)  # back to every county: out of the address too


def query(page: Page) -> dict[str, list[str]]:
    """The page's query parameters as the browser's address bar holds them."""
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def test_team_drill_down_by_clicking_a_treemap_county(small_team_server: StreamlitServer, page: Page) -> None:
    """Streamlit 1.67 reports clicks on treemap cells as selections: a county cell drills down like a bar,
    and the root on the treemap's path bar goes back to every county."""
    open_page(page, small_team_server.url + "/team")
    page.get_by_role("radio", name=zh("team.view.treemap")).click()
    wait_idle(page)
    wait_charts_drawn(page)
    treemap = page.locator('[data-testid="stPlotlyChart"]').filter(has=page.locator("g.treemaplayer")).first
    click_treemap_cell(page, treemap, "东县")
    expect(page.get_by_role("heading", name=zh("team.units_of").format(county="东县"))).to_be_visible()
    wait_idle(page)
    assert listed_units(page, {"甲单位"}) == {"甲单位"}
    treemap.locator("g.pathbar").filter(has_text=zh("team.all_counties")).first.click(force=True)
    expect(page.get_by_role("heading", name=zh("team.units_all"))).to_be_visible()
    wait_idle(page)
    assert listed_units(page, {"甲单位", "乙单位", "丙单位"}) == {"甲单位", "乙单位", "丙单位"}
    assert_no_exception(page)



# --- f. the menu carries the filter chosen just before it is clicked ------------------------------------------

def test_menu_link_carries_the_county_just_chosen(small_team_server: StreamlitServer, page: Page) -> None:
    """总览: choose 县区 = 西县, then click 队伍 in the menu. The links were once built from the address of
    the run before the choice: 队伍 opened on the whole city, with no county in its address."""
    open_page(page, small_team_server.url + "/")
    assert metric_value(page, zh("ov.members")) == "6"
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name=zh("field.county")).click()
    page.get_by_role("option", name="西县").click()
    page.keyboard.press("Escape")
    wait_idle(page)
    assert metric_value(page, zh("ov.members")) == "3"  # 赵六, 钱七, 孙九
    assert query(page)["county"] == ["西县"]
    sidebar.get_by_role("link", name=re.compile(zh("page.team"))).click()
    expect(page.get_by_role("heading", name=zh("page.team"), exact=True)).to_be_visible()
    wait_idle(page)
    assert_no_exception(page)
    assert urlsplit(page.url).path == "/team"
    assert query(page).get("county") == ["西县"]
    assert listed_units(page, {"乙单位", "丙单位"}) == {"乙单位", "丙单位"}  # 西县's units, not 东县's 甲单位
    wait_charts_drawn(page)
    bars = page.locator('[data-testid="stPlotlyChart"]').first.locator("g.ytick text").all_text_contents()
    assert [b.strip() for b in bars] == ["西县"]
    expect(sidebar.get_by_text("西县").first).to_be_visible()  # the county filter says so too
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "menu-link-carries-county.png"))
