"""st.file_uploader in the viewer's language.

Streamlit 1.67 writes its own English inside the drop zone — the "Upload" button, "200MB per file •
XLSX, CSV" beside it, and "Drag and drop files here" over it while a file is dragged in — and has no
setting for it. :func:`file_uploader` draws the uploader with a few lines of CSS scoped to its key
(Streamlit puts ``st-key-<key>`` on the widget's container) that hide those three texts and show ours
in their place through ``::after`` content, from the translation table. The hidden texts are
``visibility: hidden`` and take no room, so neither a reader nor a screen reader nor ``innerText``
meets them. The limit shown is the one the widget enforces: it is passed to the uploader as its
``max_upload_size`` — ``server.maxUploadSize`` (.streamlit/config.toml), capped by our own reader's
limit where the caller gives one (outreach.ingest.readers.MAX_BYTES for spreadsheets).

Only the three texts are replaced. Streamlit's own messages for a refused file ("File must be 200.0MB
or smaller.", "… files are not allowed.") vary with the file and stay as Streamlit writes them; the
caption tells the limit and the types beforehand.
"""

from __future__ import annotations

import re

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from outreach.i18n import t

# Where Streamlit 1.67 puts each text (data-testid where it has one, else the structure around it).
_ZONE = '[data-testid="stFileUploaderDropzone"]'
_INSTRUCTIONS = '[data-testid="stFileUploaderDropzoneInstructions"] span'
_BUTTON = f'{_ZONE} > span button [data-testid="stMarkdownContainer"] p'
_DRAG_OVERLAY = f"{_ZONE} > div:not([data-testid]) > span"
_SIZE = "0.875rem"  # Streamlit's small text, which all three use


def limit_mb(cap_mb: int | None = None) -> int:
    """The largest file the uploader takes, in MB: server.maxUploadSize, or ``cap_mb`` if smaller."""
    configured = int(st.get_option("server.maxUploadSize"))
    return min(configured, cap_mb) if cap_mb else configured


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: quoted, with quotes, backslashes, line breaks and '<' escaped
    (so that no text can end the <style> element or the declaration)."""
    return '"' + re.sub(r'[\\"<>\n\r]', lambda m: f"\\{ord(m.group()):x} ", text) + '"'


def instructions(lang: str, types: list[str] | tuple[str, ...] | None, limit: int) -> str:
    """What the drop zone says beside its button: 'Drag and drop files here · up to 200 MB per file · XLSX, CSV'."""
    kinds = t("fmt.list_sep", lang).join(x.lstrip(".").upper() for x in types or ())
    return t("upload.instructions" if kinds else "upload.instructions_any", lang, limit=limit, types=kinds)


def css(key: str, lang: str, types: list[str] | tuple[str, ...] | None, limit: int) -> str:
    """The rules that put our texts in the uploader whose key is ``key``."""
    scope = f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}"
    rules = []
    for where, text in ((_INSTRUCTIONS, instructions(lang, types, limit)), (_BUTTON, t("upload.button", lang)),
                        (_DRAG_OVERLAY, t("upload.drop", lang))):
        rules.append(f"{scope} {where} {{ visibility: hidden; font-size: 0; }}")
        rules.append(f"{scope} {where}::after {{ content: {css_string(text)}; visibility: visible; "
                     f"font-size: {_SIZE}; }}")
    return "\n".join(rules)


def file_uploader(lang: str, label: str, key: str, types: list[str] | tuple[str, ...] | None = None,
                  cap_mb: int | None = None, **kwargs: object) -> UploadedFile | list[UploadedFile] | None:
    """``st.file_uploader`` with its texts in ``lang`` and its limit (see :func:`limit_mb`) enforced
    and shown; other arguments go to Streamlit as they are."""
    limit = limit_mb(cap_mb)
    st.html(f"<style>{css(key, lang, types, limit)}</style>")
    return st.file_uploader(label, type=list(types) if types else None, key=key, max_upload_size=limit, **kwargs)
