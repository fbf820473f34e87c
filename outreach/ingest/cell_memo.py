"""Per-sheet caches of the normalising functions (issue #15): a column of 200k cells holds a few hundred
distinct values, so each function runs once per distinct value of a sheet and the answer is looked up after."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from outreach.ingest import normalise as norm

# False (the tests' slow reference) runs every function on every cell, as the parser did before.
ENABLED = True


class _Raised:
    """What a cached function raised ValueError for."""


_RAISED = _Raised()


class Memo:
    """``fn`` of one cell value, computed once per distinct value. The value's class is part of the key
    (1, 1.0 and True are equal as dict keys but not as cells); a ValueError is remembered and raised again."""

    __slots__ = ("fn", "seen")

    def __init__(self, fn: Callable[[Any], Any]):
        self.fn = fn
        self.seen: dict[tuple[type, Any], Any] = {}

    def __call__(self, value: Any) -> Any:
        key = (value.__class__, value)
        try:
            out = self.seen[key]
        except KeyError:
            try:
                out = self.fn(value)
            except ValueError:
                out = _RAISED
            self.seen[key] = out
        if out is _RAISED:
            raise ValueError(value)
        return out


class StrMemo(dict):
    """``fn`` of a str (or None), once per distinct one: ``memo[s]``. Never holds a ValueError."""

    def __init__(self, fn: Callable[[Any], Any]):
        super().__init__()
        self.fn = fn

    def __missing__(self, key: Any) -> Any:
        out = self[key] = self.fn(key)
        return out


class TextOf(dict):
    """:func:`norm.text` of a non-str cell, keyed by (class, value)."""

    def __missing__(self, key: tuple[type, Any]) -> str | None:
        out = self[key] = norm.text(key[1])
        return out


def memo(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return Memo(fn) if ENABLED else fn


def str_memo(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return StrMemo(fn).__getitem__ if ENABLED else fn
