"""The data behind a chart as a file a person can open: headers in the viewer's language, vocabulary
codes as words, every cell neutralised by outreach.export.

A column ``name`` is headed by the translation ``col.<name>``; a caller may name another key per column
(``columns={"members": "ov.members"}``). Columns with neither keep their name.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from outreach import export, vocab
from outreach.i18n import TEXT, label, t

# Columns holding vocabulary codes, written as the words people use ("repost" → 转发).
_VOCAB: dict[str, tuple[str, ...]] = {
    "type": vocab.ACTIVITY_TYPES, "platform": vocab.PLATFORMS, "role": vocab.ROLES,
}


def header(name: str, lang: str, columns: Mapping[str, str] | None = None) -> str:
    key = (columns or {}).get(name, f"col.{name}")
    return t(key, lang) if key in TEXT else name


def labelled(df: pd.DataFrame, lang: str, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """``df`` with translated headers and vocabulary codes; values already translated pass unchanged."""
    out = df.copy()
    for name, codes in _VOCAB.items():
        if name in out.columns:
            words = {code: label(name, code, lang) for code in codes}
            out[name] = out[name].map(lambda v, words=words: words.get(v, v))
    out.columns = [header(str(c), lang, columns) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame, lang: str, columns: Mapping[str, str] | None = None) -> bytes:
    return export.csv_bytes(labelled(df, lang, columns))


def xlsx_bytes(df: pd.DataFrame, lang: str, title: str | None = None,
               columns: Mapping[str, str] | None = None) -> bytes:
    """One sheet with ``title`` above the table (when given) and a shaded header row."""
    return export.table_xlsx(labelled(df, lang, columns), t("chart.sheet", lang), title)
