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


# --- every store-touching test on both backends ---------------------------------------------------
# A test module that opens a DuckDB file runs twice: on the embedded file, and on the shared store
# (outreach.shared), where each file the test names becomes a local copy of its own store in a throw-away
# PostgreSQL cluster. After a shared run, every store the test wrote is replayed from its log into a new
# copy, which must hold exactly what the test's copy holds: a write that replays differently, or one
# that bypassed the log, fails the test that made it.
BROWSER_MODULES = ("_browser",)


def _touches_store(module) -> bool:
    name = module.__name__.rsplit(".", 1)[-1]
    if any(name.endswith(suffix) for suffix in BROWSER_MODULES):
        return False  # their servers run in subprocesses; tests/test_shared_servers.py covers those
    source = Path(module.__file__).read_text(encoding="utf-8")
    return "store." in source or ".duckdb" in source


def pytest_generate_tests(metafunc):
    from tests import shared_backend

    if not _touches_store(metafunc.module) or getattr(metafunc.function, "_backend_specific", False):
        return
    if "store_backend" not in metafunc.fixturenames:
        metafunc.fixturenames.append("store_backend")
    metafunc.parametrize("store_backend", shared_backend.backends(), indirect=True)


@pytest.fixture(scope="session")
def pg_cluster():
    from tests import pg_cluster

    if not pg_cluster.available():
        pytest.skip("PostgreSQL is not installed (CI installs it: scripts/test.sh)")
    cluster = pg_cluster.Cluster()
    yield cluster
    from outreach.shared import replica

    replica.stop_following()  # no follower left polling a stopped cluster
    cluster.stop()


@pytest.fixture
def store_backend(request, monkeypatch, tmp_path_factory):
    """"file" or "shared" (see above); a test about one backend is marked tests.shared_backend.backend_specific."""
    if request.param == "file":
        yield "file"
        return
    from tests import shared_backend

    router = shared_backend.Router(request.getfixturevalue("pg_cluster"), tmp_path_factory.mktemp("replay"))
    monkeypatch.setattr("outreach.store.connect", router.connect)
    yield "shared"
    router.check_replays()
