"""Accounts in the app (ui/auth.py, pages/admin.py), through Streamlit's AppTest on the small team
(tests/small_team.py: 甲单位 of 东县; 乙单位 and 丙单位 of 西县).

- no account: the app runs open under a banner, and the first admin can be made there;
- accounts: an anonymous run of any page shows the login form and no data at all; signing in brings
  back the page and filters asked for; idle sessions end; failed logins slow down, then lock;
- scope and rights: a county account sees its county only, a leader's 数据 page writes nothing, a
  presenter unmasks only with the grant (recorded under the account), the admin page is the admin's;
- a trusted proxy header signs in only when enabled.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import ui.auth
import ui.shell
from outreach import accounts, store
from outreach.i18n import t
from tests.apptest_text import everything
from tests.small_team import build_db

PASSWORD = "correct horse 42"
WEST = ("西县", "乙单位", "丙单位", "赵六", "钱七", "孙九", "孙八")  # nothing of 西县 for a 东县 account
EVERY_NAME = ("东县", "甲单位", "张三", "李四", "王五", *WEST)


# --- helpers -----------------------------------------------------------------------------------------------

@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = build_db(tmp_path / "small.duckdb")
    monkeypatch.setenv("OUTREACH_DB", str(path))
    monkeypatch.delenv(ui.auth.PROXY_ENV, raising=False)
    monkeypatch.delenv("OUTREACH_SESSION_IDLE_HOURS", raising=False)
    ui.shell._connection.clear()
    yield path
    ui.shell._connection.clear()


def add_user(path: Path, name: str, role: str, **kw) -> None:
    con = store.connect(path)
    try:
        accounts.create_user(con, name, role, PASSWORD, by=None, **kw)
    finally:
        con.close()


def read(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path))  # the settings the app opened it with: one instance per file
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def app(script: str = "app.py") -> AppTest:
    at = AppTest.from_file(str(store.ROOT / "app.py"), default_timeout=60)
    if script != "app.py":
        at.switch_page(script)
    return at


def submit(at: AppTest, label_key: str) -> AppTest:
    label = t(label_key, "zh")
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r} among {[b.label for b in at.button]}"
    return found[0].click().run()


def login(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="auth_name").input(name)
    at.text_input(key="auth_password").input(password)
    return submit(at, "auth.login")


def shows_login(at: AppTest) -> bool:
    return any(w.key == "auth_name" for w in at.text_input)


def no_data(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert shows_login(at)
    assert len(at.metric) == 0 and len(at.dataframe) == 0 and len(at.get("plotly_chart")) == 0
    assert len(at.sidebar.get("page_link")) == 0  # no menu beyond the login form
    text = everything(at)
    assert not [n for n in EVERY_NAME if n in text]


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


# --- no account yet: open, with a banner and the setup step ---------------------------------------------

def test_no_account_runs_open_under_a_banner_and_makes_the_first_admin(db):
    at = app()
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning if w.value == t("auth.open_banner", "zh")]
    assert len(at.metric) == 7  # the app as it always was
    # Two different passwords: refused, nothing made.
    at.text_input(key="auth_setup_name").input("主任")
    at.text_input(key="auth_setup_pw").input(PASSWORD)
    at.text_input(key="auth_setup_pw2").input(PASSWORD + "x")
    submit(at, "auth.setup_submit")
    assert t("auth.password_mismatch", "zh") in errors(at)
    assert read(db, "SELECT count(*) FROM users") == [(0,)]
    at.text_input(key="auth_setup_pw2").input(PASSWORD)
    submit(at, "auth.setup_submit")
    assert not at.exception, at.exception
    assert read(db, "SELECT name, role FROM users") == [("主任", "admin")]
    # Signed in at once, the banner gone, the same page with its figures; the admin page in the menu.
    assert not [w for w in at.warning if w.value == t("auth.open_banner", "zh")]
    assert len(at.metric) == 7
    assert any("主任" in m.value for m in at.sidebar.markdown)
    assert t("page.admin", "zh") in [p.label for p in at.sidebar.get("page_link")]
    actions = [a for (a,) in read(db, "SELECT action FROM audit_log ORDER BY log_id")]
    assert actions == ["user_create", "login_ok"]


@pytest.mark.parametrize("script", ["app.py", "pages/team.py", "pages/data.py"])
def test_every_page_shows_the_banner_while_no_account_exists(db, script):
    at = app(script)
    at.run()
    assert not at.exception
    assert [w for w in at.warning if w.value == t("auth.open_banner", "zh")]
    assert at.text_input(key="auth_setup_name") is not None


# --- accounts exist: the login form and nothing else ------------------------------------------------------

@pytest.mark.parametrize("script", ["app.py", "pages/team.py", "pages/data.py", "pages/activity.py",
                                    "pages/evaluation.py", "pages/meeting.py", "pages/admin.py"])
def test_anonymous_visitor_sees_the_login_form_and_no_data(db, script):
    add_user(db, "admin", "admin")
    at = app(script)
    at.run()
    no_data(at)
    assert not [w for w in at.warning if w.value == t("auth.open_banner", "zh")]


def test_signing_in_returns_to_the_page_and_filters_asked_for(db):
    add_user(db, "admin", "admin")
    at = app("pages/team.py")
    at.query_params["county"] = ["西县"]
    at.run()
    no_data(at)
    login(at, "admin")
    assert not at.exception, at.exception
    assert not shows_login(at)
    assert at.title[0].value == t("page.team", "zh")
    assert at.query_params["county"] in ("西县", ["西县"])
    assert at.sidebar.multiselect(key="f_county").value == ["西县"]
    assert "甲单位" not in everything(at)  # the filter holds: 西县 only


def test_wrong_password_says_so_and_shows_nothing(db):
    add_user(db, "admin", "admin")
    at = app()
    at.run()
    login(at, "admin", "wrong password")
    no_data(at)
    assert t("login.err.invalid", "zh") in errors(at)
    login(at, "nobody", PASSWORD)  # an unknown name: the same words
    assert t("login.err.invalid", "zh") in errors(at)
    rows = read(db, "SELECT actor, action, ok FROM audit_log WHERE action LIKE 'login%' ORDER BY log_id")
    assert rows == [("admin", "login_failed", False), (None, "login_failed", False)]  # no typed name kept


def test_failed_logins_slow_down_then_lock_the_account(db):
    add_user(db, "county", "county_staff", county="东县")
    at = app()
    at.run()
    for _ in range(4):
        login(at, "county", "wrong password")
        assert t("login.err.invalid", "zh") in errors(at)
    login(at, "county", "wrong password")  # the fifth: a wait
    assert t("login.err.wait", "zh", seconds=30) in errors(at)
    login(at, "county")  # even the right password waits
    assert "秒后再试" in errors(at) and shows_login(at)
    for _ in range(4):
        login(at, "county", "wrong password")
    assert t("login.err.locked", "zh") in errors(at)
    assert "管理员" in errors(at)
    login(at, "county")
    assert t("login.err.locked", "zh") in errors(at)
    no_data(at)
    assert read(db, "SELECT locked FROM users WHERE name = 'county'") == [(True,)]


def test_logout_and_idle_expiry(db, monkeypatch):
    add_user(db, "admin", "admin")
    clock = [1_000_000.0]
    monkeypatch.setattr(ui.auth, "_now", lambda: clock[0])
    at = app()
    at.run()
    login(at, "admin")
    assert len(at.metric) == 7
    clock[0] += accounts.session_idle_seconds() - 5  # still within: every run counts as activity
    at.run()
    assert len(at.metric) == 7
    clock[0] += accounts.session_idle_seconds() + 1
    at.run()
    no_data(at)
    assert [w.value for w in at.warning] == [t("auth.expired", "zh")]
    login(at, "admin")
    assert len(at.metric) == 7
    at.button(key="auth_logout").click().run()
    no_data(at)
    assert t("auth.signed_out", "zh") in [i.value for i in at.info]
    rows = read(db, "SELECT action, json_extract_string(detail, '$.reason') FROM audit_log "
                    "WHERE action IN ('login_ok', 'logout') ORDER BY log_id")
    assert rows == [("login_ok", None), ("logout", "idle"), ("login_ok", None), ("logout", "user")]


def test_idle_limit_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("OUTREACH_SESSION_IDLE_HOURS", "0.5")
    add_user(db, "admin", "admin")
    clock = [0.0]
    monkeypatch.setattr(ui.auth, "_now", lambda: clock[0])
    at = app()
    at.run()
    login(at, "admin")
    clock[0] += 31 * 60
    at.run()
    assert [w.value for w in at.warning] == [t("auth.expired", "zh")]


def test_a_disabled_account_loses_its_session_at_once(db):
    add_user(db, "admin", "admin")
    add_user(db, "staff", "city_staff")
    at = app()
    at.run()
    login(at, "staff")
    assert len(at.metric) == 7
    con = store.connect(db)
    accounts.disable_user(con, "staff", by="admin")
    con.close()
    at.run()
    no_data(at)
    assert t("auth.account_gone", "zh") in errors(at)


def test_own_password_change(db):
    add_user(db, "admin", "admin")
    at = app()
    at.run()
    login(at, "admin")
    at.text_input(key="auth_pw_old").input(PASSWORD)
    at.text_input(key="auth_pw_new").input("a brand new one")
    at.text_input(key="auth_pw_again").input("a brand new one")
    submit(at, "auth.change_submit")
    assert t("auth.password_changed", "zh") in [s.value for s in at.success]
    con = store.connect(db)
    assert accounts.login(con, "admin", "a brand new one").ok
    con.close()


def test_a_reload_or_second_tab_stays_signed_in_until_signed_out(db, monkeypatch):
    """A new tab is a new Streamlit session: it is signed in by the cookie the first one was given, and
    signed out everywhere once any tab signs out."""
    add_user(db, "admin", "admin")
    first = app()
    first.run()
    login(first, "admin")
    token = first.session_state[ui.auth.TOKEN]
    scripts = [h.proto.body for h in first.get("html") if "document.cookie" in h.proto.body]
    assert len(scripts) == 1 and f"outreach_session={token}; Path=/; SameSite=Strict" in scripts[0]
    cookie = {"value": token}
    monkeypatch.setattr(ui.auth, "_cookie", lambda: cookie["value"])
    second = app("pages/team.py")
    second.run()
    assert not shows_login(second) and not second.exception, second.exception
    assert read(db, "SELECT count(*) FROM audit_log WHERE action = 'login_ok'") == [(1,)]  # no new login
    # A made-up cookie signs nobody in.
    cookie["value"] = "x" * 43
    third = app()
    third.run()
    no_data(third)
    # Signing out in the first tab ends the session: the second is signed out on its next run.
    first.button(key="auth_logout").click().run()
    no_data(first)
    second.run()
    no_data(second)
    assert [w.value for w in second.warning] == [t("auth.session_ended", "zh")]
    cookie["value"] = token  # a browser that kept the old cookie
    fourth = app()
    fourth.run()
    no_data(fourth)


def test_a_password_change_gives_this_tab_a_new_session_and_ends_the_others(db, monkeypatch):
    add_user(db, "admin", "admin")
    first = app()
    first.run()
    login(first, "admin")
    old = first.session_state[ui.auth.TOKEN]
    monkeypatch.setattr(ui.auth, "_cookie", lambda: old)
    other = app()
    other.run()
    assert not shows_login(other)
    first.text_input(key="auth_pw_old").input(PASSWORD)
    first.text_input(key="auth_pw_new").input("a brand new one")
    first.text_input(key="auth_pw_again").input("a brand new one")
    submit(first, "auth.change_submit")
    assert first.session_state[ui.auth.TOKEN] != old
    first.run()
    assert not shows_login(first)
    other.run()
    no_data(other)


# --- scope and rights -----------------------------------------------------------------------------------

def test_county_account_sees_its_county_and_no_other(db):
    add_user(db, "east", "county_staff", county="东县")
    at = app()
    at.run()
    login(at, "east")
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["队伍人数"] == "3" and metrics["单位数"] == "1"  # 张三, 李四, 王五 of 甲单位
    for script in ("app.py", "pages/team.py", "pages/activity.py", "pages/evaluation.py", "pages/data.py",
                   "pages/meeting.py"):
        at.switch_page(script)
        at.run()
        assert not at.exception, (script, at.exception)
        text = everything(at)
        assert "甲单位" in text or script == "pages/meeting.py", script
        assert not [n for n in WEST if n in text], (script, [n for n in WEST if n in text])
    # The filter offers its own county only.
    at.switch_page("app.py")
    at.run()
    assert at.sidebar.multiselect(key="f_county").options == ["东县"]


def test_a_leaders_data_page_writes_nothing(db):
    add_user(db, "boss", "leader")
    at = app()
    at.run()
    login(at, "boss")
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, at.exception
    assert t("dp.tab_upload", "zh") not in [tab.label for tab in at.tabs]
    assert len(at.file_uploader) == 0
    labels = [b.label for b in at.button]
    assert t("dp.confirm", "zh") not in labels and t("dp.undo", "zh") not in labels
    assert not [b for b in at.button if (b.key or "").startswith(("dp_undo", "dp_confirm", "camp_delete"))]
    assert t("camp.submit", "zh") not in labels  # no campaign form either
    assert t("dp.tab_history", "zh") in [tab.label for tab in at.tabs]  # the history is there to read
    # Nor elsewhere: no rubric admin, no adjustment form.
    at.switch_page("pages/evaluation.py")
    at.run()
    assert not at.exception
    assert t("page.admin", "zh") not in [p.label for p in at.sidebar.get("page_link")]


def test_staff_may_import_what_the_leader_may_not(db):
    add_user(db, "staff", "city_staff")
    at = app("pages/data.py")
    at.run()
    login(at, "staff")
    assert t("dp.tab_upload", "zh") in [tab.label for tab in at.tabs]
    assert len(at.file_uploader) == 1
    assert not [w for w in at.text_input if w.key == "dp_user"]  # the account is who imports
    assert any(b.key and b.key.startswith("dp_undo") for b in at.button)


def test_presenter_without_the_grant_has_no_unmask_toggle(db):
    add_user(db, "speaker", "presenter")
    at = app("pages/meeting.py")
    at.run()
    login(at, "speaker")
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.key in ("mt_unmask", "mt_remask")]
    # The meeting page is the presenter's only page, with no link back to an overview it may not open.
    assert t("mt.back", "zh") not in [p.label for p in at.get("page_link")]
    # The app's own address opens it; any other page refuses and shows nothing.
    at.switch_page("app.py")
    at.run()
    assert not at.exception, at.exception
    assert any(b.key == "mt_mode" for b in at.get("button_group")) and not errors(at)
    at.switch_page("pages/team.py")
    at.run()
    assert t("auth.page_refused", "zh", role=t("acct.role.presenter", "zh")) in errors(at)
    assert len(at.metric) == 0
    assert [p.label for p in at.sidebar.get("page_link")] == [t("page.meeting", "zh")]


def test_a_granted_presenter_unmasks_under_their_account(db):
    add_user(db, "speaker", "presenter", can_unmask=True)
    at = app("pages/meeting.py")
    at.run()
    login(at, "speaker")
    at.button(key="mt_unmask").click().run()
    assert not [w for w in at.text_input if w.key == "mt_actor_input"]  # no name to type: the account
    at.checkbox(key="mt_unmask_sure").check().run()
    at.button(key="mt_unmask_ok").click().run()
    assert not at.exception, at.exception
    assert any(b.key == "mt_remask" for b in at.button)
    assert read(db, "SELECT actor, action FROM privacy_log") == [("speaker", "unmask")]
    assert read(db, "SELECT actor, role, target FROM audit_log WHERE action = 'unmask'") == [
        ("speaker", "presenter", "slides")]


def test_admin_page_is_the_admins(db):
    add_user(db, "admin", "admin")
    add_user(db, "staff", "city_staff")
    at = app("pages/admin.py")
    at.run()
    login(at, "staff")
    assert t("auth.page_refused", "zh", role=t("acct.role.city_staff", "zh")) in errors(at)
    assert len(at.dataframe) == 0
    at.button(key="auth_logout").click().run()
    login(at, "admin")
    assert not at.exception, at.exception
    users = at.dataframe[0].value
    assert list(users[t("admin.col.name", "zh")]) == ["admin", "staff"]
    assert not [c for c in users.columns if "hash" in c.lower() or "密码" in c]
    assert not [v for v in users.astype(str).values.ravel() if v.startswith("$argon2")]


def test_admin_creates_disables_and_reads_the_log(db):
    add_user(db, "admin", "admin")
    at = app("pages/admin.py")
    at.run()
    login(at, "admin")
    at.text_input(key="admin_new_name").input("west")
    at.selectbox(key="admin_new_role").set_value("county_staff")
    at.selectbox(key="admin_new_county").set_value("西县")
    at.text_input(key="admin_new_pw").input(PASSWORD)
    at.text_input(key="admin_new_pw2").input(PASSWORD)
    submit(at, "admin.create_submit")
    assert not at.exception, at.exception
    assert read(db, "SELECT name, role, county, created_by FROM users WHERE name = 'west'") == [
        ("west", "county_staff", "西县", "admin")]
    at.selectbox(key="admin_pick").set_value("west").run()
    at.button(key="admin_disable").click().run()
    assert read(db, "SELECT disabled FROM users WHERE name = 'west'") == [(True,)]
    at.session_state["admin_tab"] = t("admin.tab_audit", "zh")
    at.run()
    assert not at.exception, at.exception
    log = at.dataframe[0].value
    assert t("audit.action.user_disable", "zh") in set(log[t("admin.acol.action", "zh")])
    assert t("audit.action.user_create", "zh") in set(log[t("admin.acol.action", "zh")])
    at.selectbox(key="admin_f_action").set_value("user_disable").run()
    assert len(at.dataframe[0].value) == 1
    assert {d.key for d in at.get("download_button")} >= {"admin_audit_csv", "admin_audit_xlsx"}


# --- sign-in from outside ---------------------------------------------------------------------------------

def test_proxy_header_signs_in_only_when_enabled(db, monkeypatch):
    add_user(db, "east", "county_staff", county="东县")
    monkeypatch.setattr(ui.auth, "_header", lambda name: "east" if name == "X-Remote-User" else None)
    at = app()
    at.run()
    no_data(at)  # not enabled: the header is nobody's word
    monkeypatch.setenv(ui.auth.PROXY_ENV, "X-Remote-User")
    at = app()
    at.run()
    assert not at.exception, at.exception
    assert not shows_login(at)
    assert {m.label: m.value for m in at.metric}["队伍人数"] == "3"
    assert not [b for b in at.button if b.key == "auth_logout"]  # the proxy signs in on every run
    assert read(db, "SELECT json_extract_string(detail, '$.via') FROM audit_log WHERE action = 'login_ok'") == [
        ("proxy",)]


def test_proxy_header_naming_no_account_is_refused(db, monkeypatch):
    add_user(db, "admin", "admin")
    monkeypatch.setenv(ui.auth.PROXY_ENV, "X-Remote-User")
    monkeypatch.setattr(ui.auth, "_header", lambda name: "stranger")
    at = app()
    at.run()
    no_data(at)
    assert "stranger" in errors(at)


def test_oidc_is_offered_only_with_an_auth_section():
    assert ui.auth.oidc_providers() == []  # the test run has no secrets.toml


# --- writes in scope, and what they leave in the audit log ---------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EAST_ROSTER = [["姓名", "单位", "县区", "角色"], ["张三", "甲单位", "东县", "骨干"], ["周十", "甲单位", "东县", ""]]
MIXED_ROSTER = [["姓名", "单位", "县区", "角色"], ["张三", "甲单位", "东县", "骨干"], ["吴一", "乙单位", "西县", ""],
                ["郑二", "丙单位", "西县", ""]]


def test_a_file_with_rows_outside_the_scope_is_refused_whole(db):
    from tests.fixtures import xlsx

    add_user(db, "east", "county_staff", county="东县")
    at = app("pages/data.py")
    at.run()
    login(at, "east")
    at.file_uploader[0].set_value([("mixed.xlsx", xlsx(MIXED_ROSTER), XLSX)]).run()
    assert not at.exception, at.exception
    refusal = errors(at)
    assert "整个文件未导入" in refusal and "西县 / 乙单位" in refusal and "西县 / 丙单位" in refusal
    assert "第 3 行" in refusal and "第 4 行" in refusal  # the rows named
    confirm = [b for b in at.button if (b.key or "").startswith("dp_confirm_")]
    assert confirm and all(b.disabled for b in confirm)
    batches = read(db, "SELECT count(*) FROM batches")
    # Its own county's file goes in, recorded under the account.
    at.file_uploader[0].set_value([("east.xlsx", xlsx(EAST_ROSTER), XLSX)]).run()
    assert not errors(at)
    next(b for b in at.button if (b.key or "").startswith("dp_confirm_")).click().run()
    assert not at.exception, at.exception
    assert read(db, "SELECT count(*) FROM batches") == [(batches[0][0] + 1,)]
    assert read(db, "SELECT imported_by FROM batches ORDER BY batch_id DESC LIMIT 1") == [("east",)]
    row = read(db, "SELECT actor, role, target, json_extract_string(detail, '$.kind') FROM audit_log "
                   "WHERE action = 'import'")
    assert row == [("east", "county_staff", str(batches[0][0] + 1), "roster")]


def test_exports_are_recorded_with_their_filters(db):
    from outreach.access import Viewer
    from outreach.filters import Filters

    con = store.connect(db)
    try:
        make = ui.auth.audited(con, Viewer("boss", "leader"), "county_members.csv", Filters(counties=("东县",)),
                               lambda: b"csv")
        assert make() == b"csv"
        [(actor, target, detail)] = con.execute(
            "SELECT actor, target, detail::VARCHAR FROM audit_log WHERE action = 'export'").fetchall()
    finally:
        con.close()
    assert (actor, target) == ("boss", "county_members.csv")
    assert json.loads(detail)["filters"]["counties"] == ["东县"]


def test_rubric_and_adjustments_need_their_rights(db):
    add_user(db, "staff", "city_staff")
    at = app("pages/evaluation.py")
    at.run()
    login(at, "staff")
    at.session_state["ev_tab"] = t("eval.tab_adjustments", "zh")
    at.run()
    assert not at.exception, at.exception
    assert t("eval.adj_submit", "zh") in [b.label for b in at.button]  # city staff adjust
    assert not [w for w in at.text_input if w.key == "ev_adj_user"]  # as themselves
    at.session_state["ev_tab"] = t("eval.tab_rubric", "zh")
    at.run()
    assert t("eval.admin", "zh") not in [e.label for e in at.expander]  # the rubric is the admin's


def test_an_oidc_sign_in_maps_to_the_local_account_by_email(db, monkeypatch):
    add_user(db, "east", "county_staff", county="东县", email="east@example.org")
    monkeypatch.setattr(ui.auth, "oidc_providers", lambda: [None])
    monkeypatch.setattr(ui.auth, "_oidc_signed_in", lambda: True)
    monkeypatch.setattr(ui.auth, "_oidc_identity", lambda: ("East@Example.org", "Someone Else"))
    at = app()
    at.run()
    assert not at.exception, at.exception
    assert not shows_login(at)
    assert {m.label: m.value for m in at.metric}["队伍人数"] == "3"
    assert read(db, "SELECT actor, json_extract_string(detail, '$.via') FROM audit_log WHERE action = 'login_ok'") \
        == [("east", "oidc")]


def test_an_oidc_identity_without_a_local_account_is_refused(db, monkeypatch):
    add_user(db, "admin", "admin")
    monkeypatch.setattr(ui.auth, "oidc_providers", lambda: [None])
    monkeypatch.setattr(ui.auth, "_oidc_signed_in", lambda: True)
    monkeypatch.setattr(ui.auth, "_oidc_identity", lambda: ("stranger@example.org", "stranger"))
    at = app()
    at.run()
    no_data(at)
    shown = errors(at).replace("\u2060", "")  # the word joiner that keeps an address from becoming a link
    assert "stranger@example.org" in shown and "没有对应的账号" in shown
    labels = [b.label for b in at.button]
    assert t("auth.sso", "zh") in labels and t("auth.sso_logout", "zh") in labels


def test_the_meeting_page_carries_the_banner_in_its_toolbar(db):
    """The slides fill the screen: no room for a banner above them, so a word in the toolbar opens it."""
    at = app("pages/meeting.py")
    at.run()
    assert not at.exception, at.exception
    badge = [p for p in at.get("popover") if t("auth.open_badge", "zh") in p.proto.popover.label]
    assert badge
    assert t("auth.open_banner", "zh") in everything(at)
    assert at.text_input(key="auth_setup_name") is not None
