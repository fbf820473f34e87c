"""Local accounts: creating and managing them, logging in, and mapping an outside sign-in to one.

Passwords are hashed with argon2id by argon2-cffi (its RFC 9106 low-memory profile); the database keeps
only the encoded hash ('$argon2id$v=19$m=65536,t=3,p=4$…'). No password, plain or reversible, is
stored or logged anywhere. Refusals are :class:`AccountError`: a message key and its parameters.

Login lockout, per account (the count is of consecutive failures; a success resets it):

- failures 1–4: no delay;
- from the 5th failure on, the next attempt must wait 30 s × 2^(n−5), at most an hour (5 → 30 s,
  6 → 60 s, 7 → 120 s …). An attempt during the wait is refused without looking at the password and
  counts as a failure too (so hammering makes the wait longer);
- the 10th consecutive failure locks the account until an admin unlocks it or sets a new password.

A name that belongs to no account costs the same hash verification (against a dummy hash) and gets the
same answer as a wrong password. A disabled account counts failures like any other and says it is
disabled only when the password is right.

Every change is written to the audit log (outreach.audit) in the same transaction (store.run_write),
with ``by`` as the actor ('cli' for the command line).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from functools import cache

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from outreach import audit, store
from outreach.access import OPEN, ROLES, Viewer, role_label
from outreach.i18n import t
from outreach.privacy import mask_text
from outreach.units import split_unit_key

MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # longer is no password someone types
NAME_MAX = 60
DELAY_FROM = 5  # the failure from which the next attempt must wait
BASE_DELAY = 30  # seconds, doubled with each further failure
MAX_DELAY = 3600
LOCK_AT = 10  # consecutive failures that lock the account
DEFAULT_IDLE_HOURS = 8
RESERVED_NAMES = frozenset({audit.CLI, "open"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_USER_COLUMNS = ("user_id, name, role, county, unit, email, can_unmask, disabled, locked, failed_count, "
                 "locked_until, created_at, created_by, last_login_at, password_changed_at")

_hasher = PasswordHasher()  # argon2id (Type.ID) with argon2-cffi's RFC 9106 low-memory parameters


class AccountError(Exception):
    """An account change or a password refused. ``key`` is a translation key, ``params`` fill it in."""

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        params = dict(self.params)
        if "role" in params:
            params["role"] = role_label(str(params["role"]), lang)
        return t(self.key, lang, **params)


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    viewer: Viewer | None
    reason: str | None = None  # a message key: login.err.invalid | .wait | .locked | .disabled
    retry_after: int | None = None  # seconds before the next attempt will be looked at

    def message(self, lang: str | None = None) -> str:
        """The refusal in words (empty for a success); login.err.wait takes {seconds}."""
        if self.reason is None:
            return ""
        return t(self.reason, lang, seconds=self.retry_after or 0)


# --- settings ------------------------------------------------------------------------------------------


def session_idle_seconds() -> int:
    """How long a signed-in session may stay idle: $OUTREACH_SESSION_IDLE_HOURS (hours, e.g. 8 or 0.5),
    default 8. Anything but a positive number raises ValueError."""
    raw = os.environ.get("OUTREACH_SESSION_IDLE_HOURS", "").strip()
    if not raw:
        return DEFAULT_IDLE_HOURS * 3600
    try:
        hours = float(raw)
    except ValueError:
        hours = float("nan")
    if not 0 < hours < float("inf"):
        raise ValueError(f"OUTREACH_SESSION_IDLE_HOURS must be a number of hours above 0, not {raw!r}")
    return max(1, int(hours * 3600))


# --- hashing -------------------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(24))


def _verify(encoded: str, password: str) -> bool:
    try:
        return _hasher.verify(encoded, password)
    except (VerificationError, InvalidHashError):  # VerifyMismatchError is a VerificationError
        return False


# --- validation ----------------------------------------------------------------------------------------


def _valid_name(name: object) -> str:
    text = str(name or "").strip()
    if not text:
        raise AccountError("acct.err.name_empty")
    if len(text) > NAME_MAX or any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
        raise AccountError("acct.err.name_invalid", max=NAME_MAX)
    if mask_text(text) != text:  # a phone or ID number: the audit log names accounts, never numbers
        raise AccountError("acct.err.name_invalid", max=NAME_MAX)
    if text.lower() in RESERVED_NAMES:
        raise AccountError("acct.err.name_reserved", name=text)
    return text


def check_password(name: str, password: object) -> None:
    """The password policy: 8 to 1024 characters, and not the account name itself."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError("acct.err.password_short", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AccountError("acct.err.password_long", n=MAX_PASSWORD)
    if password.strip().casefold() == name.strip().casefold():
        raise AccountError("acct.err.password_is_name")


def _valid_email(email: object) -> str | None:
    text = str(email or "").strip().lower()
    if not text:
        return None
    if not _EMAIL.fullmatch(text) or len(text) > 254:
        raise AccountError("acct.err.email_invalid", email=mask_text(text)[:80])
    return text


def placement(role: str, county: str | None = None, unit: str | None = None) -> tuple[str | None, str | None]:
    """(county, unit) as the account keeps them, or AccountError for a combination the role cannot have:
    admin and city_staff name neither; county_staff names a county; unit_staff names a unit key
    ('福安市/城南镇团委', and its county is the unit's); leader and presenter may name a county."""
    if role not in ROLES:
        raise AccountError("acct.err.role", role=role, roles="、".join(ROLES))
    county = (county or "").strip() or None
    unit = (unit or "").strip() or None
    if county is not None and "/" in county:
        raise AccountError("acct.err.county_invalid", county=county)
    if role in ("admin", "city_staff"):
        if county is not None:
            raise AccountError("acct.err.no_county_allowed", role=role)
        if unit is not None:
            raise AccountError("acct.err.no_unit_allowed", role=role)
        return None, None
    if role == "unit_staff":
        if unit is None:
            raise AccountError("acct.err.unit_needed", role=role)
        unit_county, name = split_unit_key(unit)
        if unit_county is None or not name.strip():
            raise AccountError("acct.err.unit_without_county", unit=unit)
        if county is not None and county != unit_county:
            raise AccountError("acct.err.county_mismatch", unit=unit, county=county)
        return unit_county, unit
    if unit is not None:
        raise AccountError("acct.err.no_unit_allowed", role=role)
    if role == "county_staff" and county is None:
        raise AccountError("acct.err.county_needed", role=role)
    return county, None


def known_place(con: duckdb.DuckDBPyConnection, county: str | None = None, unit: str | None = None) -> bool:
    """Whether the data names this unit key (or county). Accounts may be made before their data arrives,
    so this only warns (the CLI says so); it never refuses."""
    if unit is not None:
        c, u = split_unit_key(unit)
        return bool(store.scalar(con, "SELECT count(*) FROM units WHERE county IS NOT DISTINCT FROM ? AND unit = ?",
                                 [c, u]))
    if county is not None:
        return bool(store.scalar(con, "SELECT count(*) FROM units WHERE county = ?", [county]))
    return True


# --- reading -------------------------------------------------------------------------------------------


def any_accounts(con: duckdb.DuckDBPyConnection) -> bool:
    """True once an account exists (disabled ones count): from then on nobody uses the app anonymously."""
    return bool(store.scalar(con, "SELECT count(*) FROM users"))


def list_users(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every account, by name, without its hash: user_id, name, role, county, unit, email, can_unmask,
    disabled, locked, failed_count, locked_until, created_at, created_by, last_login_at,
    password_changed_at."""
    return con.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY name").df()


def _user_where(con: duckdb.DuckDBPyConnection, column: str, value: str) -> dict | None:
    cur = con.execute(f"SELECT {_USER_COLUMNS}, password_hash FROM users WHERE {column} = ?", [value])
    rows = cur.fetchall()  # to the end: DuckDB refuses other work while a result is open
    return dict(zip([d[0] for d in cur.description], rows[0], strict=True)) if rows else None


def _user(con: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    return _user_where(con, "name", name)


def _need_user(con: duckdb.DuckDBPyConnection, name: object) -> dict:
    user = _user(con, str(name or "").strip())
    if user is None:
        raise AccountError("acct.err.no_such_user", name=mask_text(str(name or ""))[:NAME_MAX])
    return user


def _viewer(user: dict) -> Viewer:
    return Viewer(user["name"], user["role"], user["county"], user["unit"], bool(user["can_unmask"]))


def viewer_for(con: duckdb.DuckDBPyConnection, name: str | None = None, email: str | None = None) -> Viewer | None:
    """The local account an outside sign-in maps to (OIDC: by e-mail, else by name; a trusted proxy
    header: by name), as a Viewer; None when there is none, or it is disabled or locked. The app also
    calls it on every run with the session's name, so a disabled account loses its session at once and
    a changed role or grant applies at once."""
    user = None
    if email and (address := str(email).strip().lower()):
        user = _user_where(con, "email", address)
    if user is None and name and str(name).strip():
        user = _user(con, str(name).strip())
    if user is None or user["disabled"] or user["locked"]:
        return None
    return _viewer(user)


# --- changing accounts ---------------------------------------------------------------------------------


def _check_manager(con: duckdb.DuckDBPyConnection, by: str | None) -> None:
    """Accounts are changed by an enabled admin account, the command line ('cli'), or code acting as the
    system (None). Any other name is refused."""
    if by is None or by == audit.CLI:
        return
    user = _user(con, by)
    if user is None or user["role"] != "admin" or user["disabled"] or user["locked"]:
        raise AccountError("acct.err.not_admin")


def create_user(con: duckdb.DuckDBPyConnection, name: str, role: str, password: str, *, county: str | None = None,
                unit: str | None = None, email: str | None = None, can_unmask: bool = False,
                by: str | None) -> None:
    """A new account. ``by``: the admin making it, 'cli', or None (the system). Raises AccountError."""
    _create(con, name, role, password, county=county, unit=unit, email=email, can_unmask=can_unmask, by=by,
            first=False)


def create_first_admin(con: duckdb.DuckDBPyConnection, name: str, password: str, *,
                       email: str | None = None) -> Viewer:
    """The setup step: the first account, an admin, made by whoever reaches the app while no account
    exists (audited as 'open'). Refused (acct.err.already_accounts) once any account exists. Returns the
    new admin, to sign in with."""
    _create(con, name, "admin", password, email=email, by=None, first=True)
    return _viewer(_need_user(con, name))


def _create(con: duckdb.DuckDBPyConnection, name: str, role: str, password: str, *, county: str | None = None,
            unit: str | None = None, email: str | None = None, can_unmask: bool = False, by: str | None,
            first: bool) -> None:
    name = _valid_name(name)
    county, unit = placement(role, county, unit)
    email = _valid_email(email)
    check_password(name, password)
    encoded = hash_password(password)  # slow on purpose: before the write's turn
    now = dt.datetime.now().replace(microsecond=0)

    def write(con: duckdb.DuckDBPyConnection) -> None:
        if first and any_accounts(con):
            raise AccountError("acct.err.already_accounts")
        if not first:
            _check_manager(con, by)
        if _user(con, name) is not None:
            raise AccountError("acct.err.name_taken", name=name)
        if email is not None and (other := store.scalar(con, "SELECT name FROM users WHERE email = ?", [email])):
            raise AccountError("acct.err.email_taken", email=mask_text(email), name=other)
        con.execute("""
            INSERT INTO users (name, role, county, unit, email, password_hash, can_unmask, created_at, created_by,
                               password_changed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, [name, role, county, unit, email, encoded, bool(can_unmask), now, by, now])
        audit.record(con, OPEN if first else by, "user_create", target=name, at=now, new_role=role, county=county,
                     unit=unit, can_unmask=bool(can_unmask), email_set=email is not None, first_admin=first)

    store.run_write(con, write)


def disable_user(con: duckdb.DuckDBPyConnection, name: str, by: str | None) -> None:
    """The account can no longer sign in: its sessions end (open tabs on their next run: viewer_for gives
    None). The last enabled admin cannot be disabled."""
    def write(con: duckdb.DuckDBPyConnection) -> None:
        _check_manager(con, by)
        user = _need_user(con, name)
        if user["role"] == "admin" and not user["disabled"] and _enabled_admins(con) <= 1:
            raise AccountError("acct.err.last_admin")
        con.execute("UPDATE users SET disabled = true WHERE user_id = ?", [user["user_id"]])
        _end_sessions(con, user["user_id"])
        audit.record(con, by, "user_disable", target=user["name"])

    store.run_write(con, write)


def _end_sessions(con: duckdb.DuckDBPyConnection, user_id: int) -> None:
    """Sign the account out of every browser (outreach.sessions keeps the tokens' hashes)."""
    con.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])


def _enabled_admins(con: duckdb.DuckDBPyConnection) -> int:
    return int(store.scalar(con, "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled"))


def enable_user(con: duckdb.DuckDBPyConnection, name: str, by: str | None) -> None:
    def write(con: duckdb.DuckDBPyConnection) -> None:
        _check_manager(con, by)
        user = _need_user(con, name)
        con.execute("UPDATE users SET disabled = false WHERE user_id = ?", [user["user_id"]])
        audit.record(con, by, "user_enable", target=user["name"])

    store.run_write(con, write)


def unlock_user(con: duckdb.DuckDBPyConnection, name: str, by: str | None) -> None:
    """Clear a lockout: the failure count, the wait and the lock."""
    def write(con: duckdb.DuckDBPyConnection) -> None:
        _check_manager(con, by)
        user = _need_user(con, name)
        con.execute("UPDATE users SET failed_count = 0, locked_until = NULL, locked = false WHERE user_id = ?",
                    [user["user_id"]])
        audit.record(con, by, "user_unlock", target=user["name"], failures=int(user["failed_count"]),
                     was_locked=bool(user["locked"]))

    store.run_write(con, write)


def set_password(con: duckdb.DuckDBPyConnection, name: str, new_password: str, by: str | None,
                 old_password: str | None = None) -> None:
    """A new password. A user changing their own (``by == name``) gives the old one; an admin (or 'cli')
    setting someone's does not, and that also clears a lockout. Every session of the account ends (the
    app gives a user who changed their own a fresh one: outreach.sessions)."""
    user = _need_user(con, name)
    own = by is not None and by == user["name"]
    if own:
        if old_password is None:
            raise AccountError("acct.err.old_password_needed")
        if not _verify(user["password_hash"], old_password):
            raise AccountError("acct.err.old_password")
    check_password(user["name"], new_password)
    encoded = hash_password(new_password)
    now = dt.datetime.now().replace(microsecond=0)

    def write(con: duckdb.DuckDBPyConnection) -> None:
        if not own:
            _check_manager(con, by)
        con.execute("""
            UPDATE users SET password_hash = ?, password_changed_at = ?, failed_count = 0, locked_until = NULL,
                             locked = false
            WHERE user_id = ?
        """, [encoded, now, user["user_id"]])
        _end_sessions(con, user["user_id"])
        audit.record(con, by, "password_change", target=user["name"], at=now, own=own,
                     cleared_lock=bool(user["locked"]) and not own)

    store.run_write(con, write)


# --- signing in ----------------------------------------------------------------------------------------


def delay_after(failures: int) -> int:
    """Seconds the next attempt must wait after ``failures`` consecutive failures (0 below five)."""
    if failures < DELAY_FROM:
        return 0
    return min(MAX_DELAY, BASE_DELAY * 2 ** min(failures - DELAY_FROM, 16))


def login(con: duckdb.DuckDBPyConnection, name: str, password: str, now: dt.datetime | None = None) -> LoginResult:
    """Check a name and password (the lockout is in the module's docstring). Every attempt is audited; a
    name that belongs to no account is not recorded (it may be a password typed in the wrong field)."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    text = str(name or "").strip()
    store.catch_up(con)  # an account made, locked or disabled on another server a moment ago counts here
    user = _user(con, text) if text and len(text) <= NAME_MAX else None
    password = password if isinstance(password, str) else ""
    if user is None:
        _verify(_dummy_hash(), password)  # the same cost as a real check
        audit.record(con, None, "login_failed", ok=False, at=now, reason="unknown_name")
        return LoginResult(False, None, "login.err.invalid")
    if user["locked"]:
        _verify(_dummy_hash(), password)
        audit.record(con, _viewer(user), "login_failed", target=user["name"], ok=False, at=now, reason="locked")
        return LoginResult(False, None, "login.err.locked")
    if user["locked_until"] is not None and now < user["locked_until"]:
        _verify(_dummy_hash(), password)  # during the wait the password is not looked at
        return _failure(con, user, now, "during_wait")
    if not _verify(user["password_hash"], password):
        return _failure(con, user, now, "wrong_password")  # a disabled account too: no unthrottled oracle
    if user["disabled"]:  # said only to whoever knows the password
        audit.record(con, _viewer(user), "login_failed", target=user["name"], ok=False, at=now, reason="disabled")
        return LoginResult(False, None, "login.err.disabled")
    rehashed = hash_password(password) if _hasher.check_needs_rehash(user["password_hash"]) else None

    def write(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("UPDATE users SET failed_count = 0, locked_until = NULL, last_login_at = ? WHERE user_id = ?",
                    [now, user["user_id"]])
        if rehashed is not None:  # argon2-cffi's parameters grew since: keep the stronger hash
            con.execute("UPDATE users SET password_hash = ? WHERE user_id = ?", [rehashed, user["user_id"]])
        audit.record(con, _viewer(user), "login_ok", target=user["name"], at=now, via="password")

    store.run_write(con, write)
    return LoginResult(True, _viewer(user))


def _failure(con: duckdb.DuckDBPyConnection, user: dict, now: dt.datetime, reason: str) -> LoginResult:
    """One more consecutive failure: the wait it earns, the lock at the tenth."""
    def write(con: duckdb.DuckDBPyConnection) -> int:
        failures = int(con.execute("UPDATE users SET failed_count = failed_count + 1 WHERE user_id = ? "
                                   "RETURNING failed_count", [user["user_id"]]).fetchall()[0][0])
        locked = failures >= LOCK_AT
        delay = 0 if locked else delay_after(failures)
        until = now + dt.timedelta(seconds=delay) if delay else None
        con.execute("UPDATE users SET locked_until = ?, locked = ? WHERE user_id = ?", [until, locked, user["user_id"]])
        audit.record(con, _viewer(user), "login_failed", target=user["name"], ok=False, at=now, reason=reason,
                     failures=failures, locked=locked)
        return failures

    failures = store.run_write(con, write)
    if failures >= LOCK_AT:
        return LoginResult(False, None, "login.err.locked")
    if delay := delay_after(failures):
        return LoginResult(False, None, "login.err.wait", delay)
    return LoginResult(False, None, "login.err.invalid")


def logout(con: duckdb.DuckDBPyConnection, viewer: Viewer, reason: str = "user") -> None:
    """Record the end of a session: 'user' (the sign-out button) or 'idle' (it expired)."""
    audit.record(con, viewer, "logout", target=viewer.name, reason=reason)


def record_external_login(con: duckdb.DuckDBPyConnection, viewer: Viewer, via: str) -> None:
    """Record a sign-in through OIDC ('oidc') or the trusted proxy header ('proxy'), once per session."""
    now = dt.datetime.now().replace(microsecond=0)

    def write(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("UPDATE users SET last_login_at = ? WHERE name = ?", [now, viewer.name])
        audit.record(con, viewer, "login_ok", target=viewer.name, at=now, via=via)

    store.run_write(con, write)
