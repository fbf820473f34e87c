"""Sign-ins that survive a reload or a second tab.

A Streamlit session lives as long as one browser tab's connection, so a reload would ask for the
password again. After a password sign-in the browser is given a random token (256 bits, in a cookie the
app sets; ui/auth.py); the database keeps only its SHA-256, the account and when it was last used. A new
tab presenting the token is signed in as that account while:

- the session was used within ``accounts.session_idle_seconds()`` (default 8 h), counted on the server;
- the account still exists and is neither disabled nor locked (``accounts.viewer_for``);
- nobody signed it out: logging out ends the session, a password change or an admin's disable ends
  every session of the account (outreach.accounts), whatever any browser still holds.

``last_seen_at`` is written at most every TOUCH_EVERY seconds, so a busy page does not write on every
click. Sessions found expired are deleted as they are met, and :func:`open_session` sweeps the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import duckdb

from outreach import accounts, store
from outreach.access import Viewer

COOKIE = "outreach_session"
TOKEN_BYTES = 32
TOUCH_EVERY = 60  # seconds


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _idle_cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=accounts.session_idle_seconds())


def open_session(con: duckdb.DuckDBPyConnection, viewer: Viewer, method: str, now: dt.datetime | None = None) -> str:
    """A new token for ``viewer`` (to put in the cookie); expired sessions of anyone are swept."""
    now = now or _now()
    token = secrets.token_urlsafe(TOKEN_BYTES)

    def write(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("DELETE FROM sessions WHERE last_seen_at < ?", [_idle_cutoff(now)])
        con.execute("INSERT INTO sessions SELECT ?, user_id, ?, ?, ? FROM users WHERE name = ?",
                    [_hash(token), method, now, now, viewer.name])

    store.run_write(con, write)
    return token


def resume(con: duckdb.DuckDBPyConnection, token: str | None,
           now: dt.datetime | None = None) -> tuple[Viewer | None, str | None]:
    """(the account the token signs in, None), or (None, why not): 'auth.expired' for a session idle too
    long (deleted, and recorded as an idle logout), 'auth.account_gone' for an account disabled, locked or
    removed since; (None, None) for no token or one that names no session (signed out, or made up)."""
    if not token:
        return None, None
    now = now or _now()
    row = con.execute("SELECT s.last_seen_at, u.name FROM sessions s JOIN users u USING (user_id) "
                      "WHERE s.token_hash = ?", [_hash(token)]).fetchone()
    if row is None:
        return None, None
    last_seen, name = row
    viewer = accounts.viewer_for(con, name=name)
    if viewer is None:
        close(con, token)
        return None, "auth.account_gone"
    if last_seen < _idle_cutoff(now):
        close(con, token)
        accounts.logout(con, viewer, "idle")
        return None, "auth.expired"
    touch(con, token, last_seen, now)
    return viewer, None


def touch(con: duckdb.DuckDBPyConnection, token: str, last_seen: dt.datetime | None,
          now: dt.datetime | None = None) -> dt.datetime | None:
    """Mark the session used now, if it was last marked more than TOUCH_EVERY seconds ago (or
    ``last_seen`` is unknown). Returns the time now on record, or None when there is no such session."""
    now = now or _now()
    if last_seen is not None and (now - last_seen).total_seconds() < TOUCH_EVERY:
        return last_seen

    def write(con: duckdb.DuckDBPyConnection) -> int:
        return con.execute("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? RETURNING 1",
                           [now, _hash(token)]).fetchall()

    return now if store.run_write(con, write) else None


def close(con: duckdb.DuckDBPyConnection, token: str | None) -> None:
    """End one session (sign-out): its token signs nobody in from now on."""
    if token:
        store.run_write(con, lambda c: c.execute("DELETE FROM sessions WHERE token_hash = ?", [_hash(token)]))

