"""The browser tests' own guard: a tab that asks for anything outside the machine fails its test."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser_support import offline_page, offline_tab

pytestmark = pytest.mark.browser

OUTSIDE = "http://192.0.2.1/font.woff2"  # TEST-NET-1: never routed, and refused before it is tried


def test_a_request_leaving_the_machine_is_refused_and_fails_the_test(browser: Browser) -> None:
    with pytest.raises(AssertionError, match="outside the machine"), offline_page(browser) as page:
        page.set_content(f'<img src="{OUTSIDE}"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">')


def test_local_and_inline_requests_pass(browser: Browser) -> None:
    with offline_tab(browser, {"width": 390, "height": 844}) as (page, refused):
        page.set_content('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">')
        assert page.viewport_size == {"width": 390, "height": 844}
        page.set_content(f'<img src="{OUTSIDE}">')
    assert refused == [OUTSIDE]
