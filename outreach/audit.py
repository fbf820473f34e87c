"""The audit log: who did what, when, and whether it was allowed. Append-only.

This module writes rows (:func:`record`) and reads them (:func:`listing`); there is deliberately no
function that changes or removes one. A row never holds personal data: no password, phone number or
WeChat name is accepted as a detail (a detail key that names one is a bug and raises), every text is
masked with outreach.privacy.mask_text (phone and ID numbers inside it), and a failed login with a name
that belongs to no account records no name at all (people type passwords into the name field). Unit
keys, batch ids, masked file names, account names and filter values are what a row carries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping

import duckdb
import pandas as pd

from outreach import store
from outreach.access import Viewer
from outreach.privacy import mask_text

ACTIONS = (
    "login_ok", "login_failed", "logout",
    "import", "undo", "adjustment", "rubric_change", "campaign_change", "export", "unmask",
    "user_create", "user_disable", "user_enable", "user_unlock", "password_change",
)
CLI = "cli"  # the actor of everything done through `python -m outreach`
TEXT_MAX = 200  # characters kept of one text value
ACTOR_MAX = 60
# Detail keys that would carry secrets or a person's contact details: refused, whatever the value.
_FORBIDDEN_KEY = re.compile(r"pass|pwd|secret|token|hash|phone|mobile|wechat|weixin|微信|手机|电话|密码",
                            re.IGNORECASE)
COLUMNS = ["log_id", "at", "actor", "role", "action", "target", "detail", "ok"]


def record(con: duckdb.DuckDBPyConnection, viewer_or_name: object, action: str, *, target: object = None,
           ok: bool = True, at: dt.datetime | None = None, **detail: object) -> None:
    """Append one row. ``viewer_or_name`` is an outreach.access.Viewer (its name and role are kept), an
    account name or 'cli' (the role is looked up), or None (nobody known). ``target`` is what was acted
    on (an account name, a batch id, a unit key, a file name); ``detail`` is what else matters (which
    export, which filters: a Filters is kept as its values). Written through store.run_write: part of
    the caller's write when called inside one (so it commits or rolls back with it), its own otherwise."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    clean = _clean(detail)
    when = (at or dt.datetime.now()).replace(microsecond=0)
    shown_target = None if target is None else mask_text(str(target))[:TEXT_MAX]
    text = json.dumps(clean, ensure_ascii=False, sort_keys=True) if clean else None

    def write(con: duckdb.DuckDBPyConnection) -> None:
        actor, role = _actor(con, viewer_or_name)
        con.execute('INSERT INTO audit_log ("at", actor, role, action, target, detail, ok) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", [when, actor, role, action, shown_target, text, bool(ok)])

    store.run_write(con, write)


def _actor(con: duckdb.DuckDBPyConnection, who: object) -> tuple[str | None, str | None]:
    if who is None:
        return None, None
    if isinstance(who, Viewer):
        return (None if who.name is None else mask_text(who.name)[:ACTOR_MAX]), who.role
    name = mask_text(str(who)).strip()[:ACTOR_MAX] or None
    if name == CLI:
        return CLI, CLI
    rows = con.execute("SELECT role FROM users WHERE name = ?", [name]).fetchall() if name else []
    return name, (rows[0][0] if rows else None)


def filters_detail(f: object) -> dict[str, object]:
    """A Filters as the logs keep it: months as YYYY-MM, lists as lists (empty means all), units by key."""
    return {
        "from": f"{f.month_from:%Y-%m}", "to": f"{f.month_to:%Y-%m}", "counties": list(f.counties),
        "units": list(f.units), "categories": list(f.categories), "roles": list(f.roles),
    }


def _clean(value: object) -> object:
    """A detail value as the log may keep it: numbers and booleans as they are, text masked and cut,
    dates as ISO text, a Filters as its values, mappings and lists value by value."""
    from outreach.filters import Filters

    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return mask_text(value)[:TEXT_MAX]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Filters):
        return _clean(filters_detail(value))
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if _FORBIDDEN_KEY.search(str(key)):
                raise ValueError(f"audit detail {key!r} would hold personal data or a secret")
            out[mask_text(str(key))[:TEXT_MAX]] = _clean(item)
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [_clean(v) for v in items]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _clean(dataclasses.asdict(value))
    return mask_text(str(value))[:TEXT_MAX]


def listing(con: duckdb.DuckDBPyConnection, *, actor: str | None = None, action: str | None = None,
            since: dt.date | dt.datetime | None = None, until: dt.date | dt.datetime | None = None,
            limit: int | None = None) -> pd.DataFrame:
    """The log, newest first (columns :data:`COLUMNS`), optionally for one actor and one action, from
    ``since`` to ``until`` (both inclusive; a date means that whole day). ``detail`` is JSON text. A
    copy: changing the frame changes nothing."""
    where, params = [], []
    if actor is not None:
        where.append("actor = ?")
        params.append(actor)
    if action is not None:
        where.append("action = ?")
        params.append(action)
    if since is not None:
        where.append('"at" >= ?')
        params.append(since if isinstance(since, dt.datetime) else dt.datetime.combine(since, dt.time()))
    if until is not None:
        if isinstance(until, dt.datetime):
            where.append('"at" <= ?')
            params.append(until)
        else:
            where.append('"at" < ?')
            params.append(dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
    sql = 'SELECT log_id, "at", actor, role, action, target, detail::VARCHAR AS detail, ok FROM audit_log'
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY log_id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, params).df()
