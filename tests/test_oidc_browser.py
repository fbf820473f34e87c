"""Signing in through an outside identity provider (OIDC, Streamlit's st.login) in headless Chromium:
a real round trip through a provider on loopback (tests/oidc_provider.py), with the app configured only
by a secrets file, as the README tells an office to do. The person is mapped to a local account by
e-mail; someone the dashboard has no account for is turned away, naming them.

Run alone with `python -m pytest -q -m browser tests/test_oidc_browser.py`."""

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
    free_port,
    offline_page,
    serving,
    wait_idle,
)
from tests.oidc_provider import Provider, secrets_toml
from tests.small_team import build_db

pytestmark = pytest.mark.browser


def zh(key: str, **params: object) -> str:
    text = TEXT[key][0]
    return text.format(**params) if params else text


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StreamlitServer, Provider]]:
    tmp = tmp_path_factory.mktemp("oidc")
    db = build_db(tmp / "outreach.duckdb")
    con = store.connect(db)
    accounts.create_user(con, "admin", "admin", "correct horse 42", by=None)
    accounts.create_user(con, "lin", "leader", "correct horse 42", county="东县", email="lin@example.org", by=None)
    con.close()
    provider = Provider({"email": "Lin@Example.org", "name": "林主任"}).start()
    port = free_port()
    secrets_file = tmp / "secrets.toml"
    secrets_file.write_text(secrets_toml(provider, port), encoding="utf-8")
    with serving(db, port=port, args=("--secrets.files", str(secrets_file))) as server:
        yield server, provider
    provider.stop()
    print(f"--- provider ---\n{provider.log}")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with offline_page(browser) as tab:
        yield tab


def sso(page: Page, server: StreamlitServer) -> None:
    page.goto(server.url + "/team")
    wait_idle(page)
    page.get_by_role("button", name=re.compile(zh("auth.sso"))).click()
    page.wait_for_url(re.compile(re.escape(server.url)))  # through the provider and back
    page.wait_for_timeout(500)
    wait_idle(page)


def test_a_person_with_a_local_account_signs_in_through_the_provider(setup, page: Page) -> None:
    server, provider = setup
    provider.person = {"email": "Lin@Example.org", "name": "林主任"}
    sso(page, server)
    assert_no_exception(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("lin", exact=True)).to_be_visible()  # the local account, by e-mail
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
    html = page.content()
    assert "东县" in html and "西县" not in html  # the account's scope, not the provider's say
    assert "POST /token" in provider.log and "GET /jwks" in provider.log
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "auth-oidc-signed-in.png"))


def test_a_person_without_an_account_is_turned_away(setup, page: Page) -> None:
    server, provider = setup
    provider.person = {"email": "stranger@example.org", "name": "路人"}
    sso(page, server)
    page.screenshot(path=str(ARTIFACTS / "auth-oidc-stranger.png"))
    alert = page.locator('[data-testid="stAlertContentError"]')
    expect(alert).to_be_visible()
    # The e-mail is shown as text: a word joiner keeps Markdown from making it a mailto link.
    assert zh("auth.no_local_account", who="stranger@example.org") in alert.inner_text().replace("\u2060", "")
    expect(page.get_by_label(zh("auth.name"))).to_be_visible()
    for testid in ("stMetric", "stDataFrame", "stPlotlyChart"):
        expect(page.locator(f'[data-testid="{testid}"]')).to_have_count(0)
