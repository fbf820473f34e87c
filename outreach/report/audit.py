"""The record of unmasking: when a presenter shows names in full, or exports them so, it is written down.

Only the fact is kept (when, who said they were, which view, the filters) — never the names shown.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd

from outreach.filters import Filters

ACTIONS = ("unmask", "mask", "export")


def filters_json(f: Filters) -> str:
    """The filters as the log keeps them: months as YYYY-MM, lists as lists (empty means all); units by
    their keys ('福安市/城南镇团委'), as the filters hold them."""
    return json.dumps({
        "from": f"{f.month_from:%Y-%m}", "to": f"{f.month_to:%Y-%m}", "counties": list(f.counties),
        "units": list(f.units), "categories": list(f.categories), "roles": list(f.roles),
    }, ensure_ascii=False, sort_keys=True)


def record(con: duckdb.DuckDBPyConnection, action: str, view: str, f: Filters, actor: str | None = None) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown privacy action {action!r}")
    actor = (actor or "").strip()[:60] or None
    con.execute("INSERT INTO privacy_log (logged_at, actor, action, view, filters) VALUES (?, ?, ?, ?, ?)",
                [dt.datetime.now().replace(microsecond=0), actor, action, view, filters_json(f)])


def entries(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    return con.execute("SELECT logged_at, actor, action, view, filters FROM privacy_log "
                       "ORDER BY log_id DESC LIMIT ?", [limit]).df()
