"""Two Streamlit servers on two ports share one store (outreach.shared), driven through a real browser.

Each server keeps its own local copy; the test checks what a leader sees on the other server, and counts
rows in a third copy that the test opens itself. Expected figures come from the files the test writes."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Browser, Page, expect

from outreach import fmt, store
from outreach.shared import replica as shared_replica
from tests.browser_support import (
    ARTIFACTS,
    StreamlitServer,
    assert_no_exception,
    metric_value,
    offline_page,
    offline_tab,
    open_page,
    serving,
    wait_idle,
)
from tests.test_browser import ACTIVITY_ROWS, EXPECTED, ROSTER_ROWS, confirm_label, write_xlsx, zh

HEADER = ["日期", "姓名", "单位", "类型", "平台", "数量"]


@pytest.fixture
def store_url(pg_cluster) -> str:
    return pg_cluster.create_schema("outreach_server_tests")


@pytest.fixture
def servers(store_url: str, tmp_path: Path) -> Iterator[tuple[StreamlitServer, StreamlitServer]]:
    with contextlib.ExitStack() as running:
        a, b = (running.enter_context(serving(tmp_path / f"{name}.duckdb", env={
            "OUTREACH_DB": store_url, "OUTREACH_REPLICA": str(tmp_path / f"{name}.duckdb")})) for name in "ab")
        yield a, b


def _third_copy(url: str, tmp_path: Path, name: str):
    """The store as a new server would see it: a copy of its own, replayed from the log."""
    return store.connect(url, replica=tmp_path / f"check-{name}.duckdb")


def _upload(page: Page, server: StreamlitServer, files: list[Path]) -> None:
    open_page(page, server.url + "/data")
    page.locator('[data-testid="stFileUploaderDropzoneInput"], input[type=file]').first.set_input_files(
        [str(f) for f in files])
    expect(page.get_by_role("button", name=confirm_label()).first).to_be_visible()
    wait_idle(page)


def _confirm_all(page: Page) -> None:
    confirm = page.get_by_role("button", name=confirm_label())
    for _ in range(5):
        enabled = [b for b in confirm.all() if b.is_visible() and b.is_enabled()]
        if not enabled:
            return
        enabled[0].click()
        page.wait_for_timeout(300)
        wait_idle(page)
        assert_no_exception(page)


def test_an_upload_through_one_server_shows_on_the_other(servers, browser: Browser, tmp_path: Path) -> None:
    a, b = servers
    with offline_page(browser) as page:
        open_page(page, b.url + "/")  # b has served the empty store before the upload
        _upload(page, a, [write_xlsx(tmp_path / "花名册.xlsx", ROSTER_ROWS),
                          write_xlsx(tmp_path / "台账_2024年3月.xlsx", ACTIVITY_ROWS)])
        _confirm_all(page)
        done = time.monotonic()
        time.sleep(2.0)  # the budget: visible on every other server within 2 s
        open_page(page, b.url + "/")
        assert_no_exception(page)
        seen = time.monotonic() - done
        assert metric_value(page, zh("ov.members")) == str(EXPECTED["members"])
        assert metric_value(page, zh("ov.actions")) == str(EXPECTED["actions"])
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "shared-store-second-server.png"))
    print(f"second server showed the upload {seen:.1f} s after the confirm returned")


def test_ten_concurrent_confirms_from_both_servers_give_exact_counts(servers, store_url, browser: Browser,
                                                                     tmp_path: Path) -> None:
    """Ten tabs, five on each server, each with a different unit's month: all ten confirmed at once."""
    a, b = servers
    with contextlib.ExitStack() as open_tabs:
        pages = []
        for i in range(10):
            rows = [HEADER, [f"2024-{i + 1:02d}-05", f"成员{i}", f"单位{i}", "转发", "微信", i + 1],
                    [f"2024-{i + 1:02d}-06", f"成员{i}", f"单位{i}", "评论", "微博", 1]]
            page = open_tabs.enter_context(offline_page(browser))
            _upload(page, a if i % 2 else b, [write_xlsx(tmp_path / f"台账_{i}.xlsx", rows)])
            pages.append(page)
        for page in pages:  # click every confirm before waiting for any
            page.get_by_role("button", name=confirm_label()).first.click()
        for page in pages:
            wait_idle(page)
            assert_no_exception(page)
        check = _third_copy(store_url, tmp_path, "ten")
        assert store.scalar(check, "SELECT count(*) FROM batches WHERE status = 'active'") == 10
        assert store.scalar(check, "SELECT count(*) FROM activity") == 20
        assert store.scalar(check, "SELECT sum(count) FROM activity") == sum(range(1, 11)) + 10
        assert store.scalar(check, "SELECT count(DISTINCT unit) FROM activity") == 10
        time.sleep(2.0)  # the visibility budget
        for server in (a, b):  # both servers show the exact total
            open_page(pages[0], server.url + "/")
            assert_no_exception(pages[0])
            assert metric_value(pages[0], zh("ov.actions")) == str(sum(range(1, 11)) + 10)
    check.close()
    shared_replica.forget(tmp_path / "check-ten.duckdb")


def _lock_held(url: str) -> bool:
    with psycopg.connect(url, autocommit=True) as pg:
        return bool(pg.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")
                    .fetchone()[0])


def test_killing_a_server_mid_import_leaves_the_other_serving_and_the_data_whole(
        servers, store_url, browser: Browser, tmp_path: Path) -> None:
    a, b = servers
    rows = [HEADER] + [[f"2024-05-{1 + k % 28:02d}", f"成员{k}", f"单位{k % 50}", "转发", "微信", 1]
                       for k in range(20_000)]
    with offline_tab(browser) as (page, _):  # its server is killed: what the tab asks for then is moot
        _upload(page, a, [write_xlsx(tmp_path / "台账_大.xlsx", rows)])
        page.get_by_role("button", name=confirm_label()).first.click()
        deadline = time.monotonic() + 60
        while not _lock_held(store_url) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _lock_held(store_url), "the import never took the store's lock"
        os.killpg(a.proc.pid, signal.SIGKILL)  # mid-import: holding the lock, before or after publishing
        a.proc.wait(10)

    check = _third_copy(store_url, tmp_path, "kill")
    batches = store.scalar(check, "SELECT count(*) FROM batches")
    rows_in = store.scalar(check, "SELECT count(*) FROM activity")
    assert (batches, rows_in) in ((0, 0), (1, 20_000)), "an import must land whole or not at all"
    check.close()
    shared_replica.forget(tmp_path / "check-kill.duckdb")

    # b still serves, and can write: the dead server's lock went with its connection.
    with offline_page(browser) as page:
        _upload(page, b, [write_xlsx(tmp_path / "台账_3月.xlsx", ACTIVITY_ROWS)])
        _confirm_all(page)
        open_page(page, b.url + "/")
        assert_no_exception(page)
        assert metric_value(page, zh("ov.actions")) == fmt.count(rows_in + EXPECTED["actions"])
