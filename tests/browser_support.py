"""Helpers for the browser tests: a real `streamlit run` server on loopback, headless Chromium, waits.

Nothing here reaches the internet: the server listens on 127.0.0.1 and every browser request to any
other host is refused (and recorded, so a test can prove the app loads nothing from outside).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 900}
HEALTH_TIMEOUT_S = 60
RUN_TIMEOUT_MS = 60_000  # one script run (the demo load included) on a slow 2-core CI machine


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> str:
    # No proxy: an http_proxy in the environment must not catch loopback traffic.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as response:
        return response.read().decode("utf-8", "replace")


@dataclass
class StreamlitServer:
    """`python -m streamlit run app.py` on a free loopback port with its own database file; its output goes
    to ``log_path`` (default: beside the database, ``<name>.streamlit.log``)."""

    db: Path
    log_path: Path | None = None
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    args: tuple[str, ...] = ()  # more `streamlit run` options, e.g. ("--secrets.files", path)
    env: dict[str, str] = field(default_factory=dict)  # e.g. a shared store: OUTREACH_DB=postgresql://…

    def __post_init__(self) -> None:
        self.log_path = self.log_path or self.db.with_name(f"{self.db.stem}.streamlit.log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StreamlitServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env.update(OUTREACH_DB=str(self.db), PYTHONUNBUFFERED="1", NO_PROXY="127.0.0.1,localhost")
        env.update(self.env)
        cmd = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            # Files edited while the tests run must not trigger reruns or "source changed" prompts.
            "--server.fileWatcherType", "none",
            *self.args,
        ]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                if _get(f"{self.url}/_stcore/health").strip() == "ok":
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit not healthy after {HEALTH_TIMEOUT_S} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Ends the whole process group (idempotent). The database file is free afterwards."""
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def serving(db: Path, **options: Any) -> Iterator[StreamlitServer]:
    """A server on ``db`` (StreamlitServer's ``options``) for the with-block. Its log's tail is printed when it
    stops, where pytest shows it for a test that failed."""
    server = StreamlitServer(db=db, **options).start()
    try:
        yield server
    finally:
        server.stop()
        print(f"--- streamlit log ({server.log_path}) ---\n{server.log_tail()}")


def demo_database(path: Path) -> Path:
    """A new database file at ``path`` holding the demo, imported from data/samples through the normal path."""
    from outreach import store
    from outreach.demo_load import load_demo

    con = store.connect(path)
    try:
        load_demo(con)
    finally:
        con.close()
    return path


def launch_browser(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def new_context(browser: Browser, **options: Any) -> tuple[BrowserContext, list[str]]:
    """A 1400×900 zh-CN context that refuses every request leaving the machine; returns the refused URLs.
    ``options`` go to Playwright's ``new_context`` over those defaults (a phone: viewport, is_mobile …)."""
    refused: list[str] = []
    context = browser.new_context(**{"viewport": VIEWPORT, "locale": "zh-CN", "timezone_id": "Asia/Shanghai",
                                     "accept_downloads": True, **options})

    def guard(route, request) -> None:
        scheme, host = urlsplit(request.url).scheme, urlsplit(request.url).hostname or ""
        if scheme in ("data", "blob") or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            refused.append(request.url)
            route.abort()

    context.route("**/*", guard)
    context.set_default_timeout(RUN_TIMEOUT_MS)
    expect.set_options(timeout=RUN_TIMEOUT_MS)
    return context, refused


@contextlib.contextmanager
def offline_tab(browser: Browser, viewport: dict[str, int] | None = None) -> Iterator[tuple[Page, list[str]]]:
    """A tab in a :func:`new_context` of its own, closed after the block; yields it with the list of URLs
    it was refused."""
    context, refused = new_context(browser)
    try:
        tab = context.new_page()
        if viewport is not None:
            tab.set_viewport_size(viewport)
        yield tab, refused
    finally:
        context.close()


@contextlib.contextmanager
def offline_page(browser: Browser, viewport: dict[str, int] | None = None,
                 keepsake: str | None = None) -> Iterator[Page]:
    """:func:`offline_tab` that fails the test afterwards if the page asked for anything outside the machine
    (the app runs on an intranet: no CDN, no downloads). ``keepsake``: the tab's last view is kept in
    test-artifacts/last-<keepsake>.png (a pytest fixture's block ends the same way when its test failed)."""
    with offline_tab(browser, viewport) as (tab, refused):
        yield tab
        if keepsake is not None:
            ARTIFACTS.mkdir(exist_ok=True)
            try:
                tab.screenshot(path=str(ARTIFACTS / f"last-{keepsake}.png"))
            except Exception as exc:  # a failed keepsake must not hide the test's own result
                print(f"no final screenshot: {exc}")
    assert not refused, f"the page tried to load from outside the machine: {refused}"


# --- waiting for Streamlit ----------------------------------------------------------------------------

APP = '[data-testid="stApp"]'
IDLE = f'{APP}[data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'


def wait_idle(page: Page, timeout_ms: int = RUN_TIMEOUT_MS, settle_ms: int = 400) -> None:
    """Until the script run is over: the app says notRunning, the status widget is gone, and both stay so
    for ``settle_ms`` (a click's rerun may start a moment after the click)."""
    deadline = time.monotonic() + timeout_ms / 1000
    calm_since: float | None = None
    while True:
        idle = page.locator(IDLE).count() == 1 and page.locator('[data-testid="stStatusWidget"]').count() == 0
        now = time.monotonic()
        if idle:
            calm_since = calm_since or now
            if (now - calm_since) * 1000 >= settle_ms:
                return
        else:
            calm_since = None
        if now > deadline:
            state = page.locator(APP).get_attribute("data-test-script-state") if page.locator(APP).count() else "?"
            raise TimeoutError(f"Streamlit still running after {timeout_ms} ms (script state {state})")
        page.wait_for_timeout(100)


def open_page(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(APP, state="attached")
    wait_idle(page)


def assert_no_exception(page: Page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        raise AssertionError(f"{page.url} shows an exception:\n" + "\n---\n".join(exceptions.all_inner_texts()))


def metric_value(page: Page, label: str) -> str:
    """The shown value of the st.metric whose label is exactly ``label``."""
    metric = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))
    expect(metric).to_have_count(1)
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def wait_charts_drawn(page: Page, minimum: int = 1) -> int:
    """Until at least ``minimum`` Plotly charts have drawn their SVG; returns how many are drawn.

    Counted per chart: plotly.js draws two or three ``.main-svg`` layers into each one, so counting
    layers let one drawn chart pass for three while the others were still loading."""
    drawn = ("() => Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"]'))"
             ".filter(c => c.querySelector('.js-plotly-plot .main-svg')).length")
    page.wait_for_function(f"n => ({drawn})() >= n", arg=minimum)
    return page.evaluate(drawn)


def full_screenshot(page: Page, path: Path) -> None:
    """The whole page, not just the viewport: Streamlit scrolls inside stMain, so grow the window to fit."""
    height = page.evaluate(
        "() => Math.max(document.body.scrollHeight, ...Array.from("
        "document.querySelectorAll('[data-testid=\"stMain\"], [data-testid=\"stAppViewContainer\"]'),"
        " e => e.scrollHeight))")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height) + 40)})
    page.wait_for_timeout(600)  # let Plotly relayout to the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    page.wait_for_timeout(300)


# --- pages ----------------------------------------------------------------------------------------------

def page_urls() -> dict[str, str]:
    """Every page that exists: {name: url path}. app.py is '/', pages/NN_name.py is '/name'."""
    urls = {"overview": "/"}
    for script in sorted((ROOT / "pages").glob("*.py")):
        if script.name.startswith("_"):
            continue
        name = re.sub(r"^[0-9]+[_ -]*", "", script.stem)
        urls[name] = f"/{name}"
    return urls


def summary_json(db: Path) -> dict:
    """`python -m outreach summary --json --db DB` (the server must be stopped: DuckDB locks the file)."""
    import json

    out = subprocess.run([sys.executable, "-m", "outreach", "summary", "--json", "--db", str(db)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)
