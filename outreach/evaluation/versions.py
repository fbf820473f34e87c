"""Rubric versions in the database: the admin's uploads, one of them in force (or the shipped default).

Uploading never deletes: every version stays and can be put back in force. Scores are never stored,
so switching versions re-scores every period at once.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from outreach import store
from outreach.evaluation.rubric import Rubric, default_rubric, parse


def active_rubric(con: duckdb.DuckDBPyConnection) -> Rubric:
    """The rubric in force: the active uploaded version, else the default shipped with the app."""
    row = store.first_row(con, "SELECT version_id, text FROM rubric_versions WHERE active")
    return default_rubric() if row is None else parse(row[1], version_id=row[0])


def rubric_version(con: duckdb.DuckDBPyConnection, version_id: int | None) -> Rubric:
    """One stored version (None: the shipped default)."""
    if version_id is None:
        return default_rubric()
    text = store.scalar(con, "SELECT text FROM rubric_versions WHERE version_id = ?", [version_id])
    if text is None:
        raise KeyError(f"no rubric version {version_id}")
    return parse(text, version_id=version_id)


def versions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Stored versions, newest first: version_id, name, sha256, uploaded_by, uploaded_at, active."""
    return con.execute("""
        SELECT version_id, name, sha256, uploaded_by, uploaded_at, active
        FROM rubric_versions ORDER BY version_id DESC
    """).df()


def save(con: duckdb.DuckDBPyConnection, text: str, user: str | None = None, activate: bool = True) -> Rubric:
    """Check ``text`` (raises RubricError) and store it as a new version, in force if ``activate``.
    The same text as a stored version is not stored twice: that version is used instead."""
    rubric = parse(text)

    def store_version(con: duckdb.DuckDBPyConnection) -> int:
        existing = store.scalar(con, "SELECT version_id FROM rubric_versions WHERE sha256 = ?", [rubric.sha256])
        if existing is None:
            existing = store.scalar(con, "SELECT nextval('rubric_version_seq')")
            con.execute("""
                INSERT INTO rubric_versions (version_id, name, sha256, text, uploaded_by, uploaded_at, active)
                VALUES (?, ?, ?, ?, ?, ?, false)
            """, [existing, rubric.name, rubric.sha256, text, user, store.now()])
        if activate:
            _activate(con, existing)
        return existing

    existing = store.run_write(con, store_version)  # in its turn, like every write
    return parse(text, version_id=existing)


def activate(con: duckdb.DuckDBPyConnection, version_id: int | None) -> None:
    """Put a stored version in force; None goes back to the shipped default."""
    store.run_write(con, lambda con: _activate(con, version_id))


def _activate(con: duckdb.DuckDBPyConnection, version_id: int | None) -> None:
    if version_id is not None and store.scalar(
            con, "SELECT count(*) FROM rubric_versions WHERE version_id = ?", [version_id]) == 0:
        raise KeyError(f"no rubric version {version_id}")
    con.execute("UPDATE rubric_versions SET active = (version_id IS NOT DISTINCT FROM ?)", [version_id])
