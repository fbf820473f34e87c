"""Smoke test of a fresh install: load the demo into a new database and render every page once.

Meant for a venv built from requirements.txt alone (`.ci/run` makes one), so a runtime import of a
dev-only package fails here as it would for a user (issue #10). Uses nothing beyond requirements.txt:
no pytest. Prints one line per page; exits 1 if the demo does not load or any page raises.

    python scripts/smoke_fresh_venv.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_TIMEOUT = 120  # seconds for one page's first run; the cold imports (plotly, pandas) come first


def pages() -> list[str]:
    """The entry script, then every page file, as paths relative to the repository."""
    return ["app.py", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))]


def load_demo(db: Path) -> bool:
    """The demo through the CLI, the same path `python -m outreach demo` takes for a user."""
    done = subprocess.run([sys.executable, "-m", "outreach", "demo", "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    print(f"demo  → {db.name}: exit {done.returncode} {done.stdout.strip()}", flush=True)
    if done.returncode:
        print(done.stderr, file=sys.stderr)
    return done.returncode == 0


def render(script: str) -> list[str]:
    """Run one page the way the tests do (tests/small_team.py): app.py is the entry script and other
    pages are switched to, so their links resolve relative to it. Returns what went wrong, if anything."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=PAGE_TIMEOUT)
    if script != "app.py":
        at.switch_page(script)
    at.run(timeout=PAGE_TIMEOUT)
    problems = [e.message for e in at.exception]  # Streamlit has already logged the traceback to stderr
    if script == "app.py" and not problems and not at.metric:
        # Without figures the Overview is offering to load the demo: the database was not the one loaded.
        problems.append("the Overview shows no figures (is OUTREACH_DB read?)")
    return problems


def main() -> int:
    os.chdir(ROOT)  # AppTest reads .streamlit/config.toml from the working directory
    sys.path.insert(0, str(ROOT))  # the pages import ui/ and outreach/ as `streamlit run app.py` lets them
    with tempfile.TemporaryDirectory(prefix="outreach-smoke-") as tmp:
        db = Path(tmp) / "fresh.duckdb"
        if not load_demo(db):
            return 1
        os.environ["OUTREACH_DB"] = str(db)
        failed = []
        for script in pages():
            t0 = time.perf_counter()
            problems = render(script)
            status = "FAILED" if problems else "ok"
            print(f"page  {script}: {status} ({time.perf_counter() - t0:.1f} s)", flush=True)
            for problem in problems:
                print("      " + problem.replace("\n", "\n      "), file=sys.stderr)
            if problems:
                failed.append(script)
    if failed:
        print(f"smoke FAILED on {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
