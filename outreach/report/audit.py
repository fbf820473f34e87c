"""The record of unmasking: when a presenter shows names in full, or exports them so, it is written down.

Only the fact is kept (when, who said they were, which view, the filters) — never the names shown. With
accounts, the signed-in account is who, and the audit log (outreach.audit) gets the unmask or export too.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd

from outreach import audit as audit_log
from outreach import store
from outreach.access import Viewer
from outreach.filters import Filters
from outreach.privacy import mask_text

ACTIONS = ("unmask", "mask", "export")


def filters_json(f: Filters) -> str:
    """The filters as the log keeps them: months as YYYY-MM, lists as lists (empty means all); units by
    their keys ('福安市/城南镇团委'), as the filters hold them."""
    return json.dumps(audit_log.filters_detail(f), ensure_ascii=False, sort_keys=True)


def record(con: duckdb.DuckDBPyConnection, action: str, view: str, f: Filters, actor: str | None = None,
           account: Viewer | str | None = None) -> None:
    """Write down an unmask, a re-mask or an unmasked export. ``actor`` is the name a presenter typed (no
    accounts); ``account`` the signed-in Viewer, whose name then is the one kept, or 'cli'. When given, an
    unmask or an export also goes to the audit log (outreach.audit), in the same transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown privacy action {action!r}")
    if isinstance(account, Viewer) and account.name:
        actor = account.name  # the real account, not what was typed
    actor = mask_text((actor or "").strip())[:60] or None
    row = [dt.datetime.now().replace(microsecond=0), actor, action, view, filters_json(f)]

    def write(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("INSERT INTO privacy_log (logged_at, actor, action, view, filters) VALUES (?, ?, ?, ?, ?)", row)
        if account is not None and action in ("unmask", "export"):
            audit_log.record(con, account, action, target=view, at=row[0], view=view, filters=f,
                             unmasked=True)

    store.run_write(con, write)  # in its turn, like every write (store.run_write)


def entries(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    return con.execute("SELECT logged_at, actor, action, view, filters FROM privacy_log "
                       "ORDER BY log_id DESC LIMIT ?", [limit]).df()
