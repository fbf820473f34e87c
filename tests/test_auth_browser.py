"""Accounts in the real app, in headless Chromium (`streamlit run app.py` on loopback), on the demo data
with accounts: an anonymous visitor to /, /team and /data gets the login form and no data; a county
account sees its own county and no other county's name; ten failed logins lock the account.

Run alone with `python -m pytest -q -m browser tests/test_auth_browser.py`; screenshots land in
test-artifacts/auth-*.png (the login page at 1400 × 900 among them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from outreach import accounts, store
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

PASSWORD = "correct horse 42"
COUNTY = "霞浦县"


def zh(key: str, **params: object) -> str:
    text = TEXT[key][0]
    return text.format(**params) if params else text


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StreamlitServer, dict[str, list[str]]]]:
    """One server on the demo data with an admin, a 霞浦县 account and one to lock; and every county's
    units, to look for on the pages."""
    db = demo_database(tmp_path_factory.mktemp("auth_server") / "outreach.duckdb")
    con = store.connect(db)
    for name, role, county in (("admin", "admin", None), ("xiapu", "county_staff", COUNTY),
                               ("victim", "city_staff", None)):
        accounts.create_user(con, name, role, PASSWORD, county=county, by=None)
    units: dict[str, list[str]] = {}
    for county, unit in con.execute("SELECT county, unit FROM units WHERE county IS NOT NULL").fetchall():
        units.setdefault(county, []).append(unit)
    con.close()  # DuckDB: one process at a time holds the file
    assert COUNTY in units and len(units) > 2
    with serving(db) as server:
        yield server, units


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    with offline_page(browser, keepsake=request.node.name) as tab:
        yield tab


def login_form_only(page: Page) -> None:
    expect(page.get_by_label(zh("auth.name"))).to_be_visible()
    expect(page.get_by_label(zh("auth.password"), exact=True)).to_be_visible()
    for testid in ("stMetric", "stDataFrame", "stPlotlyChart", "stTable", "stFileUploader", "stTabs"):
        expect(page.locator(f'[data-testid="{testid}"]')).to_have_count(0)
    expect(page.locator('[data-testid="stSidebar"] a')).to_have_count(0)  # no menu beyond the login
    assert_no_exception(page)


def sign_in(page: Page, name: str, password: str = PASSWORD) -> None:
    page.get_by_label(zh("auth.name")).fill(name)
    page.get_by_label(zh("auth.password"), exact=True).fill(password)
    page.get_by_role("button", name=re.compile(zh("auth.login"))).click()
    page.wait_for_timeout(300)
    wait_idle(page)


def named(html: str, units: dict[str, list[str]], county: str) -> list[str]:
    """The other counties, and their units, that the page names anywhere in its document."""
    found = [c for c in units if c != county and c in html]
    own = set(units[county])
    found += [u for c, us in units.items() if c != county for u in us if u not in own and u in html]
    return found


@pytest.mark.parametrize("path", ["/", "/team", "/data"])
def test_anonymous_visit_shows_the_login_form_and_no_data(places, page: Page, path: str) -> None:
    server, units = places
    open_page(page, server.url + path)
    login_form_only(page)
    html = page.content()
    assert not [c for c in units if c in html]
    assert not [u for us in units.values() for u in us if u in html]
    if path == "/":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "auth-login.png"))  # the viewport, 1400 × 900


def test_signing_in_keeps_the_page_and_filters_asked_for(places, page: Page) -> None:
    server, _ = places
    open_page(page, server.url + f"/team?county={COUNTY}")
    login_form_only(page)
    sign_in(page, "admin")
    expect(page.get_by_role("heading", name=zh("page.team"), exact=True)).to_be_visible()
    assert f"county={COUNTY}" in page.url or "county=%E9%9C%9E%E6%B5%A6%E5%8E%BF" in page.url
    assert_no_exception(page)


def test_county_account_sees_its_county_and_no_other(places, page: Page) -> None:
    server, units = places
    open_page(page, server.url + "/")
    sign_in(page, "xiapu")
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    for link, shot in ((zh("page.overview"), "overview"), (zh("page.team"), "team"), (zh("page.data"), "data"),
                       (zh("page.activity"), "activity")):
        sidebar.get_by_role("link", name=re.compile(link)).click()
        expect(page.get_by_role("heading", name=link, exact=True)).to_be_visible()
        page.wait_for_timeout(300)
        wait_idle(page)
        assert_no_exception(page)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')")
        html = page.content()
        assert COUNTY in html or link == zh("page.data"), link
        assert not named(html, units, COUNTY), (link, named(html, units, COUNTY)[:10])
        page.screenshot(path=str(ARTIFACTS / f"auth-county-{shot}.png"))
    expect(sidebar.get_by_role("link", name=re.compile(zh("page.admin")))).to_have_count(0)


def test_a_reload_and_a_new_tab_stay_signed_in_until_sign_out(places, page: Page) -> None:
    server, _ = places
    open_page(page, server.url + "/")
    sign_in(page, "admin")
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert "outreach_session" in cookies and cookies["outreach_session"]["sameSite"] == "Strict"
    assert cookies["outreach_session"]["expires"] == -1  # ends with the browser
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("heading", name=zh("page.overview"), exact=True)).to_be_visible()
    other = page.context.new_page()
    open_page(other, server.url + "/team")  # typed into a new tab's address bar
    expect(other.get_by_role("heading", name=zh("page.team"), exact=True)).to_be_visible()
    assert_no_exception(other)
    other.locator('[data-testid="stSidebar"]').get_by_role("button", name=re.compile(zh("auth.logout"))).click()
    wait_idle(other)
    login_form_only(other)
    assert "outreach_session" not in {c["name"] for c in page.context.cookies()}
    page.reload()  # the first tab, with no cookie now
    wait_idle(page)
    login_form_only(page)


def test_ten_failed_logins_lock_the_account(places, page: Page) -> None:
    server, _ = places
    open_page(page, server.url + "/")
    for attempt in range(1, 11):
        sign_in(page, "victim", "not the password")
        error = page.locator('[data-testid="stAlertContentError"]').last.inner_text()
        if attempt < 5:
            assert zh("login.err.invalid") in error, (attempt, error)
        elif attempt < 10:
            assert "秒后再试" in error, (attempt, error)  # the growing wait
    expect(page.get_by_text(zh("login.err.locked"))).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "auth-locked.png"))
    sign_in(page, "victim")  # the right password no longer helps
    expect(page.get_by_text(zh("login.err.locked"))).to_be_visible()
    login_form_only(page)


def test_admin_page_lists_accounts_and_the_log(places, page: Page) -> None:
    server, _ = places
    open_page(page, server.url + "/")
    sign_in(page, "admin")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("link", name=re.compile(zh("page.admin"))).click()
    expect(page.get_by_role("heading", name=zh("page.admin"), exact=True)).to_be_visible()
    wait_idle(page)
    assert_no_exception(page)
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    assert "$argon2" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "auth-admin-users.png"))
    page.get_by_role("tab", name=zh("admin.tab_audit")).click()
    page.wait_for_timeout(300)
    wait_idle(page)
    assert_no_exception(page)
    expect(page.get_by_role("button", name=re.compile(zh("admin.audit_csv")))).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "auth-admin-audit.png"))
