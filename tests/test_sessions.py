"""Sign-ins that survive a reload (outreach.sessions): the database keeps a token's hash only; a session
lives while it is used within the idle limit and ends on sign-out, a password change or a disable."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from outreach import accounts, sessions, store
from tests.scope_team import fast_hashes  # noqa: F401 (the fixture, used through pytestmark)

pytestmark = pytest.mark.usefixtures("fast_hashes")
PW = "correct horse"
T0 = dt.datetime(2024, 3, 1, 9, 0, 0)
IDLE = 8 * 3600  # the default


@pytest.fixture
def con(tmp_path, monkeypatch):
    monkeypatch.delenv("OUTREACH_SESSION_IDLE_HOURS", raising=False)
    con = store.connect(tmp_path / "s.duckdb")
    accounts.create_user(con, "boss", "admin", PW, by=None)
    accounts.create_user(con, "east", "county_staff", PW, county="东县", by=None)
    yield con
    con.close()


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def viewer(con, name):
    return accounts.viewer_for(con, name=name)


def last_seen(con, token) -> dt.datetime | None:
    row = con.execute("SELECT last_seen_at FROM sessions WHERE token_hash = ?",
                      [hashlib.sha256(token.encode()).hexdigest()]).fetchone()
    return row[0] if row else None


def test_the_database_keeps_only_the_tokens_hash(con):
    token = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    assert len(token) >= 43  # 32 random bytes, base64
    stored = con.execute("SELECT token_hash, method FROM sessions").fetchall()
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(), "password")]
    assert token not in str(con.execute("SELECT * FROM sessions").fetchall())
    assert sessions.open_session(con, viewer(con, "east"), "password", at(0)) != token  # never reused


def test_a_live_session_signs_its_account_in(con):
    token = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    found, why = sessions.resume(con, token, at(IDLE - 1))
    assert why is None and (found.name, found.role, found.county) == ("east", "county_staff", "东县")


def test_unknown_and_missing_tokens_sign_nobody_in(con):
    sessions.open_session(con, viewer(con, "east"), "password", at(0))
    assert sessions.resume(con, "made-up", at(1)) == (None, None)
    assert sessions.resume(con, None, at(1)) == (None, None)
    assert sessions.resume(con, "", at(1)) == (None, None)


def test_use_is_written_at_most_once_a_minute_and_keeps_the_session_alive(con):
    token = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    sessions.resume(con, token, at(sessions.TOUCH_EVERY - 1))
    assert last_seen(con, token) == at(0)  # too soon to write
    sessions.resume(con, token, at(sessions.TOUCH_EVERY + 1))
    assert last_seen(con, token) == at(sessions.TOUCH_EVERY + 1)
    # In use all along, it outlives one idle limit counted from the sign-in.
    found, _ = sessions.resume(con, token, at(sessions.TOUCH_EVERY + IDLE - 1))
    assert found is not None and found.name == "east"


def test_an_idle_session_ends_and_is_recorded(con):
    token = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    assert sessions.resume(con, token, at(IDLE + 1)) == (None, "auth.expired")
    assert last_seen(con, token) is None  # deleted: the next try names no session
    assert sessions.resume(con, token, at(IDLE + 2)) == (None, None)
    rows = con.execute("SELECT actor, action, json_extract_string(detail, '$.reason') FROM audit_log "
                       "WHERE action = 'logout'").fetchall()
    assert rows == [("east", "logout", "idle")]


def test_the_idle_limit_comes_from_the_environment(con, monkeypatch):
    monkeypatch.setenv("OUTREACH_SESSION_IDLE_HOURS", "0.5")
    token = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    assert sessions.resume(con, token, at(29 * 60))[0] is not None
    assert sessions.resume(con, token, at(29 * 60 + 31 * 60)) == (None, "auth.expired")


def test_sign_out_ends_that_session_only(con):
    first = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    second = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    sessions.close(con, first)
    assert sessions.resume(con, first, at(1)) == (None, None)
    assert sessions.resume(con, second, at(1))[0] is not None


def test_a_password_change_ends_every_session_of_that_account(con):
    mine = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    other_tab = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    boss = sessions.open_session(con, viewer(con, "boss"), "password", at(0))
    accounts.set_password(con, "east", "a new password", by="east", old_password=PW)
    assert sessions.resume(con, mine, at(1)) == (None, None)
    assert sessions.resume(con, other_tab, at(1)) == (None, None)
    assert sessions.resume(con, boss, at(1))[0].name == "boss"


def test_disabled_or_locked_accounts_lose_their_sessions(con):
    token = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    accounts.disable_user(con, "east", by="boss")
    assert sessions.resume(con, token, at(1)) == (None, None)  # ended by the disable itself
    accounts.enable_user(con, "east", by="boss")
    token = sessions.open_session(con, viewer(con, "east"), "password", at(0))
    con.execute("UPDATE users SET locked = true WHERE name = 'east'")  # ten failures, as login() sets it
    assert sessions.resume(con, token, at(1)) == (None, "auth.account_gone")
    assert last_seen(con, token) is None


def test_expired_sessions_of_anyone_are_swept_when_a_new_one_opens(con):
    sessions.open_session(con, viewer(con, "boss"), "password", at(0))
    sessions.open_session(con, viewer(con, "east"), "password", at(IDLE + 10))
    assert con.execute("SELECT count(*) FROM sessions").fetchone() == (1,)
