"""Local accounts (issue #12): argon2id hashes, the rules an account's role and place follow, login, the
lockout with its growing delay (on an injected clock), disabled accounts, password changes, the mapping of
an outside sign-in, and the `python -m outreach user` commands."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import pytest
from argon2 import PasswordHasher

from outreach import accounts, audit, store
from outreach.access import Viewer
from outreach.accounts import AccountError, login
from outreach.cli import main as cli_main
from tests.scope_team import fast_hashes  # noqa: F401 (the fixture, used through pytestmark)

pytestmark = pytest.mark.usefixtures("fast_hashes")  # argon2id at its cheapest, but for one test
PW = "correct horse"
T0 = dt.datetime(2024, 3, 1, 9, 0, 0)


@pytest.fixture
def con(tmp_path):
    con = store.connect(tmp_path / "acc.duckdb")
    accounts.create_user(con, "boss", "admin", PW, by=None)
    yield con
    con.close()


def _at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def _strings(con) -> str:
    """Every text and JSON value in every table of the database, as one string."""
    out = []
    tables = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()
    for (table,) in tables:
        columns = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                              "AND (data_type LIKE 'VARCHAR%' OR data_type = 'JSON')", [table]).fetchall()
        for (column,) in columns:
            out += [str(v) for (v,) in con.execute(f'SELECT "{column}" FROM "{table}"').fetchall()]
    return "\n".join(out)


# --- hashing -------------------------------------------------------------------------------------------


def test_the_stored_hash_is_argon2id_and_not_the_password(tmp_path, monkeypatch):
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher())  # the real cost parameters, once
    con = store.connect(tmp_path / "real.duckdb")
    accounts.create_user(con, "boss", "admin", "s3cret-passw0rd", by=None)
    (stored,) = con.execute("SELECT password_hash FROM users").fetchall()[0]
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "s3cret-passw0rd" not in stored and "s3cret-passw0rd" not in _strings(con)
    assert "password_hash" not in accounts.list_users(con).columns
    assert login(con, "boss", "s3cret-passw0rd").ok


def test_no_plain_password_anywhere(con):
    accounts.create_user(con, "amy", "city_staff", "13912345678x", by="boss")
    login(con, "amy", "wrong-13912345678")
    accounts.set_password(con, "amy", "13712345678y", by="boss")
    text = _strings(con)
    for secret in ("13912345678x", "wrong-13912345678", "13712345678y", "13912345678", "13712345678"):
        assert secret not in text


# --- creating accounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "county", "unit", "kept"), [
    ("admin", None, None, (None, None)),
    ("city_staff", None, None, (None, None)),
    ("county_staff", "福安市", None, ("福安市", None)),
    ("unit_staff", None, "福安市/城南镇团委", ("福安市", "福安市/城南镇团委")),
    ("unit_staff", "福安市", "福安市/城南镇团委", ("福安市", "福安市/城南镇团委")),
    ("leader", None, None, (None, None)),
    ("leader", "寿宁县", None, ("寿宁县", None)),
    ("presenter", "寿宁县", None, ("寿宁县", None)),
])
def test_places_a_role_may_have(con, role, county, unit, kept):
    accounts.create_user(con, "x", role, PW, county=county, unit=unit, by="boss")
    row = accounts.list_users(con).set_index("name").loc["x"]
    assert (row["role"], row["county"], row["unit"]) == (role, *kept)


@pytest.mark.parametrize(("role", "county", "unit", "key"), [
    ("root", None, None, "acct.err.role"),
    ("admin", "福安市", None, "acct.err.no_county_allowed"),
    ("city_staff", None, "福安市/城南镇团委", "acct.err.no_unit_allowed"),
    ("county_staff", None, None, "acct.err.county_needed"),
    ("county_staff", "福安市", "福安市/城南镇团委", "acct.err.no_unit_allowed"),
    ("unit_staff", None, None, "acct.err.unit_needed"),
    ("unit_staff", None, "城南镇团委", "acct.err.unit_without_county"),
    ("unit_staff", "寿宁县", "福安市/城南镇团委", "acct.err.county_mismatch"),
    ("leader", None, "福安市/城南镇团委", "acct.err.no_unit_allowed"),
    ("presenter", "福安/市", None, "acct.err.county_invalid"),
])
def test_places_a_role_may_not_have(con, role, county, unit, key):
    with pytest.raises(AccountError) as refused:
        accounts.create_user(con, "x", role, PW, county=county, unit=unit, by="boss")
    assert refused.value.key == key
    assert refused.value.message("zh") and refused.value.message("en")
    assert not (accounts.list_users(con)["name"] == "x").any()


@pytest.mark.parametrize(("name", "password", "key"), [
    ("amy", "short", "acct.err.password_short"),
    ("amy", "1234567", "acct.err.password_short"),
    ("longname1", "LongName1", "acct.err.password_is_name"),
    ("amy", "x" * 1025, "acct.err.password_long"),
    ("", PW, "acct.err.name_empty"),
    ("13812345678", PW, "acct.err.name_invalid"),  # a phone as the name would land in the audit log
    ("a\x00b", PW, "acct.err.name_invalid"),
    ("cli", PW, "acct.err.name_reserved"),
    ("boss", PW, "acct.err.name_taken"),
])
def test_names_and_the_password_policy(con, name, password, key):
    with pytest.raises(AccountError) as refused:
        accounts.create_user(con, name, "city_staff", password, by="boss")
    assert refused.value.key == key


def test_eight_characters_are_enough_and_emails_are_unique(con):
    accounts.create_user(con, "amy", "city_staff", "12345678", email="Amy@Example.org", by="boss")
    with pytest.raises(AccountError) as refused:
        accounts.create_user(con, "bob", "city_staff", PW, email="amy@example.org ", by="boss")
    assert refused.value.key == "acct.err.email_taken"
    with pytest.raises(AccountError, match="not an e-mail"):
        accounts.create_user(con, "bob", "city_staff", PW, email="bob at example", by="boss")


def test_only_an_admin_manages_accounts(con):
    accounts.create_user(con, "amy", "city_staff", PW, by="boss")
    for change in (lambda: accounts.create_user(con, "bob", "leader", PW, by="amy"),
                   lambda: accounts.disable_user(con, "boss", by="amy"),
                   lambda: accounts.unlock_user(con, "boss", by="amy"),
                   lambda: accounts.set_password(con, "boss", "another one", by="amy"),
                   lambda: accounts.create_user(con, "bob", "leader", PW, by="nobody")):
        with pytest.raises(AccountError) as refused:
            change()
        assert refused.value.key == "acct.err.not_admin"


def test_first_admin_setup_only_while_there_is_no_account(tmp_path):
    con = store.connect(tmp_path / "new.duckdb")
    assert not accounts.any_accounts(con)
    viewer = accounts.create_first_admin(con, "boss", PW)
    assert viewer == Viewer("boss", "admin")
    assert accounts.any_accounts(con)
    with pytest.raises(AccountError) as refused:
        accounts.create_first_admin(con, "eve", PW)
    assert refused.value.key == "acct.err.already_accounts"
    row = audit.listing(con, action="user_create").iloc[0]
    assert (row["actor"], row["role"], row["target"]) == (None, "open", "boss")
    assert json.loads(row["detail"])["first_admin"] is True


# --- login ---------------------------------------------------------------------------------------------


def test_login_ok_and_failed(con):
    accounts.create_user(con, "fa", "county_staff", PW, county="福安市", can_unmask=True, by="boss")
    result = login(con, "fa", PW, now=T0)
    assert result.ok and result.reason is None and result.retry_after is None
    assert result.viewer == Viewer("fa", "county_staff", "福安市", None, True)
    wrong = login(con, "fa", "not it at all", now=T0)
    assert (wrong.ok, wrong.viewer, wrong.reason, wrong.retry_after) == (False, None, "login.err.invalid", None)
    unknown = login(con, "nobody", PW, now=T0)
    assert (unknown.ok, unknown.reason) == (False, "login.err.invalid")  # same answer as a wrong password
    assert unknown.message("zh") == wrong.message("zh") == "账号或密码不正确。"
    assert accounts.list_users(con).set_index("name").loc["fa", "last_login_at"] == T0


def test_the_lockout_sequence(con):
    accounts.create_user(con, "amy", "city_staff", PW, by="boss")
    for n in range(1, 5):  # failures 1–4: no delay
        result = login(con, "amy", "wrong", now=_at(n))
        assert (result.reason, result.retry_after) == ("login.err.invalid", None), n
    fifth = login(con, "amy", "wrong", now=_at(10))
    assert (fifth.reason, fifth.retry_after) == ("login.err.wait", 30)
    assert fifth.message("zh") == "登录失败次数过多，请 30 秒后再试。"
    # During the wait even the right password is refused, unread, and the attempt counts: 6 → 60 s.
    sixth = login(con, "amy", PW, now=_at(20))
    assert (sixth.ok, sixth.reason, sixth.retry_after) == (False, "login.err.wait", 60)
    seventh = login(con, "amy", PW, now=_at(79))  # 20 + 60 is not reached yet
    assert (seventh.ok, seventh.retry_after) == (False, 120)
    users = accounts.list_users(con).set_index("name")
    assert users.loc["amy", "failed_count"] == 7 and users.loc["amy", "locked_until"] == _at(199)
    # After the wait the password is checked again: wrong → 8 (240 s), 9 (480 s), 10 → locked.
    eighth = login(con, "amy", "wrong", now=_at(199))
    assert eighth.retry_after == 240
    ninth = login(con, "amy", "wrong", now=_at(199 + 240))
    assert ninth.retry_after == 480
    tenth = login(con, "amy", "wrong", now=_at(199 + 240 + 480))
    assert (tenth.reason, tenth.retry_after) == ("login.err.locked", None)
    # Locked: no wait ends it, the right password does not open it, an outside sign-in does not map.
    later = login(con, "amy", PW, now=_at(86_400 * 30))
    assert (later.ok, later.reason) == (False, "login.err.locked")
    assert accounts.viewer_for(con, name="amy") is None
    accounts.unlock_user(con, "amy", by="boss")
    assert login(con, "amy", PW, now=_at(86_400 * 31)).ok
    assert accounts.list_users(con).set_index("name").loc["amy", "failed_count"] == 0


def test_the_delay_doubles_up_to_an_hour():
    assert [accounts.delay_after(n) for n in range(1, 12)] == [0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920]
    assert accounts.delay_after(12) == 3600 and accounts.delay_after(40) == 3600


def test_a_success_resets_the_count(con):
    accounts.create_user(con, "amy", "city_staff", PW, by="boss")
    for n in range(4):
        login(con, "amy", "wrong", now=_at(n))
    assert login(con, "amy", PW, now=_at(5)).ok
    for n in range(4):
        assert login(con, "amy", "wrong", now=_at(10 + n)).retry_after is None


def test_a_password_reset_by_an_admin_clears_the_lock(con):
    accounts.create_user(con, "amy", "city_staff", PW, by="boss")
    for n in range(10):
        login(con, "amy", "wrong", now=_at(n * 4000))
    assert login(con, "amy", PW, now=_at(50_000)).reason == "login.err.locked"
    accounts.set_password(con, "amy", "a brand new one", by="boss")
    assert login(con, "amy", "a brand new one", now=_at(50_001)).ok


def test_a_disabled_user(con):
    accounts.create_user(con, "amy", "leader", PW, email="amy@example.org", by="boss")
    accounts.disable_user(con, "amy", by="boss")
    assert login(con, "amy", PW).reason == "login.err.disabled"
    assert login(con, "amy", "wrong").reason == "login.err.invalid"  # no hint to a guesser
    assert accounts.viewer_for(con, name="amy") is None and accounts.viewer_for(con, email="amy@example.org") is None
    assert accounts.list_users(con).set_index("name").loc["amy", "failed_count"] == 1  # throttled like any
    accounts.enable_user(con, "amy", by="boss")
    assert login(con, "amy", PW).ok


def test_the_last_admin_cannot_be_disabled(con):
    with pytest.raises(AccountError) as refused:
        accounts.disable_user(con, "boss", by="boss")
    assert refused.value.key == "acct.err.last_admin"
    accounts.create_user(con, "boss2", "admin", PW, by="boss")
    accounts.disable_user(con, "boss", by="boss2")
    assert login(con, "boss", PW).reason == "login.err.disabled"


def test_changing_ones_own_password(con):
    accounts.create_user(con, "amy", "city_staff", PW, by="boss")
    with pytest.raises(AccountError, match="needs the current one"):
        accounts.set_password(con, "amy", "new password", by="amy")
    with pytest.raises(AccountError) as refused:
        accounts.set_password(con, "amy", "new password", by="amy", old_password="wrong")
    assert refused.value.key == "acct.err.old_password"
    with pytest.raises(AccountError, match="cannot be the account name"):
        accounts.set_password(con, "amy", "AMY     ", by="amy", old_password=PW)
    accounts.set_password(con, "amy", "new password", by="amy", old_password=PW)
    assert login(con, "amy", "new password").ok and not login(con, "amy", PW).ok
    row = audit.listing(con, action="password_change").iloc[0]
    assert (row["actor"], row["target"], json.loads(row["detail"])["own"]) == ("amy", "amy", True)


# --- outside sign-in, sessions -------------------------------------------------------------------------


def test_viewer_for_maps_by_email_or_name(con):
    accounts.create_user(con, "张晓明", "unit_staff", PW, unit="福安市/城南镇团委", email="zxm@city.gov.cn", by="boss")
    expected = Viewer("张晓明", "unit_staff", "福安市", "福安市/城南镇团委", False)
    assert accounts.viewer_for(con, email="ZXM@city.gov.cn") == expected
    assert accounts.viewer_for(con, name="张晓明") == expected
    assert accounts.viewer_for(con, name="张晓明", email="other@city.gov.cn") == expected
    assert accounts.viewer_for(con, email="nobody@city.gov.cn") is None
    assert accounts.viewer_for(con) is None and accounts.viewer_for(con, name=" ") is None


def test_session_idle_seconds(monkeypatch):
    monkeypatch.delenv("OUTREACH_SESSION_IDLE_HOURS", raising=False)
    assert accounts.session_idle_seconds() == 8 * 3600
    monkeypatch.setenv("OUTREACH_SESSION_IDLE_HOURS", "0.5")
    assert accounts.session_idle_seconds() == 1800
    for bad in ("0", "-1", "soon", "inf", "nan"):
        monkeypatch.setenv("OUTREACH_SESSION_IDLE_HOURS", bad)
        with pytest.raises(ValueError):
            accounts.session_idle_seconds()


# --- the command line ----------------------------------------------------------------------------------


def _cli(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli_main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_user_commands(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "sub" / "cli.duckdb")
    code, out, _ = _cli(monkeypatch, capsys, "user", "add", "boss", "--role", "admin", "--password-stdin",
                        "--db", db, stdin=PW + "\n")
    assert code == 0 and "已创建账号「boss」（管理员）" in out
    code, out, err = _cli(monkeypatch, capsys, "user", "add", "fa", "--role", "county_staff", "--county", "福安市",
                          "--email", "fa@x.cn", "--can-unmask", "--password-stdin", "--db", db, stdin="fa-password\n")
    assert code == 0 and "数据中还没有「福安市」" in err  # a warning: accounts may come before their data
    code, out, _ = _cli(monkeypatch, capsys, "user", "list", "--json", "--db", db)
    users = {u["name"]: u for u in json.loads(out)}
    assert code == 0 and set(users) == {"boss", "fa"}
    assert users["fa"]["county"] == "福安市" and users["fa"]["can_unmask"] is True
    assert "password_hash" not in users["fa"]
    code, out, _ = _cli(monkeypatch, capsys, "user", "list", "--db", db)
    assert "fa\t县区工作人员\t福安市\t正常" in out
    assert _cli(monkeypatch, capsys, "user", "disable", "fa", "--db", db)[:2] == (0, "已停用账号「fa」。\n")
    assert _cli(monkeypatch, capsys, "user", "enable", "fa", "--db", db)[0] == 0
    assert _cli(monkeypatch, capsys, "user", "unlock", "fa", "--db", db)[0] == 0
    assert _cli(monkeypatch, capsys, "user", "passwd", "fa", "--password-stdin", "--db", db,
                stdin="brand-new-pw\r\n")[0] == 0
    con = store.connect(db)
    assert login(con, "fa", "brand-new-pw").ok
    log = audit.listing(con)
    cli_rows = log[log["actor"] == "cli"]
    assert set(cli_rows["action"]) == {"user_create", "user_disable", "user_enable", "user_unlock", "password_change"}
    assert set(cli_rows["role"]) == {"cli"}
    con.close()


@pytest.mark.parametrize(("argv", "stdin", "message"), [
    (("user", "add", "x", "--role", "county_staff", "--password-stdin"), PW, "需要指定县区"),
    (("user", "add", "x", "--role", "root", "--password-stdin"), PW, "没有角色「root」"),
    (("user", "add", "x", "--role", "admin"), PW, "--password-stdin"),
    (("user", "add", "x", "--role", "admin", "--password-stdin"), "", "没有读到密码"),
    (("user", "add", "x", "--role", "admin", "--password-stdin"), "short", "至少要 8 个字符"),
    (("user", "add", "boss", "--role", "admin", "--password-stdin"), PW, "已存在"),
    (("user", "disable", "nobody"), "", "没有账号「nobody」"),
    (("user", "disable", "boss"), "", "最后一个"),
    (("user", "add", "longername", "--role", "admin", "--password-stdin"), "LongerName", "不能与账号名相同"),
    (("user", "passwd", "boss", "--password-stdin"), "1234567", "至少要 8 个字符"),
])
def test_cli_refusals_exit_2_in_chinese(tmp_path, monkeypatch, capsys, argv, stdin, message):
    db = str(tmp_path / "cli.duckdb")
    con = store.connect(db)
    accounts.create_user(con, "boss", "admin", PW, by=None)
    con.close()
    code, _, err = _cli(monkeypatch, capsys, *argv, "--db", db, stdin=stdin + "\n" if stdin else "")
    assert code == 2
    assert message in err


def test_cli_in_a_real_process_reads_the_password_from_stdin(tmp_path):
    db = tmp_path / "proc.duckdb"
    run = subprocess.run([sys.executable, "-m", "outreach", "user", "add", "boss", "--role", "admin",
                          "--password-stdin", "--db", str(db)], input="a long enough secret\n",
                         capture_output=True, text=True, cwd=store.ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "a long enough secret" not in run.stdout + run.stderr
    con = store.connect(db)
    assert login(con, "boss", "a long enough secret").ok
    con.close()
