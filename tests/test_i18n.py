"""The translation table is complete: every literal key the code asks for exists, in both languages."""

from __future__ import annotations

import re
import string

from outreach import store
from outreach.i18n import TEXT, plural_fields, t

# t("key") / page.t("key") / t('key'), first argument a literal dotted key
_CALL = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
SOURCES = ["app.py", "pages", "ui", "outreach"]


def _literal_keys() -> dict[str, str]:
    found: dict[str, str] = {}
    for source in SOURCES:
        path = store.ROOT / source
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            for key in _CALL.findall(file.read_text(encoding="utf-8")):
                found.setdefault(key, str(file.relative_to(store.ROOT)))
    return found


def test_every_literal_key_is_in_the_table():
    keys = _literal_keys()
    assert len(keys) > 100  # the scan finds the calls at all
    missing = {k: f for k, f in keys.items() if k not in TEXT}
    assert not missing


def test_both_languages_present_and_placeholders_agree():
    for key, (zh, en) in TEXT.items():
        assert zh.strip() and en.strip(), key
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (zh, en)]
        # A count that only picks an English word form ({n:has|have}) need not be printed in Chinese.
        assert fields[0] == fields[1] - (plural_fields(en) - fields[0]), key


def test_unknown_key_falls_back_to_the_key_itself():
    assert t("no.such.key") == "no.such.key"
    assert t("page.overview", "en") == "Overview" and t("page.overview") == "总览"
