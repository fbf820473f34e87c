"""All the text an AppTest run put on screen, to look for names that must not be there."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

# Fields that identify an element or a file rather than show text: `id`, `url` and every `*_id` or
# `*_hash` (form_id, fragment_id, deferred_file_id, page_script_hash, ...). Their values are hashes
# or random hex, some of the file's bytes, so a run of eleven decimal digits turns up in one now and
# then and looks like a phone number to a test that searches the page. Matching by the name's shape
# rather than a list keeps a field added by a newer Streamlit out too.
_IDENTIFIER_FIELD = re.compile(r'^\s*(id|url|\w+_id|\w+_hash): ".*"$', re.MULTILINE)


def everything(at: AppTest) -> str:
    """Every text the run put on screen: element protos (labels, markdown, messages, metric values, widget
    options), every table's cells and every chart's data."""
    parts: list[str] = []
    for node in at._tree:
        _walk(node, parts)
    return "\n".join(parts)


def _walk(node, parts: list[str]) -> None:
    kind = getattr(node, "type", None)
    if kind in ("dataframe", "table"):
        parts.append(node.value.to_string())
    elif hasattr(node, "proto") and node.proto is not None:
        parts.append(_IDENTIFIER_FIELD.sub("", str(node.proto)))
        spec = getattr(node.proto, "spec", None)
        if isinstance(spec, str) and spec.startswith("{"):  # a Plotly figure: JSON, maybe \\u-escaped
            parts.append(json.dumps(json.loads(spec), ensure_ascii=False))
    for child in getattr(node, "children", {}).values():
        _walk(child, parts)
