"""The audit log (issue #12): append-only through the API, filtered listings, and never personal data —
no password, phone number or WeChat name, whatever is typed into a login form or a detail."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re

import pytest

from outreach import accounts, audit, store
from outreach.access import OPEN, Viewer
from outreach.filters import Filters
from outreach.report import audit as privacy_audit
from tests.scope_team import fast_hashes  # noqa: F401 (the fixture, used through pytestmark)

pytestmark = pytest.mark.usefixtures("fast_hashes")
PW = "correct horse"
PHONE, OTHER_PHONE = "13812345678", "13987654321"
LEADER = Viewer("lead", "leader", "福安市")


@pytest.fixture
def con(tmp_path):
    con = store.connect(tmp_path / "audit.duckdb")
    accounts.create_user(con, "boss", "admin", PW, by=None)
    yield con
    con.close()


def _everything(con) -> str:
    rows = con.execute('SELECT "at"::VARCHAR, actor, role, action, target, detail::VARCHAR FROM audit_log').fetchall()
    return "\n".join(" ".join(str(v) for v in row) for row in rows)


def test_record_and_listing(con):
    audit.record(con, LEADER, "export", target="meeting-pptx", at=dt.datetime(2024, 5, 1, 10),
                 filters=Filters(dt.date(2014, 5, 1), dt.date(2014, 9, 1), ("福安市",)), view="pptx")
    audit.record(con, "boss", "rubric_change", at=dt.datetime(2024, 5, 2, 10), version=3)
    audit.record(con, audit.CLI, "import", target="福安8月.xlsx", ok=False, at=dt.datetime(2024, 5, 3, 10), batch=7)
    log = audit.listing(con)
    assert list(log.columns) == audit.COLUMNS
    assert list(log["action"][:3]) == ["import", "rubric_change", "export"]  # newest first
    export = log[log["action"] == "export"].iloc[0]
    assert (export["actor"], export["role"], export["target"], bool(export["ok"])) == (
        "lead", "leader", "meeting-pptx", True)
    assert json.loads(export["detail"]) == {"view": "pptx", "filters": {
        "from": "2014-05", "to": "2014-09", "counties": ["福安市"], "units": [], "categories": [], "roles": []}}
    assert audit.listing(con, actor="boss")["action"].tolist() == ["rubric_change"]
    assert audit.listing(con, actor="cli", action="import")["ok"].tolist() == [False]
    assert audit.listing(con, actor="cli")["role"].tolist() == ["cli"]
    days = audit.listing(con, since=dt.date(2024, 5, 2), until=dt.date(2024, 5, 2))
    assert days["action"].tolist() == ["rubric_change"]  # a date means the whole day, both ends
    assert audit.listing(con, since=dt.datetime(2024, 5, 2, 10, 0, 1), until=dt.date(2024, 5, 3))[
        "action"].tolist() == ["import"]
    assert len(audit.listing(con, limit=2)) == 2


def test_an_unknown_action_is_refused(con):
    with pytest.raises(ValueError):
        audit.record(con, "boss", "delete_evidence")


def test_no_function_changes_or_removes_a_row(con):
    public = [name for name, obj in inspect.getmembers(audit, callable) if not name.startswith("_")
              and getattr(obj, "__module__", None) == audit.__name__]
    assert set(public) == {"record", "listing", "filters_detail"}
    assert not [n for n in dir(audit) if re.search(r"update|delete|remove|clear|edit|purge|truncate|drop|erase|"
                                                   r"change|modify|replace|rewrite|set_", n, re.IGNORECASE)]
    audit.record(con, "boss", "rubric_change", version=1)
    before = audit.listing(con)
    copy = audit.listing(con)
    copy.loc[:, "actor"] = "someone else"  # the listing is a copy
    copy.loc[:, "ok"] = False
    audit.record(con, "boss", "rubric_change", version=2)  # a later row appends, leaves earlier ones be
    after = audit.listing(con)
    assert len(after) == len(before) + 1
    assert after.iloc[1:].reset_index(drop=True).equals(before)


def test_a_login_with_a_phone_like_name_or_password_never_stores_it(con):
    accounts.login(con, PHONE, OTHER_PHONE)  # a phone typed as the name, another as the password
    accounts.login(con, "boss", OTHER_PHONE)  # a real name, a phone as a wrong password
    accounts.login(con, f"{PHONE} ", PW)
    accounts.login(con, "boss", PW)
    accounts.create_user(con, "amy", "city_staff", f"pw-{PHONE}", by="boss")
    accounts.set_password(con, "amy", f"pw-{OTHER_PHONE}", by="amy", old_password=f"pw-{PHONE}")
    text = _everything(con)
    for secret in (PHONE, OTHER_PHONE, PHONE[3:7], OTHER_PHONE[3:7], PW, "pw-"):
        assert secret not in text
    failed = audit.listing(con, action="login_failed")
    assert failed["actor"].isna().sum() == 2  # the names that are no account are not kept at all
    assert set(failed["actor"].dropna()) == {"boss"}


def test_details_that_would_hold_personal_data_are_refused_or_masked(con):
    for key in ("password", "new_password", "phone", "手机号", "wechat", "token"):
        with pytest.raises(ValueError):
            audit.record(con, "boss", "import", **{key: "x"})
    audit.record(con, LEADER, "import", target=f"花名册 {PHONE}.xlsx",
                 note="联系 138 1234 5678，身份证 350211199001011234", rows=[f"x{PHONE}"], nested={"a": PHONE})
    text = _everything(con)
    assert "1234 5678" not in text and PHONE not in text and "350211199001011234" not in text
    assert "138****5678" in text and "3502**********1234" in text


def test_unmask_and_export_are_recorded_with_the_real_account(con):
    f = Filters(dt.date(2014, 5, 1), dt.date(2014, 9, 1), units=("福安市/城南镇团委",))
    granted = Viewer("pres", "presenter", "福安市", can_unmask=True)
    privacy_audit.record(con, "unmask", "slides", f, "<img src=x onerror=alert(1)>", account=granted)
    privacy_audit.record(con, "export", "pptx", f, None, account=granted)
    privacy_audit.record(con, "mask", "slides", f, None, account=granted)
    privacy_audit.record(con, "unmask", "slides", f, "张三")  # no accounts: as before, the typed name only
    privacy_audit.record(con, "export", "cli-pdf", f, "王五", account=audit.CLI)
    kept = con.execute("SELECT actor, action, view FROM privacy_log ORDER BY log_id").fetchall()
    assert kept == [("pres", "unmask", "slides"), ("pres", "export", "pptx"), ("pres", "mask", "slides"),
                    ("张三", "unmask", "slides"), ("王五", "export", "cli-pdf")]
    log = audit.listing(con).iloc[::-1]
    rows = log[log["action"].isin(["unmask", "export"])][["actor", "role", "action", "target"]]
    assert rows.values.tolist() == [["pres", "presenter", "unmask", "slides"], ["pres", "presenter", "export", "pptx"],
                                    ["cli", "cli", "export", "cli-pdf"]]
    detail = json.loads(log[log["action"] == "export"].iloc[0]["detail"])
    assert detail["filters"]["units"] == ["福安市/城南镇团委"] and detail["view"] == "pptx"


def test_open_mode_is_recorded_as_open(con):
    audit.record(con, OPEN, "import", target="x.xlsx")
    row = audit.listing(con, action="import").iloc[0]
    assert row["actor"] is None and row["role"] == "open"


def test_a_record_inside_a_write_rolls_back_with_it(con):
    def failing(c):
        audit.record(c, "boss", "undo", target=3)
        raise RuntimeError("the undo failed")

    with pytest.raises(RuntimeError):
        store.run_write(con, failing)
    assert audit.listing(con, action="undo").empty
