"""Data shown as text: names, units, titles, reasons and file names never become Markdown, LaTeX, HTML,
emoji, icons or links in a Streamlit element.

Streamlit renders Markdown in st.markdown / st.caption / st.write, the st.info family, st.toast,
headers, st.table cells, and in every widget label, metric label, expander and tab label and ``help``
tooltip. Any data value that reaches one of those goes through :func:`md_escape` (or :func:`as_text`,
which masks phones and ID numbers first). Plotly reads HTML tags (links included) in every text of a
figure: names on an axis, in a legend or a hover go through :func:`plotly_escape`. Dataframes, select
options and text inputs do not interpret their content and take values as they are.
"""

from __future__ import annotations

import re

from outreach.i18n import t
from outreach.privacy import mask_text

# Backslash-escaped wherever they stand (CommonMark lets a backslash escape any ASCII punctuation):
# emphasis and code (* _ `), links, images and Streamlit's directives, colours and badges ([ ]), raw
# HTML, autolinks and entities (< > &), math ($), strikethrough (~), tables (|), and the backslash.
# A colon before a letter, digit or sign would start a directive (:red, :small), and both colons of
# an emoji shortcode (:smile:) are escaped; other characters only mean something at the start of a
# line (a heading, list, quote or rule) and are escaped there. Escaping no more than this keeps texts
# readable where they are read back as sent (AppTest, logs).
_SPECIAL = re.compile(r"[\\`*_\[\]<>&$~|]")
_TOKEN = re.compile(r":[A-Za-z0-9_+\-]+:|:(?=[A-Za-z0-9_+\-])|[\\`*_\[\]<>&$~|]")
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
# Some rewriting happens after parsing, on the text itself, so no escape can stop it: bare URLs and
# e-mail addresses become links (GFM), :material/name: an icon, :streamlit: the logo, and -> <- <->
# -- >= <= ~= arrows and signs. An invisible word joiner (U+2060) where such a pattern starts keeps
# the text as it is.
_WORD_JOINER = "\u2060"
_REWRITTEN = re.compile(r"(?i:https?)(?=:)|(?i:www)(?=\.)|(?=@)|:(?=material[_/]|streamlit:)"
                        r"|(?<!\S)(?=(?:<->|->|<-|--|>=|<=|~=)(?!\S))[<\-~>]")


def md_escape(text: object) -> str:
    """``text`` backslash-escaped so that Streamlit's Markdown shows it character for character.

    Line breaks become spaces: a value is shown on one line, and a new line could start a heading, a
    list or a quote. What Streamlit rewrites after parsing (a bare URL or e-mail address, an icon or
    logo shortcode, ``->`` and the like) gets an invisible word joiner (U+2060) inside, so it is not
    rewritten. ``None`` gives ``""``."""
    if text is None:
        return ""
    text = _REWRITTEN.sub(lambda m: m.group() + _WORD_JOINER, _LINE_BREAKS.sub(" ", str(text)))
    return _LINE_START.sub(_escape_line_start, _TOKEN.sub(_escape_token, text))


def _escape_token(m: re.Match) -> str:
    token = m.group()
    if len(token) > 1:  # :shortcode:, both colons escaped and what is between them too
        return "\\:" + _SPECIAL.sub(lambda c: "\\" + c.group(), token[1:-1]) + "\\:"
    return "\\" + token


def _escape_line_start(m: re.Match) -> str:
    mark = m.group(2)
    return m.group(1) + (mark + "\\" if mark[0].isdigit() else "\\" + mark)


def as_text(text: object) -> str:
    """A value or a whole message for a Markdown element: phones and ID numbers masked
    (:func:`outreach.privacy.mask_text`), then escaped (:func:`md_escape`). Masking comes first: the
    ``****`` it writes would otherwise read as Markdown emphasis."""
    return md_escape(mask_text(text))


def t_text(key: str, lang: str, /, **params: object) -> str:
    """The translation of ``key`` with every text parameter passed through :func:`as_text`, for a
    message whose own wording is Markdown (``**{name}**``) while the values in it must stay text."""
    return t(key, lang, **{k: as_text(v) if isinstance(v, str) else v for k, v in params.items()})


_PLOTLY_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def plotly_escape(value: object) -> object:
    """A text for a Plotly figure (category, label, legend or hover text) shown as it is: Plotly reads
    ``<a href>``, ``<b>``, ``<br>`` … in every text, so ``&``, ``<`` and ``>`` become entities, which
    it shows as the characters. Phones and ID numbers are masked. Anything but a string is returned
    unchanged (dates and numbers on an axis)."""
    if not isinstance(value, str):
        return value
    text = mask_text(value)
    for char, entity in _PLOTLY_ENTITIES:
        text = text.replace(char, entity)
    return text

