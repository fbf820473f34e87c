"""Numbers as Chinese readers expect them: 1.2万 above ten thousand, thousands separators below."""

from __future__ import annotations

import datetime as dt

from outreach.i18n import t


def count(n: float | int | None, lang: str = "zh") -> str:
    if n is None:
        return "—"
    if lang == "zh" and abs(n) >= 10_000:
        text = f"{n / 10_000:.1f}".rstrip("0").rstrip(".")
        return f"{text}万"
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.1f}"
    return f"{int(n):,}"


def percent(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def period_span(start: dt.date, end: dt.date, lang: str = "zh") -> str:
    """`2014年05月—2014年09月`, or one month alone."""
    pattern = "%Y年%m月" if lang == "zh" else "%b %Y"
    if start == end:
        return start.strftime(pattern)
    return f"{start.strftime(pattern)}—{end.strftime(pattern)}"


def name_list(names: list[str], lang: str = "zh", limit: int = 12) -> str:
    """Names joined for a sentence, the first ``limit`` only: `甲、乙、丙等 40 个` (the count is said
    elsewhere in the sentence, so a long list never floods a warning box)."""
    sep = t("fmt.list_sep", lang)
    if len(names) <= limit:
        return sep.join(names)
    return sep.join(names[:limit]) + t("fmt.list_more", lang, more=len(names) - limit)
