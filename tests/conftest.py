import sys
from pathlib import Path

# Plain `pytest` from the repo root imports the package the same way `python -m pytest` does.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


import pytest


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test: Playwright's sync API allows one running instance
    per thread, so a second module-level `sync_playwright()` would fail while this one is open."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import launch_browser

    with sync_playwright() as pw:
        b = launch_browser(pw)
        yield b
        b.close()
