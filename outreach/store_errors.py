"""The refusals the store raises, in a module of their own: the embedded file (outreach.store) and the
shared store (outreach.shared) both raise them, and neither imports the other's internals."""

from __future__ import annotations

from outreach.i18n import t


class StoreError(Exception):
    """A refusal about the database itself. ``code`` is a translation key and ``params`` fill it in;
    :meth:`message` renders it in the viewer's language (the core returns keys only)."""

    def __init__(self, code: str, **params: object):
        super().__init__(t(code, "en", **params))
        self.code = code
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return t(self.code, lang, **self.params)


class DatabaseUnavailable(StoreError):
    """The database file cannot be used: a folder, not a DuckDB file (or a damaged one), a folder that
    does not exist, a place that cannot be written, or a file another process holds (``db.err.in_use_*``:
    DuckDB lets one process at a time open a file for writing)."""


class WriteFailed(StoreError):
    """A write that did not get its turn, or kept meeting a conflicting write: nothing was written
    (``db.err.write_conflict``, ``db.err.write_wait``)."""
