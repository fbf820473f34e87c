"""The county map in headless Chromium with every request that leaves the machine refused: it draws the
demo city's nine counties from our own boundaries (plotly.js asks for its world base map, and gets the
empty one the app serves), names each with its figure, shows 市本级 beside it, and on the 队伍 page a click
on a county drills into it like the bar chart does. Screenshots: test-artifacts/map-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from playwright.sync_api import Browser, Page, expect

from outreach.i18n import TEXT
from tests.browser_support import (
    ARTIFACTS,
    StreamlitServer,
    assert_no_exception,
    demo_database,
    offline_tab,
    open_page,
    serving,
    wait_idle,
)

pytestmark = pytest.mark.browser
COUNTIES = ("蕉城区", "福安市", "福鼎市", "霞浦县", "古田县", "屏南县", "寿宁县", "周宁县", "柘荣县")
CHOROPLETH = '[data-testid="stPlotlyChart"] path.choroplethlocation'


def zh(key: str, **params: object) -> str:
    text = TEXT[key][0]
    return text.format(**params) if params else text


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    with serving(demo_database(tmp_path_factory.mktemp("map") / "outreach.duckdb")) as server:
        yield server


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    with offline_tab(browser) as tab_and_refused:
        yield tab_and_refused


def county_shapes(page: Page) -> list[dict]:
    page.wait_for_function(f"() => document.querySelectorAll('{CHOROPLETH}').length >= {len(COUNTIES)}")
    return [page.locator(CHOROPLETH).nth(i).bounding_box() for i in range(page.locator(CHOROPLETH).count())]


def test_the_overview_map_draws_the_city_offline(server: StreamlitServer, page) -> None:
    tab, refused = page
    open_page(tab, server.url + "/")
    heading = tab.get_by_role("heading", name=zh("map.title"), exact=True)
    heading.scroll_into_view_if_needed()
    wait_idle(tab)
    shapes = county_shapes(tab)
    assert len(shapes) == len(COUNTIES)
    chart = tab.locator('[data-testid="stPlotlyChart"]').filter(has=tab.locator("path.choroplethlocation"))
    frame = chart.bounding_box()
    for box in shapes:  # each county is a county, not the whole globe around it
        assert 0 < box["width"] < frame["width"] * 0.6 and 0 < box["height"] < frame["height"] * 0.8, box
    labels = " ".join(chart.locator("text").all_text_contents())
    assert all(county in labels for county in COUNTIES)
    city_level = tab.locator('[data-testid="stMetric"]').filter(has_text=zh("map.city_level"))
    expect(city_level).to_be_visible()  # 市本级, beside the map: 40 members in the demo
    expect(city_level.locator('[data-testid="stMetricValue"]')).to_have_text("40")
    assert_no_exception(tab)
    chart.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "map-overview.png"))
    assert not refused, f"the map tried to load from outside the machine: {refused}"


def test_a_click_on_a_county_drills_into_it_on_the_team_page(server: StreamlitServer, page) -> None:
    tab, refused = page
    open_page(tab, server.url + "/team")
    tab.get_by_role("radio", name=TEXT["team.view.map"][0], exact=True).click()
    wait_idle(tab)
    county_shapes(tab)
    # 福安市 is the county whose label sits in it: click the middle of its label.
    label = tab.locator('[data-testid="stPlotlyChart"] text', has_text="福安市").first
    box = label.bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] + 2)
    tab.wait_for_url(re.compile(r"drill="))
    wait_idle(tab)
    assert unquote(tab.url).endswith("drill=福安市")
    expect(tab.get_by_role("heading", name=zh("team.units_of", county="福安市"), exact=True)).to_be_visible()
    assert_no_exception(tab)
    tab.screenshot(path=str(ARTIFACTS / "map-team-drill.png"))
    assert not refused
