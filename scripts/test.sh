#!/usr/bin/env bash
# The one test command: installs what the tests need (only what is missing), then runs every check:
# ruff, sqlfluff on queries/, and the whole pytest suite, browser tests included. Exits non-zero if
# any check fails (all of them run either way). Quick when everything is already installed.
#
#   bash scripts/test.sh                     # everything
#   bash scripts/test.sh -m "not browser"    # extra arguments go to pytest
set -uo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_INPUT=1

# --- system packages: Chromium (browser tests, chart images), CJK fonts, pdftoppm, and PostgreSQL --
# (every store-touching test also runs on the shared store, in a throw-away cluster: tests/pg_cluster.py)
have_cjk_fonts() {
    compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc" >/dev/null
}
if [[ ! -x /usr/bin/chromium ]] || ! have_cjk_fonts || ! command -v pdftoppm >/dev/null \
        || [[ ! -x /usr/lib/postgresql/15/bin/initdb ]]; then
    echo "== apt-get install chromium fonts-noto-cjk poppler-utils postgresql"
    SUDO=""
    if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium fonts-noto-cjk poppler-utils postgresql >/dev/null; } \
        </dev/null || { echo "apt-get failed" >&2; exit 1; }
fi

# --- Python packages (pinned); pip skips what is already installed at the pinned version ----------
"$PYTHON" -m pip install -q -r requirements-dev.txt </dev/null || { echo "pip install failed" >&2; exit 1; }

# --- checks ----------------------------------------------------------------------------------------
failed=()
run() {
    local name="$1"; shift
    echo "== $name"
    "$@" </dev/null || failed+=("$name")
}
run "ruff check ." "$PYTHON" -m ruff check .
run "sqlfluff lint queries" "$PYTHON" -m sqlfluff lint queries --disable-progress-bar --nocolor
run "pytest" "$PYTHON" -m pytest -q "$@"

if ((${#failed[@]})); then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
fi
