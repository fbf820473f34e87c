"""The 考评 page in headless Chromium on the tiny team of tests/eval_team.py: the ranking a person sees,
a unit's explanation, and the workbook downloaded through the button (read back: no formula cells)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from outreach import store
from outreach.evaluation import versions
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
from tests.eval_team import RUBRIC, build_db

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    db = build_db(tmp_path_factory.mktemp("eval_browser") / "eval.duckdb")
    con = store.connect(db)
    versions.save(con, RUBRIC, user="测试")
    con.close()
    with serving(db) as running:
        yield running


@pytest.fixture
def page(server: StreamlitServer, browser: Browser) -> Iterator[Page]:
    with offline_page(browser) as tab:
        yield tab


def column(page: Page, header: str, rows: int) -> list[str]:
    """One column of the first table on the open tab, as the grid's accessible table mirrors it."""
    table = page.locator('[role="tabpanel"]:visible [data-testid="stDataFrame"]').first
    head = table.locator("th", has_text=re.compile(rf"^{re.escape(header)}$"))
    expect(head).to_have_count(1)
    index = head.get_attribute("aria-colindex")
    cells: list[str] = []
    for _ in range(50):
        cells = [t.strip() for t in table.locator(f'td[aria-colindex="{index}"]').all_inner_texts()]
        if len(cells) >= rows:
            break
        page.wait_for_timeout(200)
    return cells


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(200)
    wait_idle(page)
    assert_no_exception(page)


def test_ranking_explanation_and_workbook(server: StreamlitServer, page: Page, tmp_path: Path) -> None:
    open_page(page, server.url + "/evaluation")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="考评")).to_be_visible()
    assert column(page, "单位", 5) == ["甲单位", "乙单位", "戊单位", "丙单位", "丁单位"]
    assert column(page, "排名", 5) == ["1", "2", "2", "4", "5"]
    wait_charts_drawn(page, minimum=1)
    ARTIFACTS.mkdir(exist_ok=True)
    full_screenshot(page, ARTIFACTS / "evaluation-small-ranking.png")

    with page.expect_download() as download:
        page.get_by_role("button", name="下载考评表（Excel）").click()
    target = tmp_path / "考评.xlsx"
    download.value.save_as(target)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["汇总", "东县", "西县"]
    assert not [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert [wb["汇总"].cell(r, 2).value for r in range(4, 9)] == ["甲单位", "乙单位", "戊单位", "丙单位", "丁单位"]

    open_tab(page, "单位得分说明")
    expect(page.get_by_text("转发 7 条，封顶后计 5 条 × 1 分 = 5 分")).to_be_visible()
    best = "最好单位 东县 / 乙单位、西县 / 戊单位 为 3.00：1.75 ÷ 3.00 × 40 = 23.33 分"  # units named with their county
    expect(page.get_by_text(best)).to_be_visible()
    wait_charts_drawn(page, minimum=1)
    full_screenshot(page, ARTIFACTS / "evaluation-small-unit.png")
